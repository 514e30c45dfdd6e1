#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang in their own build directory and fuzzes
# the Parquet reader on a copy of fuzz/corpus/ (the checked-in seeds stay untouched).
# Exits non-zero if the fuzzer finds a crash, leak, timeout or sanitizer report; the
# reproducer is then in <build dir>/artifacts/ (rerun it: <fuzzer> <file>).
#
#   scripts/fuzz.sh                       60 s, build-fuzz/
#   FUZZ_SECONDS=600 scripts/fuzz.sh      longer
#   CXX=clang++-17 CC=clang-17 scripts/fuzz.sh
#
# Compiler: clang 16 or newer. firn's Result is std::expected. libstdc++ 12's <expected>
# is hidden unless __cpp_concepts >= 202002L, which clang 14 and 16 do not advertise, and
# it needs conditionally trivial special members (P0848), which clang 14 lacks ("destructor
# of 'expected<...>' is implicitly deleted") and clang 16 implements. So with clang 16 the
# macro is raised below and <expected> works; clang 14 cannot build firn. Debian 12 ships
# clang-16 and libclang-rt-16-dev (libFuzzer) in its main archive.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

build_dir="${BUILD_DIR:-build-fuzz}"
seconds="${FUZZ_SECONDS:-60}"
jobs="${JOBS:-2}"
export CC="${CC:-clang-16}"
export CXX="${CXX:-clang++-16}"

if ! command -v "$CXX" >/dev/null 2>&1; then
  echo "scripts/fuzz.sh: $CXX not found; install clang-16 and libclang-rt-16-dev" >&2
  exit 2
fi
major="$("$CXX" -dumpversion | cut -d. -f1)"
if [ "$major" -lt 16 ]; then
  echo "scripts/fuzz.sh: $CXX is clang $major; std::expected with libstdc++ 12 needs clang >= 16" >&2
  exit 2
fi
cxx_flags=""
if ! echo | "$CXX" -std=c++2b -dM -E -x c++ - | grep -q '__cpp_concepts 202002L'; then
  cxx_flags="-U__cpp_concepts -D__cpp_concepts=202002L -Wno-builtin-macro-redefined"
fi

run() { echo "+ $*"; "$@"; }

run cmake -G Ninja -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DFIRN_FUZZ=ON -DFIRN_BUILD_TESTS=OFF -DFIRN_BUILD_BENCH=OFF \
  -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" -DCMAKE_CXX_FLAGS="$cxx_flags"
run ninja -C "$build_dir" -j "$jobs" parquet_reader_fuzzer

corpus="$(mktemp -d)"
trap 'rm -rf "$corpus"' EXIT
cp fuzz/corpus/*.parquet "$corpus/"
mkdir -p "$build_dir/artifacts"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
# -timeout: a single input taking 10 s is a hang; -rss_limit_mb: libFuzzer's default.
run "$build_dir/fuzz/parquet_reader_fuzzer" "$corpus" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$build_dir/artifacts/"
