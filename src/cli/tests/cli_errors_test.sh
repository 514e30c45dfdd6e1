#!/usr/bin/env bash
# Exit codes and messages of the firn binary on bad input: usage errors exit 2, failures
# exit 1 with the error. Usage: cli_errors_test.sh FIRN_BINARY SCRATCH_DIR
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
  "$firn" "$@" >"$tmp/out" 2>&1 || got=$?
  [ "$got" -eq "$code" ] || { cat "$tmp/out" >&2; fail "firn $* exited $got, expected $code"; }
  grep -Eq -- "$pattern" "$tmp/out" || { cat "$tmp/out" >&2; fail "firn $*: no /$pattern/ in output"; }
}

# Broken TOML: exit 1, the file, line and column first.
printf '[source]\ntype = "kafka"\nbrokers = = ["a:9092"]\n\n[table]\n' >"$tmp/broken.toml"
check 1 "broken\.toml:3:[0-9]+: " run -c "$tmp/broken.toml"
printf 'a = 1\na = 2\n' >"$tmp/dup.toml"
check 1 "dup\.toml:2:[0-9]+: .*a" run --config "$tmp/dup.toml"
# Valid TOML, but not a valid pipeline: every problem named with its key and line.
printf '[source]\ntype = "kafka"\n\n[table]\nname = "db.events"\n' >"$tmp/ok.toml"
check 1 "ok\.toml:4:[0-9]+: unknown key 'table'" run -c "$tmp/ok.toml"
check 1 "source\.group-id is required for source\.type = \"kafka\"" run -c "$tmp/ok.toml"
check 1 "ok\.toml:4:[0-9]+: unknown key 'table'" run --check -c "$tmp/ok.toml"
check 1 "NotFound|No such file" run -c "$tmp/missing.toml"

# Usage errors: exit 2.
check 2 "unknown command 'frobnicate'" frobnicate
check 2 "unknown flag '--bogus'" run --bogus
check 2 "--events expects a non-negative integer, got 'many'" run --events many
check 2 "unknown flag '--target-file-size'" run --target-file-size 0
printf '[source]\ntype = "file"\npaths = ["x.ndjson"]\n[sink]\ntable = "db.t"\n' >"$tmp/file.toml"
check 2 "--events applies to the demo source only" run -c "$tmp/file.toml" --events 5
check 2 "flag --events given more than once" run --events 1 --events 2
check 2 "flag --events needs a value" run --events
check 2 "unexpected argument 'extra'" run extra
check 2 "missing subcommand" parquet
check 2 "unknown subcommand 'bogus'" parquet bogus
check 2 "FILE is missing" parquet inspect
check 2 "--format is text or json" parquet inspect --format yaml x.parquet
check 2 "usage: firn <command>" # no arguments at all

# Help: exit 0.
check 0 "usage: firn <command>" help
check 0 "usage: firn <command>" --help
check 0 "usage: firn run " help run
check 0 "usage: firn run " run --help
check 0 "usage: firn parquet inspect FILE" parquet inspect -h
check 0 "usage: firn parquet cat FILE" parquet --help
check 0 "^firn [0-9]+\.[0-9]+\.[0-9]+" version

# Failures reading files: exit 1 with the reader's error.
check 1 "error: NotFound" parquet inspect "$tmp/missing.parquet"
check 1 "error: Corrupt: .*broken\.toml" parquet inspect "$tmp/broken.toml"
check 1 "error: Corrupt: .*broken\.toml" parquet cat "$tmp/broken.toml"

echo "ok"
