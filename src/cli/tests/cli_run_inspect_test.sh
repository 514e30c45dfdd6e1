#!/usr/bin/env bash
# End-to-end: `firn run` (the demo: mock Kafka in-process -> demo.events, exactly once),
# then the table and its files are read back with `firn scan`, `firn inspect` and
# `firn parquet inspect|cat`. Usage: cli_run_inspect_test.sh FIRN_BINARY SCRATCH_DIR
set -euo pipefail
firn=$1
tmp=$2
rm -rf "$tmp"
mkdir -p "$tmp"

fail() { echo "FAIL: $*" >&2; exit 1; }
expect() {  # expect PATTERN FILE: an extended regex must match a line of FILE
  grep -Eq -- "$1" "$2" || { echo "--- $2:" >&2; cat "$2" >&2; fail "no line matches /$1/ in $2"; }
}

# The demo with a small stream; no TTY, so no status line, but commits are logged.
"$firn" run --events 20000 --warehouse "$tmp/wh" >"$tmp/run.out" 2>"$tmp/run.err" ||
  fail "firn run exited $?: $(cat "$tmp/run.err")"
expect "the built-in demo" "$tmp/run.out"
expect "mock cluster at 127\.0\.0\.1:[0-9]+" "$tmp/run.out"
expect "^  records read +20,000$" "$tmp/run.out"
expect "^  records committed +20,000$" "$tmp/run.out"
expect "^  dead-lettered +0$" "$tmp/run.out"
expect "created table demo\.events" "$tmp/run.err"
expect "^commit \((interval|end of input)\): 1 snapshot" "$tmp/run.err"

# Every event exactly once: 20,000 rows, 20,000 distinct event ids.
"$firn" scan demo.events --warehouse "$tmp/wh" --columns event_id --format csv >"$tmp/ids.csv"
[ "$(tail -n +2 "$tmp/ids.csv" | wc -l)" -eq 20000 ] || fail "scan gave $(tail -n +2 "$tmp/ids.csv" | wc -l) rows"
[ "$(tail -n +2 "$tmp/ids.csv" | sort -u | wc -l)" -eq 20000 ] || fail "duplicate event ids"

# The snapshot summary carries the offsets and watermarks.
"$firn" inspect demo.events snapshots --warehouse "$tmp/wh" --format jsonl >"$tmp/snapshots.jsonl"
expect 'firn\.kafka\.offsets\.firn-demo-[0-9a-f]+' "$tmp/snapshots.jsonl"
expect 'firn\.watermark\.event-time-ms' "$tmp/snapshots.jsonl"
expect 'firn\.watermark\.source-timestamp-ms' "$tmp/snapshots.jsonl"
# Offsets sum to the events: the last snapshot's map covers all 8 partitions.
last_offsets=$(tail -1 "$tmp/snapshots.jsonl" | grep -Eo 'firn\.kafka\.offsets\.[^"]*\\?":\\?"[^}]*\}' | head -1)
[ -n "$last_offsets" ] || fail "no offsets in the last snapshot"

files=("$tmp"/wh/demo/events/data/*/*.parquet)
[ "${#files[@]}" -ge 1 ] || fail "no data files under demo/events/data/<partition>/"
file=${files[0]}
case "$file" in */event_time_day=2026-11-24/*) ;; *) fail "not partitioned by day(event_time): $file" ;; esac

"$firn" parquet inspect "$file" >"$tmp/inspect.txt"
expect "^created_by +firn version" "$tmp/inspect.txt"
expect "^  optional fixed_len_byte_array\(16\) event_id = 1 \(UUID\);$" "$tmp/inspect.txt"
expect "^  optional int64 event_time = 2 \(TIMESTAMP\(MICROS,true\)\);$" "$tmp/inspect.txt"
expect "^  optional group tags = 10 \(LIST\) \{$" "$tmp/inspect.txt"
expect "^  event_time +ZSTD .* 2026-11-24T00:00:" "$tmp/inspect.txt"

"$firn" parquet cat --limit 2 "$file" >"$tmp/cat.out"
[ "$(wc -l <"$tmp/cat.out")" -eq 2 ] || fail "cat --limit 2 printed $(wc -l <"$tmp/cat.out") lines"
expect '^\{"event_id":"[0-9a-f-]{36}","event_time":"2026-11-24T00:00:[0-9.]+Z","user_id":[0-9]+,' "$tmp/cat.out"

# --check validates without running; a broken config names the key and line.
printf '[source]\ntype = "kafka"\ntopics = ["t"]\ngroup-id = "g"\n[source.kafka]\n"bootstrap.servers" = "127.0.0.1:1"\n[sink]\ntable = "db.t"\n' >"$tmp/ok.toml"
"$firn" run --check -c "$tmp/ok.toml" >"$tmp/check.out"
expect "ok\.toml: ok" "$tmp/check.out"
printf '[commit]\ninterval-ms = "soon"\n' >"$tmp/bad.toml"
if "$firn" run --check -c "$tmp/bad.toml" 2>"$tmp/check.err"; then fail "--check accepted a bad config"; fi
expect "bad\.toml:2:.*commit\.interval-ms" "$tmp/check.err"

# A file source is exactly once too: a second run over the same file appends nothing.
"$firn" scan demo.events --warehouse "$tmp/wh" --limit 500 --format jsonl >"$tmp/some.ndjson"
printf '[catalog]\nwarehouse = "%s"\n[source]\ntype = "file"\npaths = ["%s"]\n[sink]\ntable = "demo.copy"\n[table-defaults]\nauto-create = true\n' \
  "$tmp/wh" "$tmp/some.ndjson" >"$tmp/file.toml"
"$firn" run -c "$tmp/file.toml" >"$tmp/file1.out" 2>"$tmp/file1.err" || fail "file run: $(cat "$tmp/file1.err")"
expect "^  records committed +500$" "$tmp/file1.out"
"$firn" run -c "$tmp/file.toml" >"$tmp/file2.out" 2>"$tmp/file2.err" || fail "file rerun: $(cat "$tmp/file2.err")"
expect "^  records read +0$" "$tmp/file2.out"    # it starts at the end the table holds
expect "^  records committed +0$" "$tmp/file2.out"
size=$(stat -c %s "$tmp/some.ndjson")
expect "some\.ndjson/0 @ $size" "$tmp/file2.err"
[ "$("$firn" scan demo.copy --warehouse "$tmp/wh" --format jsonl | wc -l)" -eq 500 ] || fail "demo.copy does not hold 500 rows"

echo "ok"
