#!/usr/bin/env bash
# End-to-end: `firn run` writes the sample stream, `firn parquet inspect` and `cat` read a
# produced file back. Usage: cli_run_inspect_test.sh FIRN_BINARY SCRATCH_DIR
set -euo pipefail
firn=$1
tmp=$2
rm -rf "$tmp"
mkdir -p "$tmp"

fail() { echo "FAIL: $*" >&2; exit 1; }
expect() {  # expect PATTERN FILE: an extended regex must match a line of FILE
  grep -Eq -- "$1" "$2" || { echo "--- $2:" >&2; cat "$2" >&2; fail "no line matches /$1/ in $2"; }
}

# The demo, with a small stream; no TTY, so no progress line.
"$firn" run --events 20000 --warehouse "$tmp/wh" >"$tmp/run.out" 2>"$tmp/run.err" ||
  fail "firn run exited $?: $(cat "$tmp/run.err")"
expect "runs the built-in sample stream" "$tmp/run.out"
expect "No Iceberg table is created or committed" "$tmp/run.out"
expect "^  events +20,000$" "$tmp/run.out"
expect "^  files +1: " "$tmp/run.out"
expect "^  events/s +[0-9,]+" "$tmp/run.out"
expect "^  input MB/s +[0-9.]+" "$tmp/run.out"
[ ! -s "$tmp/run.err" ] || fail "unexpected stderr: $(cat "$tmp/run.err")"

files=("$tmp"/wh/demo/events/data/*.parquet)
[ "${#files[@]}" -eq 1 ] || fail "expected 1 file, found ${#files[@]}"
file=${files[0]}

"$firn" parquet inspect "$file" >"$tmp/inspect.txt"
expect "^rows +20,000$" "$tmp/inspect.txt"
expect "^created_by +firn version" "$tmp/inspect.txt"
expect "^message event \{$" "$tmp/inspect.txt"
expect "^  optional fixed_len_byte_array\(16\) event_id = 1 \(UUID\);$" "$tmp/inspect.txt"
expect "^  optional int64 event_time = 2 \(TIMESTAMP\(MICROS,true\)\);$" "$tmp/inspect.txt"
expect "^  optional group tags = 10 \(LIST\) \{$" "$tmp/inspect.txt"
expect "^      optional binary element = 13 \(STRING\);$" "$tmp/inspect.txt"
expect "^row group 0: 20,000 rows" "$tmp/inspect.txt"
# event_time's chunk: zstd, and bounds rendered as timestamps of the stream's first second.
expect "^  event_time +ZSTD .* 2026-11-24T00:00:00\.001133Z +2026-11-24T00:00:" "$tmp/inspect.txt"
expect "^  tags\.list\.element +ZSTD" "$tmp/inspect.txt"

"$firn" parquet inspect --format json "$file" >"$tmp/inspect.json"
expect '"num_rows":20000' "$tmp/inspect.json"
expect '"path":"device.os","field_id":11,"physical_type":"binary","logical_type":"STRING","codec":"ZSTD"' "$tmp/inspect.json"
[ "$(wc -l <"$tmp/inspect.json")" -eq 1 ] || fail "JSON output is not one line"

"$firn" parquet cat --limit 2 "$file" >"$tmp/cat.out"
[ "$(wc -l <"$tmp/cat.out")" -eq 2 ] || fail "cat --limit 2 printed $(wc -l <"$tmp/cat.out") lines"
expect '^\{"event_id":"beeb8da1-658e-4c67-b893-a2eefb32555e","event_time":"2026-11-24T00:00:00\.001133Z","user_id":762411,' "$tmp/cat.out"
expect '"device":\{"os":"Android","version":"13\.0\.6"\},"tags":\["campaign-q4","family","mobile"\]\}$' "$tmp/cat.out"

# Rolling: files roll after the batch (65,536 rows, ~2.7 MB compressed) that takes them
# past the target, so a 1 MiB target gives one file per batch: 4 for 200,000 events.
"$firn" run --events 200000 --warehouse "$tmp/wh2" --target-file-size 1MiB >"$tmp/run2.out"
expect "^  files +4: " "$tmp/run2.out"
files=("$tmp"/wh2/demo/events/data/*.parquet)
[ "${#files[@]}" -eq 4 ] || fail "expected 4 files at 1MiB, found ${#files[@]}"
total=0
for f in "${files[@]}"; do
  rows=$("$firn" parquet inspect --format json "$f" | grep -Eo '"num_rows":[0-9]+' | head -1 | cut -d: -f2)
  total=$((total + rows))
done
[ "$total" -eq 200000 ] || fail "files hold $total rows, expected 200000"

echo "ok"
