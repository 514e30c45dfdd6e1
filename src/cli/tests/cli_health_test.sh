#!/usr/bin/env bash
# End-to-end: `firn health` on an empty table, on the demo table after `firn run`, in text
# and JSON; usage errors; a missing manifest. Usage: cli_health_test.sh FIRN_BINARY SCRATCH_DIR
set -euo pipefail
firn=$1
tmp=$2
rm -rf "$tmp"
mkdir -p "$tmp"

fail() { echo "FAIL: $*" >&2; exit 1; }
expect() {  # expect PATTERN FILE: an extended regex must match a line of FILE
  grep -Eq -- "$1" "$2" || { echo "--- $2:" >&2; cat "$2" >&2; fail "no line matches /$1/ in $2"; }
}
check() {  # check EXIT_CODE PATTERN ARGS...: firn exits with EXIT_CODE and prints PATTERN on stderr
  local want=$1 pattern=$2
  shift 2
  set +e
  "$firn" "$@" --warehouse "$tmp/wh" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  set -e
  [ "$got" -eq "$want" ] || { cat "$tmp/err" >&2; fail "firn $* exited $got, expected $want"; }
  expect "$pattern" "$tmp/err"
}

# Usage errors exit 2, a missing table 1.
check 2 "expected text or json" health demo.events --format yaml
check 2 "--now: expected milliseconds" health demo.events --now yesterday
check 2 "not a table name" health nodots
check 1 "firn health: error: .*demo\.events" health demo.events

# An empty table is a report, not an error.
"$firn" namespace create db --warehouse "$tmp/wh" >/dev/null
"$firn" table create db.empty --schema-ddl "id long" --warehouse "$tmp/wh" >/dev/null
"$firn" health db.empty --warehouse "$tmp/wh" >"$tmp/empty.txt"
expect "^db\.empty: OK \(at " "$tmp/empty.txt"
expect "^1\. commits +OK +no ingest commits yet$" "$tmp/empty.txt"
expect "^2\. file sizes +OK +no data files$" "$tmp/empty.txt"
expect "^ +counts +OK +0 snapshots, 0 manifests, 0 delete files, delete ratio 0%$" "$tmp/empty.txt"

# The demo: one commit of 20,000 events, watermarks in its summary.
"$firn" run --events 20000 --warehouse "$tmp/wh" >"$tmp/run.out" 2>"$tmp/run.err" ||
  fail "firn run exited $?: $(cat "$tmp/run.err")"
"$firn" health demo.events --warehouse "$tmp/wh" >"$tmp/health.txt"
expect "^demo\.events: (OK|WARN|BAD) \(at 20[0-9-]+T" "$tmp/health.txt"
expect "^1\. commits +OK +1 commit in the last 24 h: 1\.0/day, peak 1/h$" "$tmp/health.txt"
expect "^ +per hour, oldest first:( 0){23} 1$" "$tmp/health.txt"
expect "^2\. file sizes +OK +1 of 1 files \(100%\) are under 192 MiB \(average [0-9.]+ [KM]iB, target 256 MiB\)$" "$tmp/health.txt"
expect "^ +0-1% +2\.6 MiB +1 +[0-9.]+ [KM]iB$" "$tmp/health.txt"
expect "^3\. compaction +OK +nothing to compact; 1 small file waits for more to join it$" "$tmp/health.txt"
expect "^4\. latency +(OK|WARN|BAD) .*from event time" "$tmp/health.txt"
expect "^ +from Kafka timestamp: p50 .* over 1 commit$" "$tmp/health.txt"
expect "^ +counts +OK +1 snapshot, 1 manifest, 0 delete files, delete ratio 0%$" "$tmp/health.txt"

# JSON: one line with the sections scripts read. A day later, nothing was committed.
"$firn" health demo.events --warehouse "$tmp/wh" --format json >"$tmp/health.json"
[ "$(wc -l <"$tmp/health.json")" -eq 1 ] || fail "JSON is not one line"
expect '^\{"table":"demo\.events","now_ms":[0-9]+,"current_snapshot_id":[0-9]+,"verdict":"(ok|warn|bad)"' "$tmp/health.json"
expect '"commit_frequency":\{"verdict":"ok",.*"ingest_commits":1,"maintenance_commits":0,"commits_per_hour":\[(0,){23}1\]' "$tmp/health.json"
expect '"file_sizes":\{"verdict":"ok",.*"data_files":1,' "$tmp/health.json"
expect '"latency":\{"verdict":"[a-z]+",.*"source":"event-time","commits":1,"p50_ms":-?[0-9]+' "$tmp/health.json"
expect '"counts":\{"verdict":"ok",.*"snapshots":1,"manifests":1,.*"records":20000,' "$tmp/health.json"
now=$(grep -Eo '"now_ms":[0-9]+' "$tmp/health.json" | cut -d: -f2)
"$firn" health demo.events --warehouse "$tmp/wh" --now $((now + 86400000 + 60000)) >"$tmp/later.txt"
expect "^1\. commits +WARN +no ingest commits in the last 24 h \(the last was 24 h ago\): is ingest running\?$" "$tmp/later.txt"

# A missing manifest is an error naming it.
manifest=$(ls "$tmp"/wh/demo/events/metadata/*-m0.avro | head -1)
rm "$manifest"
check 1 "firn health: error: .*$(basename "$manifest")" health demo.events
echo "ok"
