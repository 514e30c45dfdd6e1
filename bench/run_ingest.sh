#!/usr/bin/env bash
# The streaming-ingest benchmarks (docs/benchmarks.md, "Streaming ingest"), all in one run,
# each repeated RUNS times with the load average recorded before every measurement:
#
#   1. file:  N standard events as NDJSON -> committed table. firn run (file source, table
#             partitioned by day(event_time), one commit at the end; write-threads = 0, one
#             thread, and the default 1, writing beside decoding) vs DuckDB
#             COPY (SELECT * FROM read_json(...)) TO ... (FORMAT parquet, COMPRESSION zstd)
#             with threads=1, threads=$(nproc), and threads=$(nproc) without insertion order.
#   2. kafka: `firn kafka-mock` loaded with K events over P partitions, then
#             `firn run --until-caught-up`; records/s from the partition assignment to exit.
#   3. fresh: events produced at R/s for S s while `firn run` commits every 1000 ms;
#             produce-to-visible latency of every record (bench/freshness.py), twice:
#             with librdkafka's defaults (producer linger.ms=5, consumer
#             fetch.wait.max.ms=500) and with linger.ms=20 / fetch.wait.max.ms=50, which
#             work around the mock broker's Fetch (one batch per partition per request,
#             empty fetches held for the whole wait; see bench/freshness.py).
#   4. rss:   N events into a table partitioned by bucket(1000, user_id) with
#             memory-budget = "256MB"; peak RSS, files and file sizes.
#
#   bash bench/run_ingest.sh [--events 5000000] [--runs 3] [--kafka-events 2000000]
#        [--kafka-partitions 64] [--fresh-rate 20000] [--fresh-seconds 30]
#        [--fresh-partitions 16] [--fresh-linger-ms 20] [--fresh-fetch-wait-ms 50]
#        [--rss-events N (default --events)] [--only file,kafka,fresh,rss]
#        [--build DIR (default build)] [--out DIR]
#
# Needs a release build (ninja -C build firn gen_events), `npm ci` (@duckdb/node-api) and
# python3-confluent-kafka (/usr/bin/python3). Inputs are generated once into bench/out/
# (gitignored) and reused; results go to bench/out/ingest-<UTC time>/results.jsonl, with the
# tables printed at the end and written to summary.md there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

events=5000000 runs=3 kafka_events=2000000 kafka_partitions=64
fresh_rate=20000 fresh_seconds=30 fresh_partitions=16 fresh_linger=20 fresh_fetch_wait=50
rss_events= only=file,kafka,fresh,rss
build=build out=
while [ $# -gt 0 ]; do
  case "$1" in
    --events) events=$2 ;;
    --runs) runs=$2 ;;
    --kafka-events) kafka_events=$2 ;;
    --kafka-partitions) kafka_partitions=$2 ;;
    --fresh-rate) fresh_rate=$2 ;;
    --fresh-seconds) fresh_seconds=$2 ;;
    --fresh-partitions) fresh_partitions=$2 ;;
    --fresh-linger-ms) fresh_linger=$2 ;;
    --fresh-fetch-wait-ms) fresh_fetch_wait=$2 ;;
    --rss-events) rss_events=$2 ;;
    --only) only=$2 ;;
    --build) build=$2 ;;
    --out) out=$2 ;;
    -h|--help) sed -n '2,33p' "$0"; exit 0 ;;
    *) echo "run_ingest.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift 2
done
rss_events=${rss_events:-$events}
firn=$build/firn
gen=$build/bench/gen_events
py=/usr/bin/python3
for f in "$firn" "$gen"; do
  [ -x "$f" ] || { echo "run_ingest.sh: $f missing: ninja -C $build firn gen_events" >&2; exit 1; }
done
[ -d node_modules/@duckdb/node-api ] || { echo "run_ingest.sh: npm ci first" >&2; exit 1; }
$py -c 'import confluent_kafka' 2>/dev/null || { echo "run_ingest.sh: needs python3-confluent-kafka" >&2; exit 1; }
has() { [[ ",$only," == *",$1,"* ]]; }

mkdir -p bench/out
# Disk: the inputs (~332 B per event) plus the largest outputs (~13% of the input each,
# deleted after every run) and 1 GB to spare. Halve the events until that fits, and say so.
need_bytes() {
  local n=0
  [ -f "bench/out/events_$1.ndjson" ] || n=$(( $1 * 332 ))
  if has kafka && [ ! -f "bench/out/events_$kafka_events.ndjson" ]; then n=$(( n + kafka_events * 332 )); fi
  echo $(( n + $1 * 332 / 4 + 1000000000 ))
}
avail=$(( $(df --output=avail -k bench/out | tail -1) * 1024 ))
while [ "$(need_bytes "$events")" -gt "$avail" ] && [ "$events" -gt 100000 ]; do
  echo "# NOTE: only $((avail / 1000000)) MB free in bench/out: halving --events to $((events / 2))" >&2
  events=$((events / 2)); rss_events=$((rss_events < events ? rss_events : events))
done

input=bench/out/events_$events.ndjson
[ -f "$input" ] || "$gen" --seed 1 --count "$events" --out "$input"
rss_input=bench/out/events_$rss_events.ndjson
[ -f "$rss_input" ] || "$gen" --seed 1 --count "$rss_events" --out "$rss_input"
kafka_input=bench/out/events_$kafka_events.ndjson
if has kafka && [ ! -f "$kafka_input" ]; then "$gen" --seed 1 --count "$kafka_events" --out "$kafka_input"; fi
fresh_records=$(( fresh_rate * fresh_seconds ))
[ "$fresh_records" -le "$events" ] || { echo "run_ingest.sh: --fresh-rate x --fresh-seconds exceeds --events" >&2; exit 2; }

out=${out:-bench/out/ingest-$(date -u +%Y%m%dT%H%MZ)}
mkdir -p "$out"
results=$out/results.jsonl
work=$out/work
threads=$(nproc)
{
  echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB RAM, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# firn binary $firn built $(date -u -r "$firn" +%Y-%m-%dT%H:%MZ); tree at $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo ' (src modified)'); $(node -e "console.log('node ' + process.version)")"
  echo "# input: $input ($(stat -c %s "$input") bytes, $events events); runs: $runs"
  echo "# kafka: $kafka_events events over $kafka_partitions partitions; freshness: $fresh_rate/s for $fresh_seconds s over $fresh_partitions partitions; rss: $rss_events events"
  echo "# free disk: $((avail / 1000000)) MB in bench/out before the run"
} | tee "$out/header.txt"

# Bring the inputs into the page cache so that no run pays for the first read.
cat "$input" "$rss_input" > /dev/null
if has kafka; then cat "$kafka_input" > /dev/null; fi

ib() { $py bench/ingest_bench.py "$@" --firn "$firn" --workdir "$work" --results "$results"; }
status=0
for run in $(seq 1 "$runs"); do
  echo "## run $run of $runs" >&2
  if has file; then
    ib file --run "$run" --input "$input" --records "$events" --engine firn --write-threads 0 || status=1
    ib file --run "$run" --input "$input" --records "$events" --engine firn || status=1
    ib file --run "$run" --input "$input" --records "$events" --engine duckdb --threads 1 || status=1
    ib file --run "$run" --input "$input" --records "$events" --engine duckdb --threads "$threads" || status=1
    ib file --run "$run" --input "$input" --records "$events" --engine duckdb --threads "$threads" --no-order || status=1
  fi
  if has kafka; then
    ib kafka --run "$run" --input "$kafka_input" --records "$kafka_events" --partitions "$kafka_partitions" || status=1
  fi
  if has fresh; then
    fresh() { $py bench/freshness.py --firn "$firn" --input "$input" --workdir "$work" --results "$results" \
      --run "$run" --rate "$fresh_rate" --seconds "$fresh_seconds" --partitions "$fresh_partitions" \
      --interval-ms 1000 "$@"; }
    fresh --label firn-kafka-defaults || status=1
    fresh --label "firn-linger${fresh_linger}-fetchwait${fresh_fetch_wait}" \
      --producer-property "linger.ms=$fresh_linger" --consumer-property "fetch.wait.max.ms=$fresh_fetch_wait" || status=1
  fi
  if has rss; then
    ib rss --run "$run" --input "$rss_input" --records "$rss_events" --partition-by 'bucket(1000, user_id)' \
      --memory-budget 256MB || status=1
  fi
done

echo
cat "$out/header.txt"
$py bench/ingest_bench.py report "$results" --markdown "$out/summary.md"
echo "# results: $results, tables: $out/summary.md" >&2
exit $status
