#!/usr/bin/env bash
# firn maintain end to end, as a user runs it: expire-snapshots and remove-orphan-files on a
# table made with `table create` + `table append`, dry runs first, then the real thing; the
# table scans the same rows afterwards. Also help and usage errors.
# Usage: cli_maintain_test.sh FIRN_BINARY SCRATCH_DIR
set -euo pipefail
firn=$1
tmp=$2
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

"$firn" namespace create db >/dev/null
"$firn" table create db.t --schema-ddl "id long not null, name string" >/dev/null
for i in 0 1 2 3 4 5; do
  for j in 0 1 2 3 4; do echo "{\"id\":$((i * 5 + j)),\"name\":\"n$i\"}"; done >"rows$i.ndjson"
  "$firn" table append db.t "rows$i.ndjson" >/dev/null
done
rows() { "$firn" scan db.t | wc -l; }
[ "$(rows)" -eq 30 ] || fail "30 rows before maintenance"
snapshots() { "$firn" inspect db.t snapshots --format jsonl | wc -l; }
[ "$(snapshots)" -eq 6 ] || fail "6 snapshots"
table=warehouse/db/t
files_now() { find "$table" -type f | sort; }

# Help, and usage errors (exit 2) before anything is opened.
check 0 "expire-snapshots.*remove-orphan-files|remove old snapshots" maintain --help
check 0 "--retain-last N" maintain db.t expire-snapshots --help
check 0 "--older-than D" maintain db.t remove-orphan-files --help
check 2 "unknown action 'defrag'" maintain db.t defrag
check 2 "missing argument" maintain db.t
check 2 "unknown unit 'w'" maintain db.t expire-snapshots --older-than 3w
check 2 "--retain-last must be at least 1" maintain db.t expire-snapshots --retain-last 0
check 2 "--format must be text or json" maintain db.t remove-orphan-files --format yaml
check 1 "NotFound" maintain db.nope expire-snapshots

# Expiry: defaults keep everything (5 days, nothing that old).
check 0 "6 -> 6 snapshots \(0 expired\)" maintain db.t expire-snapshots

# Dry run: says what would go, changes nothing.
find "$table" -type f | sort >before.txt
check 0 "dry run: expire snapshots of db.t: 6 -> 2 snapshots \(4 would be expired\)" \
  maintain db.t expire-snapshots --older-than 0s --retain-last 2 --dry-run
grep -q "would delete .*snap-.*\.avro" out || fail "dry run lists manifest lists"
would=$(grep -c "would delete" out)
files_now | diff before.txt - || fail "dry run changed files"
[ "$(snapshots)" -eq 6 ] || fail "dry run expired snapshots"

# The real run, as JSON: 4 snapshots expired, the files the dry run listed are gone.
"$firn" maintain db.t expire-snapshots --older-than 0s --retain-last 2 --format json >expire.json
grep -q '"snapshots_expired":4' expire.json || { cat expire.json; fail "json: 4 expired"; }
grep -q '"delete_failures":0' expire.json || { cat expire.json; fail "json: no failures"; }
[ "$(snapshots)" -eq 2 ] || fail "2 snapshots after expiry"
[ "$(rows)" -eq 30 ] || fail "rows after expiry"
gone=$(files_now | comm -23 before.txt - | wc -l)
[ "$gone" -eq "$would" ] || fail "deleted $gone files, the dry run listed $would"

# Orphans: an old stray file goes, a young one stays, referenced files all stay.
mkdir -p "$table/data"
echo junk >"$table/data/crashed.parquet"
echo junk >"$table/data/in-flight.parquet"
touch -d "5 days ago" "$table/data/crashed.parquet"
find "$table" -type f | sort >before.txt
check 0 "orphans: 1 files .* would be deleted" maintain db.t remove-orphan-files --dry-run
grep -q "would delete .*crashed.parquet" out || fail "dry run names the orphan"
files_now | diff before.txt - || fail "dry run deleted files"
check 0 "orphans: 1 files .*, deleted 1" maintain db.t remove-orphan-files
[ ! -e "$table/data/crashed.parquet" ] || fail "old orphan survived"
[ -e "$table/data/in-flight.parquet" ] || fail "young file was deleted"
[ "$(files_now | comm -23 before.txt - | wc -l)" -eq 1 ] || fail "only the orphan goes"
[ "$(rows)" -eq 30 ] || fail "rows after orphan removal"
"$firn" maintain db.t remove-orphan-files --older-than 1d --format json >orphans.json
grep -q '"orphans_found":0' orphans.json || { cat orphans.json; fail "nothing left to remove"; }

# The filesystem catalog (Hadoop layout): version-hint.text is a catalog file, never an orphan.
fs="--catalog file://$tmp/fswh"
"$firn" namespace create fs $fs >/dev/null
"$firn" table create fs.t --schema-ddl "id long" $fs >/dev/null
for i in 1 2 3; do echo "{\"id\":$i}" | "$firn" table append fs.t - $fs >/dev/null; done
find fswh -type f -exec touch -d "10 days ago" {} +
check 0 "3 -> 1 snapshots" maintain fs.t expire-snapshots --older-than 0s --retain-last 1 $fs
check 0 "deleted 0" maintain fs.t remove-orphan-files $fs
[ -e fswh/fs/t/metadata/version-hint.text ] || fail "version hint removed"
[ "$("$firn" scan fs.t $fs | wc -l)" -eq 3 ] || fail "filesystem table rows"

# Sorted compaction: the table's sort order (set with `table sort-order`) is what compact
# writes files in; the strategy and order can be given; bad orders are clear errors.
"$firn" table create db.s --schema-ddl "id long not null, name string" >/dev/null
for i in 0 1 2 3 4 5; do
  for j in 4 2 0 3 1; do echo "{\"id\":$((j * 6 + i)),\"name\":\"n$(( (i * 7 + j) % 5 ))\"}"; done >"s$i.ndjson"
  "$firn" table append db.s "s$i.ndjson" >/dev/null
done
check 0 "strategy: binpack" maintain db.s compact --dry-run
check 1 "the sort strategy needs a sort order" maintain db.s compact --strategy sort
check 2 "--strategy must be binpack or sort" maintain db.s compact --strategy zorder
check 2 "--sort-order needs --strategy sort" maintain db.s compact --strategy binpack --sort-order id
check 1 "sort term 'nope': column 'nope' does not exist" table sort-order db.s "nope"
check 1 "sort term 'id sideways'" table sort-order db.s "id sideways"
check 0 "sort order 1 is the default: name desc nulls last, id asc nulls first" table sort-order db.s "name desc, id"
check 0 "^  name desc nulls last, id asc nulls first$" table describe db.s
grep -q "^sort order 1$" "$tmp/out" || fail "describe shows sort order 1"
check 0 "strategy: sort by name desc nulls last, id asc nulls first" maintain db.s compact --dry-run
check 0 "rewrote 6 files .* into 1 " maintain db.s compact --spill-dir "$tmp" --memory 16MB
"$firn" scan db.s --format csv >sorted.csv
[ "$(wc -l <sorted.csv)" -eq 31 ] || fail "30 rows and a header after the sorted compaction"
tail -n +2 sorted.csv | awk -F, '{print $2 "," $1}' >got.txt
sort -t, -k1,1r -k2,2n got.txt | diff got.txt - || fail "the compacted file is not in the table's order"
"$firn" inspect db.s data_files --format jsonl | grep -q '"sort_order_id":1' || fail "sort_order_id not recorded"
check 0 "sort order 0 is the default: unsorted" table sort-order db.s unsorted
check 0 "strategy: binpack" maintain db.s compact --dry-run
check 0 "strategy: sort by id desc" maintain db.s compact --dry-run --sort-order "id desc"
echo "cli_maintain: ok"
