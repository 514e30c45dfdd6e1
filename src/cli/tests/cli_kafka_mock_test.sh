#!/usr/bin/env bash
# firn kafka-mock as a user and a test harness run it: in the background with a ready
# file, the bootstrap line first on stdout, SIGTERM ends it with exit 0; bad flags exit 2.
# Usage: cli_kafka_mock_test.sh FIRN_BINARY SCRATCH_DIR
set -euo pipefail
firn=$1
tmp=$2
rm -rf "$tmp"
mkdir -p "$tmp"

fail() { echo "FAIL: $*" >&2; exit 1; }
# check CODE PATTERN ARGS...: runs firn ARGS, expects exit CODE and PATTERN (extended
# regex) somewhere in its stdout or stderr.
check() {
  local code=$1 pattern=$2
  shift 2
  local got=0
  "$firn" "$@" >"$tmp/out" 2>&1 </dev/null || got=$?
  [ "$got" -eq "$code" ] || { cat "$tmp/out" >&2; fail "firn $* exited $got, expected $code"; }
  grep -Eq -- "$pattern" "$tmp/out" || { cat "$tmp/out" >&2; fail "firn $*: no /$pattern/ in output"; }
}
# wait_for FILE PID: until FILE exists (10 s at most) while PID lives.
wait_for() {
  for _ in $(seq 1 200); do
    [ -s "$1" ] && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}

# Usage errors: exit 2.
check 2 "--partitions expects 1\.\.10000, got '0'" kafka-mock --partitions 0
check 2 "--partitions expects a non-negative integer, got 'many'" kafka-mock --partitions many
check 2 "--brokers expects 1\.\.64" kafka-mock --brokers 0
check 2 "--key-field and --partition-field apply to --produce" kafka-mock --key-field id
check 2 "--rate applies to --demo-events" kafka-mock --rate 10
check 2 "topic 'a' given twice" kafka-mock --topic a --topic a
check 2 "--until-stdin-eof cannot be used with --produce -" kafka-mock --produce - --until-stdin-eof
check 2 "--property expects KEY=VALUE" kafka-mock --property linger.ms
check 2 "unknown flag '--bogus'" kafka-mock --bogus
check 2 "unexpected argument 'extra'" kafka-mock extra
check 0 "usage: firn kafka-mock " kafka-mock --help
check 0 "kafka-mock +start librdkafka's mock Kafka cluster" help
# Failures: exit 1 with the error, before serving.
check 1 "error: .*missing\.ndjson" kafka-mock --produce "$tmp/missing.ndjson"
printf '{"id":1}\n{"id":[2]}\n' >"$tmp/bad.ndjson"
check 1 "error: InvalidArgument: .*bad\.ndjson: line 2: key field 'id': expected a string or number, got array" \
  kafka-mock --produce "$tmp/bad.ndjson" --key-field id
printf '{"id":1,"p":5}\n' >"$tmp/badp.ndjson"
check 1 "line 1: partition field 'p': partition 5 is not within 0\.\.2" \
  kafka-mock --partitions 3 --produce "$tmp/badp.ndjson" --partition-field p
check 1 "kafka property 'linger\.ms'" kafka-mock --produce "$tmp/bad.ndjson" --property linger.ms=soon

# The real thing: 3 partitions, 1000 keyed records, a ready file, SIGTERM.
for i in $(seq 1 1000); do printf '{"id":%d,"name":"user %d"}\n' $((i % 37)) "$i"; done >"$tmp/records.ndjson"
"$firn" kafka-mock --partitions 3 --produce "$tmp/records.ndjson" --key-field id \
  --ready-file "$tmp/ready" >"$tmp/mock.out" 2>"$tmp/mock.err" &
pid=$!
wait_for "$tmp/ready" "$pid" || { cat "$tmp/mock.out" "$tmp/mock.err" >&2; fail "no ready file"; }
servers=$(cat "$tmp/ready")
[[ "$servers" =~ ^127\.0\.0\.1:[0-9]+$ ]] || fail "ready file holds '$servers'"
[ "$(head -n 1 "$tmp/mock.out")" = "bootstrap.servers=$servers" ] || { cat "$tmp/mock.out" >&2; fail "first stdout line"; }
grep -Eq "^produced 1,000 records .* to topic 'events'" "$tmp/mock.out" || { cat "$tmp/mock.out" >&2; fail "no produced line"; }
ls "$tmp" | grep -q 'ready\.tmp' && fail "temporary ready file left behind"

# If a Kafka client for Python is around, read the records back through the mock.
if /usr/bin/python3 -c 'import confluent_kafka' 2>/dev/null; then
  /usr/bin/python3 - "$servers" <<'PY' || fail "reading the records back"
import sys, json, collections
from confluent_kafka import Consumer, TopicPartition, OFFSET_BEGINNING
c = Consumer({"bootstrap.servers": sys.argv[1], "group.id": "cli-test", "enable.auto.commit": False})
c.assign([TopicPartition("events", p, OFFSET_BEGINNING) for p in range(3)])
seen, parts = 0, collections.defaultdict(set)
while seen < 1000:
    m = c.poll(10)
    assert m is not None and not m.error(), m and m.error()
    assert m.key().decode() == str(json.loads(m.value())["id"])
    parts[m.key()].add(m.partition())
    seen += 1
assert all(len(p) == 1 for p in parts.values())
c.close()
PY
fi

kill -TERM "$pid"
code=0
wait "$pid" || code=$?
[ "$code" -eq 0 ] || { cat "$tmp/mock.err" >&2; fail "kafka-mock exited $code after SIGTERM"; }
grep -q "SIGTERM, stopping" "$tmp/mock.err" || { cat "$tmp/mock.err" >&2; fail "no stop message"; }

# Demo events and --until-stdin-eof: closing its stdin stops it.
mkfifo "$tmp/stdin"
"$firn" kafka-mock --partitions 2 --topic demo --demo-events 2000 --until-stdin-eof \
  --ready-file "$tmp/ready2" <"$tmp/stdin" >"$tmp/demo.out" 2>"$tmp/demo.err" &
pid=$!
exec 3>"$tmp/stdin"
wait_for "$tmp/ready2" "$pid" || { cat "$tmp/demo.out" "$tmp/demo.err" >&2; fail "no ready file (demo)"; }
grep -Eq "^published 2,000 standard events .* to topic 'demo'" "$tmp/demo.out" || { cat "$tmp/demo.out" >&2; fail "no published line"; }
exec 3>&-
code=0
wait "$pid" || code=$?
[ "$code" -eq 0 ] || { cat "$tmp/demo.err" >&2; fail "kafka-mock exited $code at stdin's end"; }
grep -q "stdin closed, stopping" "$tmp/demo.err" || { cat "$tmp/demo.err" >&2; fail "no stdin message"; }

echo "ok"
