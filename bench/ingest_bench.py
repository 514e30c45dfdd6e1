#!/usr/bin/env python3
"""The streaming-ingest benchmark's measurements, one run each, as JSON lines appended to
a results file; bench/run_ingest.sh calls them in turn and then `report`.

  ingest_bench.py file   --firn F --input NDJSON --engine firn|duckdb --threads N [--no-order]
  ingest_bench.py kafka  --firn F --input NDJSON --partitions P
  ingest_bench.py rss    --firn F --input NDJSON --partition-by SPEC --memory-budget B
  ingest_bench.py report RESULTS.jsonl [--markdown OUT.md]
  (common: --workdir DIR --results FILE --run I)

file:  NDJSON -> committed table (firn run, file source, one commit at the end) or
       NDJSON -> zstd Parquet (DuckDB COPY, bench/duckdb_ingest.mjs).
kafka: `firn kafka-mock` loaded with the NDJSON (keyed by event_id over P partitions), then
       `firn run --until-caught-up`; records/s from the "kafka: assigned" log line to exit.
rss:   file source into a table with many partitions under a memory budget; peak RSS.
The freshness measurement is bench/freshness.py.
"""
import argparse
import json
import os
import shutil
import statistics
import sys

sys.dont_write_bytecode = True  # no __pycache__ in bench/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ingest_common as c  # noqa: E402

FLOOR_RECORDS_PER_S = 1_800_000  # simdjson decode + zstd-1 on one core (issue 4)
HERE = os.path.dirname(os.path.abspath(__file__))


def append(results, rec):
    with open(results, 'a') as f:
        f.write(json.dumps(rec) + '\n')
    print(json.dumps(rec), flush=True)


def base(a, bench, engine):
    return {'bench': bench, 'engine': engine, 'run': a.run, 'load_before': c.loadavg()}


def cmd_file(a):
    os.makedirs(a.workdir, exist_ok=True)
    records_in = sum(1 for _ in open(a.input, 'rb')) if a.count_lines else a.records
    if a.engine == 'firn':
        # write-threads = 0: one thread decodes and writes (issue 4's single-thread case);
        # the default, 1, writes on a second thread while the first decodes.
        rec = base(a, 'file', 'firn' if a.write_threads == 1 else f'firn-w{a.write_threads}')
        wh = os.path.join(a.workdir, f'wh-file-{a.run}')
        shutil.rmtree(wh, ignore_errors=True)
        toml = os.path.join(a.workdir, 'file.toml')
        c.write_pipeline(toml, warehouse=wh, partition_by=a.partition_by, write_threads=a.write_threads,
                         source=f'[source]\ntype = "file"\npaths = ["{os.path.abspath(a.input)}"]')
        tag = f'firn-w{a.write_threads}-{a.run}'
        out, err = os.path.join(a.workdir, f'file-{tag}.out'), os.path.join(a.workdir, f'file-{tag}.err')
        t = c.timed([a.firn, 'run', '-c', toml], out, err)
        summary = c.parse_run_summary(open(out).read())
        sizes = c.data_files(wh)
        rec.update(t)
        rec.update(summary)
        rec.update({'records': summary.get('records_committed', 0), 'output_bytes': sum(sizes),
                    'files': len(sizes), 'partition_by': a.partition_by})
        shutil.rmtree(wh, ignore_errors=True)
    else:
        name = f'duckdb-t{a.threads}' + ('-noorder' if a.no_order else '')
        rec = base(a, 'file', name)
        pq = os.path.join(a.workdir, f'duckdb-{a.run}.parquet')
        out, err = os.path.join(a.workdir, f'file-{name}-{a.run}.out'), os.path.join(a.workdir, f'file-{name}-{a.run}.err')
        cmd = ['node', os.path.join(HERE, 'duckdb_ingest.mjs'), a.input, '--out', pq, '--threads', str(a.threads)]
        if a.no_order:
            cmd.append('--no-order')
        t = c.timed(cmd, out, err)
        rec.update(t)
        try:
            d = json.loads(open(out).read().strip().splitlines()[-1])
        except (ValueError, IndexError):
            d = {}
        rec.update({'records': d.get('rows', 0), 'output_bytes': d.get('output_bytes', 0), 'files': 1,
                    'copy_seconds': d.get('copy_seconds'), 'duckdb': d.get('duckdb')})
        if os.path.exists(pq):
            os.unlink(pq)
    rec['input_bytes'] = os.path.getsize(a.input)
    rec['records_expected'] = records_in
    rec['ok'] = rec['rc'] == 0 and rec['records'] == records_in
    append(a.results, rec)
    return 0 if rec['ok'] else 1


def proc_cpu_s(pid):
    """CPU seconds (user + sys) a live process has used so far."""
    with open(f'/proc/{pid}/stat') as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')


def cmd_kafka(a):
    os.makedirs(a.workdir, exist_ok=True)
    rec = base(a, 'kafka', 'firn')
    mock = c.MockCluster(a.firn, a.workdir, partitions=a.partitions, topic='events',
                         produce=os.path.abspath(a.input), key_field='event_id')
    try:
        produced = c.grouped_int(mock.produced_text().split('produced ', 1)[1].split(' records', 1)[0])
        wh = os.path.join(a.workdir, f'wh-kafka-{a.run}')
        shutil.rmtree(wh, ignore_errors=True)
        toml = os.path.join(a.workdir, 'kafka.toml')
        group = f'bench-{a.run}'
        c.write_pipeline(toml, warehouse=wh, partition_by=a.partition_by, source=f'''
[source]
type = "kafka"
topics = ["events"]
group-id = "{group}"

[source.kafka]
"bootstrap.servers" = "{mock.bootstrap}"
"auto.offset.reset" = "earliest"
"session.timeout.ms" = 6000''')
        out, err = os.path.join(a.workdir, f'kafka-{a.run}.out'), os.path.join(a.workdir, f'kafka-{a.run}.err')
        rec['load_before'] = c.loadavg()  # after the mock's loading
        mock_cpu0 = proc_cpu_s(mock.proc.pid)
        t = c.timed([a.firn, 'run', '-c', toml, '--until-caught-up'], out, err)
        mock_cpu = proc_cpu_s(mock.proc.pid) - mock_cpu0
    finally:
        mock.stop()
    summary = c.parse_run_summary(open(out).read())
    assigned = None
    for line in open(err, errors='replace'):
        if 'kafka: assigned' in line:
            assigned = c.log_time(line)
            break
    rec.update(t)
    rec.update(summary)
    records = summary.get('records_committed', 0)
    sizes = c.data_files(wh)
    shutil.rmtree(wh, ignore_errors=True)
    rec.update({'records': records, 'records_expected': produced, 'partitions': a.partitions,
                'output_bytes': sum(sizes), 'files': len(sizes), 'mock_setup_s': round(mock.setup_s, 2),
                'mock_cpu_s_during_run': round(mock_cpu, 2),
                'join_s': round(assigned - t['start'], 3) if assigned else None,
                'consume_s': round(t['end'] - assigned, 3) if assigned else None})
    rec['consume_records_per_s'] = round(records / rec['consume_s']) if rec['consume_s'] else None
    rec['ok'] = t['rc'] == 0 and records == produced and assigned is not None
    append(a.results, rec)
    return 0 if rec['ok'] else 1


def cmd_rss(a):
    os.makedirs(a.workdir, exist_ok=True)
    rec = base(a, 'rss', 'firn')
    wh = os.path.join(a.workdir, f'wh-rss-{a.run}')
    shutil.rmtree(wh, ignore_errors=True)
    toml = os.path.join(a.workdir, 'rss.toml')
    c.write_pipeline(toml, warehouse=wh, partition_by=a.partition_by, memory_budget=a.memory_budget,
                     source=f'[source]\ntype = "file"\npaths = ["{os.path.abspath(a.input)}"]')
    out, err = os.path.join(a.workdir, f'rss-{a.run}.out'), os.path.join(a.workdir, f'rss-{a.run}.err')
    t = c.timed([a.firn, 'run', '-c', toml], out, err)
    summary = c.parse_run_summary(open(out).read())
    sizes = c.data_files(wh)
    partitions = set()
    for root, _, files in os.walk(wh):
        if any(f.endswith('.parquet') for f in files):
            partitions.add(root)
    shutil.rmtree(wh, ignore_errors=True)
    rec.update(t)
    rec.update(summary)
    rec.update({'records': summary.get('records_committed', 0), 'partition_by': a.partition_by,
                'memory_budget': a.memory_budget, 'files': len(sizes), 'output_bytes': sum(sizes),
                'avg_file_bytes': round(sum(sizes) / len(sizes)) if sizes else 0,
                'min_file_bytes': min(sizes) if sizes else 0, 'max_file_bytes': max(sizes) if sizes else 0,
                'partition_values': len(partitions), 'input_bytes': os.path.getsize(a.input)})
    rec['ok'] = t['rc'] == 0
    append(a.results, rec)
    return 0 if rec['ok'] else 1


# ---- report ---------------------------------------------------------------------------

def med(xs):
    return statistics.median(xs) if xs else None


def fmt_int(x):
    return '-' if x is None else f'{round(x):,}'


def fmt_f(x, d=2):
    return '-' if x is None else f'{x:.{d}f}'


def load_range(rs):
    ls = [r['load_before'][0] for r in rs]
    return f'{min(ls):.1f}–{max(ls):.1f}' if len(ls) > 1 else f'{ls[0]:.1f}'


def report(a):
    rs = [json.loads(l) for l in open(a.results_file) if l.strip()]
    lines = []
    p = lines.append
    files = [r for r in rs if r['bench'] == 'file' and r.get('ok')]
    bad = [r for r in rs if not r.get('ok')]
    if files:
        p('### File -> committed table (NDJSON, standard events)')
        p('')
        p('| engine | runs | load (1 min) | records | best wall s | median wall s | records/s best | records/s median '
          '| CPU s best | CPU s median | records per CPU s (best) | output bytes | peak RSS MB |')
        p('|---|---|---|---|---|---|---|---|---|---|---|---|---|')
        stats = {}
        engines = sorted({r['engine'] for r in files},
                         key=lambda e: (not e.startswith('firn'), e != 'firn', e != 'duckdb-t1', len(e), e))
        for eng in engines:
            g = [r for r in files if r['engine'] == eng]
            if not g:
                continue
            n = g[0]['records']
            walls = [r['wall_s'] for r in g]
            cpus = [r['cpu_s'] for r in g]
            st = {'best_rps': n / min(walls), 'med_rps': n / med(walls), 'best_cpu_rps': n / min(cpus),
                  'med_cpu_rps': n / med(cpus)}
            stats[eng] = st
            p(f'| {eng} | {len(g)} | {load_range(g)} | {n:,} | {min(walls):.2f} | {med(walls):.2f} | {fmt_int(st["best_rps"])} '
              f'| {fmt_int(st["med_rps"])} | {min(cpus):.2f} | {med(cpus):.2f} | {fmt_int(st["best_cpu_rps"])} '
              f'| {fmt_int(med([r["output_bytes"] for r in g]))} | {max(r["max_rss_kb"] for r in g) / 1024:.0f} |')
        p('')
        # Issue 4's goals: one core against DuckDB's one thread (firn-w0 when it ran), all
        # cores against DuckDB's threads; the other pairs are printed for reference.
        for fe in [e for e in engines if e.startswith('firn')]:
            f = stats[fe]
            for eng in [e for e in engines if not e.startswith('firn')]:
                single = eng == 'duckdb-t1'
                goal = (2.5 if single else 2.0) if (fe == 'firn-w0') == single or 'firn-w0' not in stats else None
                d = stats[eng]
                p(f'- {fe} / {eng}: wall best {f["best_rps"] / d["best_rps"]:.2f}x, wall median '
                  f'{f["med_rps"] / d["med_rps"]:.2f}x, per CPU s {f["best_cpu_rps"] / d["best_cpu_rps"]:.2f}x'
                  + (f' (goal {goal}x)' if goal else ''))
        one = stats.get('firn-w0', stats.get('firn'))
        if one:
            p(f'- {"firn-w0" if "firn-w0" in stats else "firn"} vs the 1.8 M records/s one-core floor: best '
              f'{one["best_rps"] / FLOOR_RECORDS_PER_S:.0%}, median {one["med_rps"] / FLOOR_RECORDS_PER_S:.0%} '
              f'(per CPU s: {one["best_cpu_rps"] / FLOOR_RECORDS_PER_S:.0%})')
        p('')
    kafka = [r for r in rs if r['bench'] == 'kafka' and r.get('ok')]
    if kafka:
        p('### Mock Kafka -> table (firn run --until-caught-up)')
        p('')
        p('| run | load (1 min) | records | partitions | join s | assigned -> exit s | records/s (after assignment) '
          '| total wall s | firn CPU s | mock CPU s (same time) | peak RSS MB |')
        p('|---|---|---|---|---|---|---|---|---|---|---|')
        for r in kafka:
            p(f'| {r["run"]} | {r["load_before"][0]:.1f} | {r["records"]:,} | {r["partitions"]} | {r["join_s"]:.2f} '
              f'| {r["consume_s"]:.2f} | {r["consume_records_per_s"]:,} | {r["wall_s"]:.2f} | {r["cpu_s"]:.2f} '
              f'| {r["mock_cpu_s_during_run"]:.2f} | {r["max_rss_kb"] / 1024:.0f} |')
        rps = [r['consume_records_per_s'] for r in kafka]
        p('')
        p(f'- records/s after assignment: best {max(rps):,}, median {fmt_int(med(rps))}; total wall best '
          f'{min(r["wall_s"] for r in kafka):.2f} s, median {med([r["wall_s"] for r in kafka]):.2f} s')
        p('')
    fresh = [r for r in rs if r['bench'] == 'freshness' and r.get('latency_log')]
    if fresh:
        p('### Freshness (commit.interval-ms = 1000)')
        p('')
        p('latency = visible (firn logged the commit) - produce() call; "from ack" starts at the delivery '
          'report instead (consumer + firn only). "kept up: NO" means records were still not visible '
          '5 s after the last produce (firn was stopped then); their latencies are missing, so that '
          'run\'s percentiles are underestimates.')
        p('')
        p('| config | run | load (1 min) | rate /s | records | snapshots | p50 s | p90 s | p99 s | max s '
          '| p99 s from ack | produce->ack p99 s | p99 s by snapshot timestamp | firn / mock CPU s | kept up |')
        p('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|')
        for r in fresh:
            L, S, A, K = r['latency_log'], r['latency_snapshot_ts'], r.get('latency_from_ack_log'), r.get('produce_to_ack')
            p(f'| {r["engine"]} | {r["run"]} | {r["load_before"][0]:.1f} | {r["achieved_rate"]:,} | {r["records"]:,} '
              f'| {r["snapshots"]} | {L["p50"]:.3f} | {L["p90"]:.3f} | {L["p99"]:.3f} | {L["max"]:.3f} '
              f'| {A["p99"] if A else float("nan"):.3f} | {K["p99"] if K else float("nan"):.3f} | {S["p99"]:.3f} '
              f'| {r["firn_cpu_s"]:.1f} / {r.get("mock_cpu_s", float("nan")):.1f} '
              f'| {"yes" if r.get("ok") else "NO (" + format(r["uncovered"], ",") + " not visible)"} |')
        p('')
        for eng in sorted({r['engine'] for r in fresh}):
            g = [r for r in fresh if r['engine'] == eng]
            p99 = [r['latency_log']['p99'] for r in g]
            p50 = [r['latency_log']['p50'] for r in g]
            p(f'- {eng}: p99 best {min(p99):.3f} s, median {med(p99):.3f} s; p50 best {min(p50):.3f} s, median '
              f'{med(p50):.3f} s; goal p99 < 2 s {"met" if med(p99) < 2 else "NOT met"} (median run)')
        p('')
    rss = [r for r in rs if r['bench'] == 'rss' and r.get('ok')]
    if rss:
        p('### Peak RSS, many partitions, memory budget')
        p('')
        p('| run | load (1 min) | partition-by | budget | records | partition values | peak RSS MB | wall s | CPU s '
          '| files | avg file KB | min–max file KB |')
        p('|---|---|---|---|---|---|---|---|---|---|---|---|')
        for r in rss:
            p(f'| {r["run"]} | {r["load_before"][0]:.1f} | `{r["partition_by"]}` | {r["memory_budget"]} | {r["records"]:,} '
              f'| {r["partition_values"]} | {r["max_rss_kb"] / 1024:.0f} | {r["wall_s"]:.2f} | {r["cpu_s"]:.2f} '
              f'| {r["files"]:,} | {r["avg_file_bytes"] / 1024:.0f} | {r["min_file_bytes"] / 1024:.0f}–{r["max_file_bytes"] / 1024:.0f} |')
        m = [r['max_rss_kb'] / 1024 for r in rss]
        p('')
        p(f'- peak RSS: best {min(m):.0f} MB, median {med(m):.0f} MB (MB = MiB here, from ru_maxrss in KiB)')
        p('')
    if bad:
        p(f'**{len(bad)} run(s) failed or lost records** (see the .err files in the work dir):')
        for r in bad:
            p(f'- {r["bench"]} {r["engine"]} run {r["run"]}: rc {r.get("rc", r.get("firn_rc"))}, records '
              f'{r.get("records")} of {r.get("records_expected")}'
              + (f', {r["uncovered"]:,} not visible 5 s after the last produce' if r.get('uncovered') else ''))
        p('')
    text = '\n'.join(lines)
    print(text)
    if a.markdown:
        with open(a.markdown, 'w') as f:
            f.write(text + '\n')
    return 0


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest='cmd', required=True)
    for name in ['file', 'kafka', 'rss']:
        s = sub.add_parser(name)
        s.add_argument('--firn', required=True)
        s.add_argument('--input', required=True)
        s.add_argument('--workdir', required=True)
        s.add_argument('--results', required=True)
        s.add_argument('--run', type=int, default=1)
        s.add_argument('--records', type=int, default=0, help='records in --input (else counted)')
        s.add_argument('--partition-by', default='day(event_time)')
        if name == 'file':
            s.add_argument('--engine', choices=['firn', 'duckdb'], default='firn')
            s.add_argument('--threads', type=int, default=1)
            s.add_argument('--no-order', action='store_true')
            s.add_argument('--write-threads', type=int, default=1, help='firn: write-threads (0: one thread)')
        if name == 'kafka':
            s.add_argument('--partitions', type=int, default=64)
        if name == 'rss':
            s.add_argument('--memory-budget', default='256MB')
    s = sub.add_parser('report')
    s.add_argument('results_file')
    s.add_argument('--markdown')
    a = ap.parse_args()
    if a.cmd == 'report':
        return report(a)
    a.count_lines = a.records == 0
    return {'file': cmd_file, 'kafka': cmd_kafka, 'rss': cmd_rss}[a.cmd](a)


if __name__ == '__main__':
    sys.exit(main())
