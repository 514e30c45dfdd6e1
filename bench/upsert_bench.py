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
Read amplification (after the last run): `firn scan --format csv > /dev/null` of
  (a) the upserted table (merge on read: equality and position deletes applied),
  (b) the same table after `firn maintain ... compact` (deletes folded in),
  (c) a table holding the same final rows written once,
best of --runs each; and the same three through DuckDB is not possible (DuckDB's iceberg
reader is not used here), so the comparison is firn against firn on the same machine.
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
    results = {'upsert': [], 'append': []}
    wh_upsert = None
    for run in range(a.runs):
        for kind, path in (('upsert', changes), ('append', rows)):
            wh, t = ingest(a, kind, path, run)
            if kind == 'upsert':
                wh_upsert = wh
            results[kind].append(t)
            rps = a.events / t['wall_s'] if kind == 'upsert' else row_count / t['wall_s']
            print(f'{kind:7} run {run}: load {t["load"]:.1f}  wall {t["wall_s"]:.2f} s  cpu {t["cpu_s"]:.2f} s  '
                  f'{rps:,.0f} records/s  rss {t["max_rss_kb"] / 1024:.0f} MB', flush=True)
    for kind, n in (('upsert', a.events), ('append', row_count)):
        best = min(results[kind], key=lambda t: t['wall_s'])
        print(f'best {kind}: {n / best["wall_s"]:,.0f} records/s wall, {n / best["cpu_s"]:,.0f} per CPU s')

    # Read amplification.
    wh_once, _ = ingest(a, 'once', final, 0)
    merge = scan(a, wh_upsert, 'merge-on-read')
    wh_compacted = os.path.join(a.workdir, 'wh-compacted')
    shutil.rmtree(wh_compacted, ignore_errors=True)
    shutil.copytree(wh_upsert, wh_compacted)
    subprocess.run([a.firn, 'maintain', 'bench.customers', 'compact', '--warehouse', wh_compacted], check=True,
                   capture_output=True)
    compacted = scan(a, wh_compacted, 'compacted')
    once = scan(a, wh_once, 'once')
    for label, t in (('merge-on-read', merge), ('compacted', compacted), ('written once', once)):
        print(f'scan {label:14}: wall {t["wall_s"]:.2f} s  cpu {t["cpu_s"]:.2f} s  '
              f'{t["cpu_s"] / once["cpu_s"]:.2f}x of written once (CPU)  rss {t["max_rss_kb"] / 1024:.0f} MB')


if __name__ == '__main__':
    main()
