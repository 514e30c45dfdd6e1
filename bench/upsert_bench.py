#!/usr/bin/env python3
"""Upserts and CDC (issue 6): upsert throughput and read amplification.

  python3 bench/upsert_bench.py --firn build/firn [--events 5000000] [--keys 1000000]
                                [--runs 3] [--workdir bench/out/upsert]

Input (generated once per workdir, seeded): --events Debezium JSON envelopes over --keys
keys (the first touch of a key is op "c", later ones "u" with before/after, 5% "d"), one
NDJSON file; and the same changes' row images as plain rows (the `after` of every c/u),
for the append baseline.

Per run, interleaved, each `firn run -c` from a file source, one commit at the end
(commit.interval-ms = 1 h), default memory budget, unpartitioned table keyed by id:
  upsert:  upsert = true, cdc-format = "debezium"
  append:  the row images appended (no key, no deletes): what the same rows cost without
           upserts
  duckdb:  the peer, DuckDB (bench/duckdb_upsert.mjs, threads=1 and threads=2): the final
           state of the same change stream (last change per key, deletes dropped) as one
           zstd Parquet file, a batch computation with no delete files or commits
Read amplification (after the last run), `firn scan --format csv > /dev/null`, best of
--runs each, of
  (a) the upserted table (merge on read: equality and position deletes applied),
  (b) the same table after `firn maintain ... compact` (deletes folded in),
  (c) a table holding the same final rows written once;
plus DuckDB reading (c)'s data files and writing CSV to /dev/null, as a yardstick.
Children are timed with os.wait4 (wall, CPU = user + sys, peak RSS).
"""
import argparse
import json
import os
import random
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ingest_common as c  # noqa: E402

DDL = "id long not null, name string, email string, balance long, region string, updated_at timestamptz"
REGIONS = ["eu-west", "eu-central", "us-east", "us-west", "ap-south", "ap-east", "sa-east", "af-south"]


def row(key, version):
    return {"id": key, "name": f"customer {key}", "email": f"c{key}.v{version}@example.com",
            "balance": (key * 7919 + version * 104729) % 1000000, "region": REGIONS[(key + version) % 8],
            "updated_at": f"2026-11-{1 + version % 28:02d}T{version % 24:02d}:{key % 60:02d}:00.000000Z"}


def generate(a):
    changes = os.path.join(a.workdir, f'changes-{a.events}-{a.keys}.ndjson')
    rows = os.path.join(a.workdir, f'rows-{a.events}-{a.keys}.ndjson')
    final = os.path.join(a.workdir, f'final-{a.events}-{a.keys}.ndjson')
    if all(os.path.exists(p) for p in (changes, rows, final)):
        return changes, rows, final
    os.makedirs(a.workdir, exist_ok=True)
    rng = random.Random(a.seed)
    live = {}
    version = 0
    with open(changes + '.tmp', 'w') as cf, open(rows + '.tmp', 'w') as rf:
        for i in range(a.events):
            key = rng.randrange(a.keys)
            ts = 1764000000000 + i
            before = live.get(key)
            if before is not None and rng.random() < 0.05:
                env = {"before": before, "after": None, "op": "d", "ts_ms": ts, "source": {"ts_ms": ts}}
                del live[key]
            else:
                version += 1
                after = row(key, version)
                env = {"before": before, "after": after, "op": "u" if before else "c", "ts_ms": ts,
                       "source": {"ts_ms": ts}}
                live[key] = after
                rf.write(json.dumps(after, separators=(',', ':')) + '\n')
            cf.write(json.dumps(env, separators=(',', ':')) + '\n')
    with open(final + '.tmp', 'w') as ff:
        for key in sorted(live):
            ff.write(json.dumps(live[key], separators=(',', ':')) + '\n')
    for p in (changes, rows, final):
        os.rename(p + '.tmp', p)
    return changes, rows, final


def pipeline(path, warehouse, input_path, *, upsert):
    lines = ['[catalog]', f'warehouse = "{warehouse}"', '',
             '[source]', 'type = "file"', f'paths = ["{input_path}"]', '',
             '[sink]', 'table = "bench.customers"', '',
             '[table-defaults]', 'auto-create = true', f'schema-ddl = "{DDL}"', 'identifier-fields = ["id"]',
             'partition-by = ""']
    if upsert:
        lines += ['upsert = true', 'cdc-format = "debezium"']
    lines += ['', '[commit]', 'interval-ms = 3600000', '', '[maintenance]', 'enabled = false', '']
    with open(path, 'w') as f:
        f.write('\n'.join(lines))


def ingest(a, kind, input_path, run):
    wh = os.path.join(a.workdir, f'wh-{kind}-{run}')
    shutil.rmtree(wh, ignore_errors=True)
    toml = os.path.join(a.workdir, f'{kind}.toml')
    pipeline(toml, wh, input_path, upsert=(kind == 'upsert'))
    load = c.loadavg()[0]
    t = c.timed([a.firn, 'run', '-c', toml], os.path.join(a.workdir, f'{kind}.out'),
                os.path.join(a.workdir, f'{kind}.err'))
    if t['rc'] != 0:
        raise SystemExit(f'{kind} failed: ' + open(os.path.join(a.workdir, f'{kind}.err')).read()[-3000:])
    t['load'] = load
    return wh, t


def duckdb(a, changes, threads, run):
    out = os.path.join(a.workdir, f'duckdb-{threads}-{run}.parquet')
    t = c.timed(['node', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'duckdb_upsert.mjs'), changes,
                 '--out', out, '--threads', str(threads)],
                os.path.join(a.workdir, 'duckdb.out'), os.path.join(a.workdir, 'duckdb.err'))
    if t['rc'] != 0:
        raise SystemExit('duckdb failed: ' + open(os.path.join(a.workdir, 'duckdb.err')).read()[-3000:])
    t['result'] = json.loads(open(os.path.join(a.workdir, 'duckdb.out')).read())
    return t


def scan(a, wh, label):
    best = None
    for _ in range(a.runs):
        t = c.timed([a.firn, 'scan', 'bench.customers', '--warehouse', wh, '--format', 'csv'], '/dev/null',
                    os.path.join(a.workdir, f'scan-{label}.err'))
        if t['rc'] != 0:
            raise SystemExit(f'scan {label} failed: ' + open(os.path.join(a.workdir, f'scan-{label}.err')).read())
        if best is None or t['cpu_s'] < best['cpu_s']:
            best = t
    return best


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--firn', required=True)
    p.add_argument('--events', type=int, default=5_000_000)
    p.add_argument('--keys', type=int, default=1_000_000)
    p.add_argument('--runs', type=int, default=3)
    p.add_argument('--seed', type=int, default=1)
    p.add_argument('--workdir', default='bench/out/upsert')
    a = p.parse_args()
    a.firn = os.path.abspath(a.firn)
    a.workdir = os.path.abspath(a.workdir)
    changes, rows, final = generate(a)
    row_count = sum(1 for _ in open(rows))
    print(f'# {a.events:,} Debezium events over {a.keys:,} keys ({os.path.getsize(changes):,} bytes); '
          f'{row_count:,} row images ({os.path.getsize(rows):,} bytes)', flush=True)
    results = {'upsert': [], 'append': [], 'duckdb-1': [], 'duckdb-2': []}
    wh_upsert = None
    final_rows = sum(1 for _ in open(final))
    for run in range(a.runs):
        for kind, path in (('upsert', changes), ('append', rows)):
            load = c.loadavg()[0]
            wh, t = ingest(a, kind, path, run)
            if kind == 'upsert':
                wh_upsert = wh
            results[kind].append(t)
            rps = a.events / t['wall_s'] if kind == 'upsert' else row_count / t['wall_s']
            print(f'{kind:8} run {run}: load {load:.1f}  wall {t["wall_s"]:.2f} s  cpu {t["cpu_s"]:.2f} s  '
                  f'{rps:,.0f} records/s  rss {t["max_rss_kb"] / 1024:.0f} MB', flush=True)
        for threads in (1, 2):
            load = c.loadavg()[0]
            t = duckdb(a, changes, threads, run)
            if t['result']['rows'] != final_rows:
                raise SystemExit(f'duckdb wrote {t["result"]["rows"]} rows, the stream ends with {final_rows}')
            results[f'duckdb-{threads}'].append(t)
            print(f'duckdb-{threads} run {run}: load {load:.1f}  wall {t["wall_s"]:.2f} s  cpu {t["cpu_s"]:.2f} s  '
                  f'{a.events / t["wall_s"]:,.0f} records/s  rss {t["max_rss_kb"] / 1024:.0f} MB  '
                  f'({t["result"]["rows"]:,} rows, {t["result"]["duckdb"]})', flush=True)
    for kind in results:
        n = row_count if kind == 'append' else a.events
        best = min(results[kind], key=lambda t: t['wall_s'])
        print(f'best {kind:8}: {n / best["wall_s"]:,.0f} records/s wall, {n / best["cpu_s"]:,.0f} per CPU s, '
              f'wall {best["wall_s"]:.2f} s')

    # Read amplification. The merge-on-read scans come first, then the same table is
    # compacted in place and scanned again.
    wh_once, _ = ingest(a, 'once', final, 0)
    merge = scan(a, wh_upsert, 'merge-on-read')
    health = subprocess.run([a.firn, 'health', 'bench.customers', '--warehouse', wh_upsert, '--format', 'json'],
                            check=True, capture_output=True, text=True)
    counts = json.loads(health.stdout)['counts']
    print(f'upserted table: {counts["data_files"]} data files, {counts["delete_files"]} delete files '
          f'({counts["equality_delete_files"]} equality, {counts["position_delete_files"]} position), '
          f'{counts["records"]:,} data rows, {counts["deleted_records"]:,} delete rows, '
          f'read amplification {counts["read_amplification"]:.2f}x')
    t = c.timed([a.firn, 'maintain', 'bench.customers', 'compact', '--warehouse', wh_upsert],
                os.path.join(a.workdir, 'compact.out'), os.path.join(a.workdir, 'compact.err'))
    if t['rc'] != 0:
        raise SystemExit('compact failed: ' + open(os.path.join(a.workdir, 'compact.err')).read()[-3000:])
    print(f'compaction: wall {t["wall_s"]:.2f} s  cpu {t["cpu_s"]:.2f} s: ' +
          ' '.join(open(os.path.join(a.workdir, 'compact.out')).read().split())[:400])
    compacted = scan(a, wh_upsert, 'compacted')
    once = scan(a, wh_once, 'once')
    for label, t in (('merge-on-read', merge), ('compacted', compacted), ('written once', once)):
        print(f'scan {label:14}: wall {t["wall_s"]:.2f} s  cpu {t["cpu_s"]:.2f} s  '
              f'{t["cpu_s"] / once["cpu_s"]:.2f}x of written once (CPU)  rss {t["max_rss_kb"] / 1024:.0f} MB')

if __name__ == '__main__':
    main()
