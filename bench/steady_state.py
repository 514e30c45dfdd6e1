#!/usr/bin/env python3
"""Steady state with maintenance on (issue 5): an hour of 1-second commits, simulated
faster, into a partitioned table while firn run's maintenance compacts and expires.
File count, snapshot count and metadata size are sampled over time; at the end, scans of
the table are timed against the same rows written in one batch.

  python3 bench/steady_state.py --firn build/firn [--commits 3600] [--records-per-commit 500]
                                [--workdir bench/out/steady] [--sort-by user_id]

"One second" is one commit of --records-per-commit standard events: `firn run` reads them
from stdin with commit.max-records = that many, so 3,600 commits stand for an hour; a
feeder paces them at --rate commits per wall second (10: an hour in 6 minutes). The
maintenance intervals are scaled by the same factor: compaction-interval-ms = 5000 and
check-interval-ms = 500 are a major compaction every 50 s and a minor check every 5 s of
stream time, and history.expire.max-snapshot-age-ms = 20000 with expiry every 5 s keeps
about the last 200 "seconds" of snapshots;
write.metadata.delete-after-commit.enabled with previous-versions-max = 20 keeps the
metadata JSON files to the last 20, as a streaming table should. Sampling every second:
live data files (current snapshot), snapshots in the metadata, bytes under metadata/.
Scans (`firn scan --columns user_id --format csv`, and the same with
--where "user_id = <the first event's>") are timed three times each on the maintained table and on a
table holding the same rows from one `firn table append`.

With --sort-by ORDER the streamed table is created with that sort order (`sort-by` in the
pipeline), so that compaction writes its files sorted (docs/maintenance.md, "Sorting");
the one-batch table stays as `firn table append` writes it, in arrival order.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ingest_common as c  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def metadata_state(wh):
    """(snapshots, metadata bytes, data files in the current snapshot) read from disk."""
    meta = os.path.join(wh, 'bench', 'events', 'metadata')
    if not os.path.isdir(meta):
        return None
    names = os.listdir(meta)
    size = 0
    for n in names:
        try:
            size += os.path.getsize(os.path.join(meta, n))
        except FileNotFoundError:  # deleted (expiry, delete-after-commit) since the listing
            pass
    versions = sorted(n for n in names if n.endswith('.metadata.json'))
    if not versions:
        return None
    try:
        m = json.load(open(os.path.join(meta, versions[-1])))
    except (json.JSONDecodeError, FileNotFoundError):
        return None
    cur = m.get('current-snapshot-id')
    snap = next((s for s in m.get('snapshots', []) if s['snapshot-id'] == cur), None)
    files = int(snap['summary'].get('total-data-files', 0)) if snap else 0
    return len(m.get('snapshots', [])), size, files, len(versions)


def timed_scan(firn, wh, table, where=None):
    cmd = [firn, 'scan', table, '--warehouse', wh, '--columns', 'user_id', '--format', 'csv']
    if where:
        cmd += ['--where', where]
    t0 = time.monotonic()
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        raise SystemExit(f'scan failed: {r.stderr.decode()[-500:]}')
    return time.monotonic() - t0, r.stdout.count(b'\n') - 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--firn', required=True)
    ap.add_argument('--events', default=os.path.join(HERE, 'out', 'events_5000000.ndjson'))
    ap.add_argument('--commits', type=int, default=3600)
    ap.add_argument('--records-per-commit', type=int, default=500)
    ap.add_argument('--rate', type=float, default=10, help='commits (simulated seconds) per wall second')
    ap.add_argument('--workdir', default=os.path.join(HERE, 'out', 'steady'))
    ap.add_argument('--sort-by', default='', help="the streamed table's sort order (compaction sorts by it)")
    a = ap.parse_args()
    shutil.rmtree(a.workdir, ignore_errors=True)
    os.makedirs(a.workdir)
    wh = os.path.abspath(os.path.join(a.workdir, 'wh'))
    n = a.commits * a.records_per_commit
    sample = os.path.join(a.workdir, 'input.ndjson')
    with open(a.events) as src, open(sample, 'w') as out:
        for i, line in enumerate(src):
            if i >= n:
                break
            out.write(line)
    toml = os.path.join(a.workdir, 'steady.toml')
    c.write_pipeline(toml, warehouse=wh, partition_by='bucket(8, user_id)', source='[source]\ntype = "stdin"')
    with open(toml) as f:
        text = f.read()
    if a.sort_by:
        text = text.replace('auto-create = true', f'auto-create = true\nsort-by = "{a.sort_by}"')
    text = text.replace('auto-create = true', 'auto-create = true\nproperties = { "history.expire.max-snapshot-age-ms" = 20000, '
                        '"history.expire.min-snapshots-to-keep" = 10, "write.metadata.delete-after-commit.enabled" = true, '
                        '"write.metadata.previous-versions-max" = 20 }')
    with open(toml, 'w') as f:
        f.write(text + f'max-records = {a.records_per_commit}\n\n[maintenance]\ncheck-interval-ms = 500\n'
                'compaction-interval-ms = 5000\nsmall-file-trigger = 20\nmin-input-files = 5\n'
                'expire-interval-ms = 5000\n')
    samples = []
    done = threading.Event()
    t0 = time.monotonic()

    def sampler():
        while not done.is_set():
            st = metadata_state(wh)
            if st:
                samples.append((round(time.monotonic() - t0, 1),) + st)
            done.wait(1.0)

    th = threading.Thread(target=sampler)
    th.start()
    # The feeder paces the stream: --rate commits' worth of records per wall second, so
    # that the maintenance intervals (in wall time) keep one meaning for the whole run.
    with open(sample, 'rb') as src, open(os.path.join(a.workdir, 'run.log'), 'w') as log:
        p = subprocess.Popen([a.firn, 'run', '-c', toml], stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT)
        period = 1.0 / a.rate
        start = time.monotonic()
        for i in range(a.commits):
            chunk = b''.join(src.readline() for _ in range(a.records_per_commit))
            p.stdin.write(chunk)
            p.stdin.flush()
            delay = start + (i + 1) * period - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        p.stdin.close()
        r = p
        r.wait()
    done.set()
    th.join()
    wall = time.monotonic() - t0
    if r.returncode != 0:
        raise SystemExit('firn run failed; see run.log')
    final = metadata_state(wh)
    samples.append((round(wall, 1),) + final)
    log_text = open(os.path.join(a.workdir, 'run.log')).read()
    summary = [line for line in log_text.splitlines() if line.strip().startswith(('snapshots', 'files', 'maintenance'))]

    # The same rows in one batch.
    wh1 = os.path.abspath(os.path.join(a.workdir, 'wh-batch'))
    subprocess.run([a.firn, 'namespace', 'create', 'bench', '--warehouse', wh1], check=True, capture_output=True)
    subprocess.run([a.firn, 'table', 'create', 'bench.events', '--warehouse', wh1, '--schema-ddl', c.STANDARD_EVENTS_DDL,
                    '--partition-by', 'bucket(8, user_id)'], check=True, capture_output=True)
    subprocess.run([a.firn, 'table', 'append', 'bench.events', sample, '--warehouse', wh1], check=True, capture_output=True)
    batch_state = metadata_state(wh1)

    with open(sample) as f:
        point = f'user_id = {json.loads(f.readline())["user_id"]}'
    scans = {}
    for name, w in (('maintained', wh), ('one batch', wh1)):
        for where in (None, point):
            times = []
            rows = None
            for _ in range(3):
                t, rows = timed_scan(a.firn, w, 'bench.events', where)
                times.append(t)
            scans[(name, where)] = (min(times), sorted(times)[1], rows)

    print(f'# {a.commits} commits of {a.records_per_commit} events ({n:,} rows) in {wall:.1f} s wall')
    for line in summary:
        print('#   ' + line.strip())
    print('\n| t (s) | snapshots | metadata bytes | metadata.json versions | live data files |')
    print('|---|---|---|---|---|')
    step = max(1, len(samples) // 20)
    for s in samples[::step] + ([samples[-1]] if (len(samples) - 1) % step else []):
        print(f'| {s[0]} | {s[1]:,} | {s[2]:,} | {s[4]:,} | {s[3]:,} |')
    print(f'\none batch: {batch_state[2]} data files, {batch_state[0]} snapshot, {batch_state[1]:,} metadata bytes')
    print('\n| scan | table | best s | median s | rows |')
    print('|---|---|---|---|---|')
    for (name, where), (best, med, rows) in scans.items():
        print(f'| {where or "all rows, user_id"} | {name} | {best:.3f} | {med:.3f} | {rows:,} |')
    for where in (None, point):
        ratio = scans[('maintained', where)][0] / scans[('one batch', where)][0]
        print(f'ratio maintained / one batch ({where or "full scan"}): {ratio:.2f}x (goal <= 1.5x)')
    return 0


if __name__ == '__main__':
    sys.exit(main())
