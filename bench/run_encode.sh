#!/usr/bin/env bash
# The encoder benchmark, both sides in one run (bench/README.md, docs/benchmarks.md):
# the standard event stream is generated once, then firn's encoder and DuckDB's
# COPY ... (FORMAT parquet, COMPRESSION zstd) each encode it on one thread, best of RUNS.
#
#   bash bench/run_encode.sh [EVENTS=1000000] [RUNS=5]
#
# Needs a release build in build/ (ninja -C build gen_events encode_events) and `npm ci`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
events=${1:-1000000}
runs=${2:-5}
mkdir -p bench/out
input=bench/out/events_${events}.ndjson
[ -f "$input" ] || ./build/bench/gen_events --seed 1 --count "$events" --out "$input"
echo "# machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
echo "# input: $input ($(stat -c %s "$input") bytes)"
/usr/bin/time -f '# firn: %e s wall, %U s user, %S s sys, max RSS %M KiB' \
  ./build/bench/encode_events --in "$input" --out bench/out/firn_events.parquet --runs "$runs"
/usr/bin/time -f '# duckdb: %e s wall, %U s user, %S s sys, max RSS %M KiB' \
  node bench/duckdb_encode.mjs "$input" --threads 1 --runs "$runs" --out bench/out/duckdb_events.parquet
