#!/usr/bin/env bash
# The table commands end to end, as a user runs them: create, append, scan (append then
# scan gives back the input), schema evolution, time travel, inspect, bad input (nothing
# committed), both catalogs, and tables written by other engines registered with --map.
# Usage: cli_tables_test.sh FIRN_BINARY SCRATCH_DIR [FIXTURES_DIR]
set -euo pipefail
firn=$1
tmp=$2
fixtures=${3:-}
rm -rf "$tmp"
mkdir -p "$tmp"
cd "$tmp"

fail() { echo "FAIL: $*" >&2; exit 1; }
check() {  # check CODE PATTERN ARGS...
  local code=$1 pattern=$2
  shift 2
  local got=0
  "$firn" "$@" >"$tmp/out" 2>&1 || got=$?
  [ "$got" -eq "$code" ] || { cat "$tmp/out" >&2; fail "firn $* exited $got, expected $code"; }
  grep -Eq -- "$pattern" "$tmp/out" || { cat "$tmp/out" >&2; fail "firn $*: no /$pattern/ in output"; }
}

"$firn" namespace create db --property owner=tests >/dev/null
check 1 "AlreadyExists" namespace create db
"$firn" table create db.t --schema-ddl "id long not null, ts timestamptz, d date, amount decimal(10,2), name string, tags list<string>, attrs map<string,int>, loc struct<lat: double, lon: double>, u uuid, b binary" \
  --partition-by "day(ts), bucket(4, id), truncate(2, name)" >/dev/null
check 1 "AlreadyExists" table create db.t --schema-ddl "id long"
check 2 "exactly one of --schema" table create db.x

# Canonical forms (the JSON mapping of append and scan), including nulls, empty lists,
# non-ASCII text, pre-1970 times.
cat >rows.ndjson <<'ROWS'
{"id":1,"ts":"2024-01-02T03:04:05.123456Z","d":"2024-01-02","amount":"12.30","name":"zürich ✓","tags":["a","b"],"attrs":{"x":1},"loc":{"lat":47.3,"lon":8.5},"u":"f79c3e09-677c-4bbd-a479-3f349cb785e7","b":"AAEC"}
{"id":2,"ts":"1969-12-31T23:59:59.999999Z","d":"1900-02-28","amount":"-0.01","name":null,"tags":[],"attrs":{},"loc":null,"u":null,"b":null}
{"id":3,"ts":null,"d":null,"amount":null,"name":"x","tags":null,"attrs":null,"loc":{"lat":null,"lon":-1.5},"u":null,"b":""}
ROWS
"$firn" table append db.t rows.ndjson >/dev/null
"$firn" scan db.t >scan.jsonl
sort rows.ndjson >a; sort scan.jsonl >b
diff a b || fail "append then scan did not give back the input"

# A bad record: the line and field are named, nothing is committed, no files are left.
snapshots_before=$("$firn" inspect db.t snapshots --format jsonl | wc -l)
files_before=$(find warehouse/db/t/data -name '*.parquet' | wc -l)
printf '{"id":4}\n{"id":"five"}\n' >bad.ndjson
check 1 "line 2: field 'id'" table append db.t bad.ndjson
[ "$("$firn" inspect db.t snapshots --format jsonl | wc -l)" -eq "$snapshots_before" ] || fail "a failed append committed"
[ "$(find warehouse/db/t/data -name '*.parquet' | wc -l)" -eq "$files_before" ] || fail "a failed append left files"

# Schema evolution, then time travel back to the old schema.
first=$("$firn" inspect db.t snapshots --format csv | sed -n 2p | cut -d, -f2)
"$firn" schema db.t add-column extra string >/dev/null
"$firn" schema db.t rename-column name title >/dev/null
check 1 "not a safe widening|cannot change" schema db.t widen id int
echo '{"id":5,"title":"new","extra":"e"}' | "$firn" table append db.t - >/dev/null
[ "$("$firn" scan db.t | wc -l)" -eq 4 ] || fail "scan after evolution"
"$firn" scan db.t --where "title = 'zürich ✓'" --columns id,title | grep -q '"id":1' || fail "renamed column filter"
[ "$("$firn" scan db.t --snapshot "$first" | wc -l)" -eq 3 ] || fail "time travel row count"
"$firn" scan db.t --snapshot "$first" | grep -q '"name":"zürich ✓"' || fail "time travel uses the old schema"
[ "$("$firn" scan db.t --where 'id >= 2 AND id < 5' | wc -l)" -eq 2 ] || fail "where"
[ "$("$firn" scan db.t --limit 1 | wc -l)" -eq 1 ] || fail "limit"
check 2 "unknown column|bogus" scan db.t --where "bogus = 1"

# Metadata tables.
for t in snapshots history files data_files delete_files manifests partitions entries refs metadata_log_entries; do
  "$firn" inspect db.t "$t" --format jsonl >/dev/null || fail "inspect $t"
done
[ "$("$firn" inspect db.t snapshots --format jsonl | wc -l)" -eq 2 ] || fail "two snapshots"
"$firn" inspect db.t refs --format csv | grep -q '^main,BRANCH,' || fail "main ref"
check 2 "unknown metadata table" inspect db.t bogus

# The filesystem catalog, and rename/drop.
"$firn" namespace create fs --catalog "file://$tmp/fswh" >/dev/null
"$firn" table create fs.t --schema-ddl "id long" --catalog "file://$tmp/fswh" >/dev/null
echo '{"id":1}' | "$firn" table append fs.t - --catalog "file://$tmp/fswh" >/dev/null
[ -f "$tmp/fswh/fs/t/metadata/version-hint.text" ] || fail "hadoop layout"
[ "$("$firn" scan fs.t --catalog "file://$tmp/fswh")" = '{"id":1}' ] || fail "filesystem catalog scan"
"$firn" table rename db.t db.t2 >/dev/null
check 1 "NotFound" table describe db.t
"$firn" table drop db.t2 >/dev/null
check 1 "not empty|InvalidArgument" namespace drop fs --catalog "file://$tmp/fswh"

# Tables written by Spark, Java and PyIceberg, copied here and registered with --map.
if [ -n "$fixtures" ] && [ -d "$fixtures" ]; then
  "$firn" namespace create ext >/dev/null
  for dir in "$fixtures"/*/; do
    name=$(basename "$dir")
    cp -r "$dir" "fx-$name"
    read -r meta from to < <(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d['metadata_file'], d['path_rewrite']['from'], d['path_rewrite']['to'])" "fx-$name/fixture.json")
    t="ext.$(echo "$name" | tr '-' '_')"
    "$firn" table register "$t" "fx-$name/$meta" --map "$from=$tmp/fx-$name/$to" >/dev/null
    got=$("$firn" scan "$t" | wc -l)
    want=$(wc -l <"fx-$name/expected.jsonl")
    [ "$got" -eq "$want" ] || fail "$name: scan gave $got rows, expected $want"
  done
fi
echo "ok"
