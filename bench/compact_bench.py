#!/usr/bin/env python3
"""Compaction throughput (issue 5): small files rewritten into 256 MB files, firn against
DuckDB on the same files in the same run. Results go to docs/benchmarks.md.

  python3 bench/compact_bench.py --firn build/firn [--files 2000] [--rows-per-file 21000]
                                 [--runs 3] [--workdir bench/out/compact]
                                 [--sort-by "event_type, user_id"]

Setup (once per workdir): `firn run` streams the standard events (bench/out/events_5000000
.ndjson, repeated as often as needed, through stdin) into an unpartitioned table with
commit.max-records = rows-per-file, so that every commit adds one small file (about 1 MB
at 21,000 events), as a streaming writer does. Then, per run and interleaved:
  firn:      firn maintain bench.small compact --target-file-size 256MB --min-input-files 2
             on a fresh copy of the warehouse (single-threaded);
  duckdb-1:  COPY (SELECT * FROM read_parquet([the same files])) TO ... (FORMAT parquet,
             COMPRESSION zstd) with SET threads = 1;
  duckdb-N:  the same with every core.
With --sort-by COLS (plain column names, no nulls in them, so that both engines' default
null orders agree) the rewrite sorts: firn with `--strategy sort --sort-order COLS`
and --memory 1GB (so half a GB sorts before a run spills to the workdir; DuckDB's ORDER
BY uses up to its default memory limit, 80% of RAM), DuckDB with
`ORDER BY COLS` in the SELECT.
Each is one child process timed with os.wait4 (wall, CPU = user + sys over its threads,
peak RSS). MB/s per core = input MB (1e6 bytes) / CPU seconds.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ingest_common as c  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def setup(a):
    wh = os.path.join(a.workdir, 'wh0')
    marker = os.path.join(a.workdir, f'ready-{a.files}-{a.rows_per_file}-nomaint')
    if os.path.exists(marker):
        return wh
    shutil.rmtree(a.workdir, ignore_errors=True)
    os.makedirs(a.workdir)
    events = os.path.abspath(a.events)
    need = a.files * a.rows_per_file
    copies = (need + 5_000_000 - 1) // 5_000_000
    toml = os.path.join(a.workdir, 'setup.toml')
    c.write_pipeline(toml, warehouse=os.path.abspath(wh), partition_by='', source='[source]\ntype = "stdin"')
    with open(toml, 'a') as f:
        # One file per commit, and no maintenance inside the run: the input must stay small
        # files (firn run compacts by default).
        f.write(f'max-records = {a.rows_per_file}\n\n[maintenance]\nenabled = false\n')
    print(f'# setup: {a.files} files of {a.rows_per_file} events through firn run (stdin)', flush=True)
    cat = subprocess.Popen(['bash', '-c', f'for i in $(seq {copies}); do cat {events}; done | head -n {need}'],
                           stdout=subprocess.PIPE)
    r = subprocess.run([a.firn, 'run', '-c', toml], stdin=cat.stdout, capture_output=True, text=True)
    cat.wait()
    if r.returncode != 0:
        raise SystemExit('setup failed: ' + r.stderr[-2000:])
    open(marker, 'w').close()
    return wh


def run_firn(a, wh0, run):
    wh = os.path.join(a.workdir, f'wh-firn-{run}')
    shutil.rmtree(wh, ignore_errors=True)
    shutil.copytree(wh0, wh)
    out, err = os.path.join(a.workdir, f'firn-{run}.json'), os.path.join(a.workdir, f'firn-{run}.err')
    cmd = [a.firn, 'maintain', 'bench.events', 'compact', '--warehouse', wh, '--target-file-size', '256MB',
           '--min-input-files', '2', '--format', 'json']
    if a.sort_by:
        cmd += ['--strategy', 'sort', '--sort-order', a.sort_by, '--spill-dir', os.path.abspath(a.workdir),
                '--memory', a.memory]
    t = c.timed(cmd, out, err)
    res = json.load(open(out)) if t['rc'] == 0 else {}
    shutil.rmtree(wh, ignore_errors=True)
    return t, res


def input_files(a, wh0):
    """The table's live data files (what firn compacts; DuckDB gets the same list)."""
    r = subprocess.run([a.firn, 'inspect', 'bench.events', 'data_files', '--warehouse', wh0, '--format', 'jsonl'],
                       capture_output=True, text=True, check=True)
    return sorted(json.loads(line)['file_path'] for line in r.stdout.splitlines() if line.strip())


def run_duckdb(a, files_list, threads, run):
    out = os.path.join(a.workdir, f'duckdb-{threads}-{run}.parquet')
    o, e = os.path.join(a.workdir, f'duckdb-{threads}-{run}.json'), os.path.join(a.workdir, f'duckdb-{threads}-{run}.err')
    cmd = ['node', os.path.join(HERE, 'duckdb_compact.mjs'), '--list', files_list, '--out', out,
           '--threads', str(threads)]
    if a.sort_by:
        cmd += ['--order-by', a.sort_by]
    t = c.timed(cmd, o, e)
    res = json.load(open(o)) if t['rc'] == 0 else {}
    if os.path.exists(out):
        os.unlink(out)
    return t, res


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--firn', required=True)
    p.add_argument('--events', default=os.path.join(HERE, 'out', 'events_5000000.ndjson'))
    p.add_argument('--files', type=int, default=2000)
    p.add_argument('--rows-per-file', type=int, default=21000)
    p.add_argument('--runs', type=int, default=3)
    p.add_argument('--workdir', default=os.path.join(HERE, 'out', 'compact'))
    p.add_argument('--sort-by', default='', help='sort the rewrite by these columns (both engines)')
    p.add_argument('--memory', default='1GB', help="firn's --memory for the sorted rewrite (half of it sorts)")
    a = p.parse_args()
    wh0 = setup(a)
    files = input_files(a, wh0)
    in_bytes = sum(os.path.getsize(f) for f in files)
    files_list = os.path.join(a.workdir, 'files.txt')
    with open(files_list, 'w') as f:
        f.write('\n'.join(files) + '\n')
    cores = os.cpu_count()
    print(f'# input: {len(files)} files, {in_bytes:,} bytes (avg {in_bytes // max(1, len(files)):,}); '
          f'{cores} cores; {"sorted by " + a.sort_by if a.sort_by else "bin-pack (no sort)"}', flush=True)
    rows = []
    for run in range(1, a.runs + 1):
        for engine in ['firn', 'duckdb-1', f'duckdb-{cores}']:
            load = c.loadavg()[0]
            if engine == 'firn':
                t, res = run_firn(a, wh0, run)
                out_rows, out_bytes = res.get('records_written'), res.get('bytes_added')
                out_files = res.get('files_added')
            else:
                t, res = run_duckdb(a, files_list, int(engine.split('-')[1]), run)
                out_rows, out_bytes, out_files = res.get('rows'), res.get('output_bytes'), 1
            r = {'run': run, 'engine': engine, 'load': load, **t, 'rows': out_rows, 'output_bytes': out_bytes,
                 'output_files': out_files, 'input_bytes': in_bytes, 'input_files': len(files),
                 'mb_per_cpu_s': round(in_bytes / 1e6 / t['cpu_s'], 1) if t['cpu_s'] else None,
                 'mb_per_s': round(in_bytes / 1e6 / t['wall_s'], 1)}
            rows.append(r)
            print(json.dumps(r), flush=True)
    print('\n| engine | runs | MB/s per core (best, median) | MB/s wall (best) | CPU s (best) | peak RSS | output |')
    print('|---|---|---|---|---|---|---|')
    for engine in ['firn', 'duckdb-1', f'duckdb-{cores}']:
        rs = [r for r in rows if r['engine'] == engine and r['rc'] == 0]
        if not rs:
            print(f'| {engine} | 0 | failed | | | | |')
            continue
        per_core = [r['mb_per_cpu_s'] for r in rs]
        print(f"| {engine} | {len(rs)} | {max(per_core)}, {statistics.median(per_core)} | "
              f"{max(r['mb_per_s'] for r in rs)} | {min(r['cpu_s'] for r in rs)} | "
              f"{max(r['max_rss_kb'] for r in rs) // 1024} MiB | {rs[0]['output_files']} files, "
              f"{rs[0]['output_bytes']:,} bytes, {rs[0]['rows']:,} rows |")
    return 0 if all(r['rc'] == 0 for r in rows) else 1


if __name__ == '__main__':
    sys.exit(main())
