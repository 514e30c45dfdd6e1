#!/usr/bin/env bash
# Configures, builds and runs every test with CTest: the README's test command.
#
#   scripts/test.sh                 build/       RelWithDebInfo
#   scripts/test.sh --asan          build-asan/  ASan + UBSan (FIRN_SANITIZE=ON), no benchmarks
#   scripts/test.sh --build-dir D   another build directory
#   scripts/test.sh -- -DFOO=BAR    extra CMake flags after "--"
#
# Environment: BUILD_DIR, BUILD_TYPE, CMAKE_FLAGS (space-separated),
# CTEST_ARGS (extra ctest arguments, e.g. "-R parquet"), JOBS.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

build_dir="${BUILD_DIR:-build}"
build_type="${BUILD_TYPE:-RelWithDebInfo}"
jobs="${JOBS:-2}"
# shellcheck disable=SC2206
cmake_flags=(${CMAKE_FLAGS:-})
# shellcheck disable=SC2206
ctest_args=(${CTEST_ARGS:-})

while [ $# -gt 0 ]; do
  case "$1" in
    --asan)
      build_dir="${BUILD_DIR:-build-asan}"
      cmake_flags+=(-DFIRN_SANITIZE=ON -DFIRN_BUILD_BENCH=OFF)
      # Leak checking on; UBSan stops at the first report (the build also
      # passes -fno-sanitize-recover=undefined) and prints a stack.
      export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
      export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
      ;;
    --build-dir) build_dir="$2"; shift ;;
    --build-type) build_type="$2"; shift ;;
    --) shift; cmake_flags+=("$@"); break ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "scripts/test.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

run() { echo "+ $*"; "$@"; }

run cmake -G Ninja -S . -B "$build_dir" -DCMAKE_BUILD_TYPE="$build_type" "${cmake_flags[@]}"
run ninja -C "$build_dir" -j "$jobs"
run ctest --test-dir "$build_dir" --output-on-failure -j "$jobs" --no-tests=error "${ctest_args[@]}"
