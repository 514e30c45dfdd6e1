#!/usr/bin/python3
"""Freshness of firn's Kafka ingest: for every record, the time from its produce call to
the commit that made it visible in the Iceberg table (bench/run_ingest.sh,
docs/benchmarks.md).

  /usr/bin/python3 bench/freshness.py --firn build/firn --input events.ndjson \
      --workdir DIR --results results.jsonl [--rate 20000] [--seconds 30] [--partitions 16] \
      [--interval-ms 1000] [--run 1] [--label NAME] [--consumer-property K=V]...
      [--producer-property K=V]...

Method:
1. `firn kafka-mock` serves an empty topic; `firn run` (Kafka source, commit.interval-ms,
   table bench.fresh partitioned by day(event_time)) joins it as a consumer group.
2. Once firn is assigned its partitions, this script produces the NDJSON lines of --input
   at a steady --rate (python3-confluent-kafka, librdkafka's default linger.ms=5, lz4),
   keyed by event_id. The produce time of a record is the wall clock (time.time()) at its
   produce() call, which is also given to librdkafka as its CreateTime; the delivery
   reports give each record's partition and offset. (They cannot give its timestamp:
   librdkafka 2.0.2's mock answers every produce with LogAppendTime 1234.)
3. firn stores, in the summary of every snapshot it commits, the next offset to read of
   each partition (firn.kafka.offsets.<group>, docs/exactly-once.md), so snapshot S makes
   visible exactly the records with offset < S's offset in their partition that earlier
   snapshots did not. `firn inspect bench.fresh snapshots --format jsonl` gives them.
4. A snapshot's visibility time is taken two ways:
   - log: when firn's "  bench.fresh: snapshot ID, ..." commit line reached this script
     (after the catalog swap: an upper bound, used for the goal);
   - snapshot: its timestamp-ms (committed_at; set before the metadata file is written and
     swapped, so a lower bound).
   latency = visibility time - produce time. Also reported: produce -> delivery report
   (the producer and the mock broker) and delivery report -> visible (the consumer and
   firn). After producing, the script waits 3 intervals plus 2 s so that interval commits
   cover every record, then stops firn with SIGTERM; a record that only the shutdown
   commit covers makes the run fail (firn did not keep up).
Prints and appends one JSON line with p50/p90/p99/max under each definition.

librdkafka's mock broker (src/rdkafka_mock_handlers.c, rd_kafka_mock_handle_Fetch) answers
a Fetch with at most ONE message set (producer batch) per partition, and holds a Fetch
that finds no data for the whole fetch.wait.max.ms (500 ms by default) even when data
arrives meanwhile; a real broker returns every batch up to max.partition.fetch.bytes and
answers as soon as fetch.min.bytes are there. It also finds the batch for a fetch offset
by walking the partition's retained batches from the oldest (rd_kafka_mock_msgset_find,
"FIXME: Maintain an index"; up to 100,000 batches are kept), so every fetch gets slower
as small batches pile up. With small producer batches (linger.ms=5) the consumer then
falls further and further behind the mock, at 5,000 records/s as at 20,000. --producer-property
linger.ms=20 and --consumer-property fetch.wait.max.ms=50 make the mock behave closer to
a broker; bench/run_ingest.sh measures both ways.
"""
import argparse
import datetime
import functools
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ in bench/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ingest_common as c  # noqa: E402

from confluent_kafka import Producer  # python3-confluent-kafka (Debian), librdkafka 2.0.2

TOPIC = 'fresh'
TABLE = 'bench.fresh'


def percentiles(xs):
    xs = sorted(xs)
    n = len(xs)
    pick = lambda q: xs[min(n - 1, max(0, int(q * n + 0.5) - 1))]  # nearest rank
    return {'p50': round(pick(0.50), 4), 'p90': round(pick(0.90), 4), 'p99': round(pick(0.99), 4),
            'max': round(xs[-1], 4), 'min': round(xs[0], 4), 'mean': round(sum(xs) / n, 4)}


class LineReader(threading.Thread):
    """Reads firn's stderr, keeping (arrival time, line) of every line."""

    def __init__(self, stream, copy_path):
        super().__init__(daemon=True)
        self.stream = stream
        self.lines = []
        self.copy = open(copy_path, 'w')
        self.assigned = threading.Event()

    def run(self):
        for raw in self.stream:
            now = time.time()
            line = raw.decode(errors='replace').rstrip('\n')
            self.lines.append((now, line))
            self.copy.write(f'{now:.3f} {line}\n')
            if 'kafka: assigned' in line:
                self.assigned.set()
        self.copy.close()


def produce(bootstrap, path, rate, total, properties):
    """Produces `total` lines of `path` at `rate`/s; returns ({partition: [(offset, sent_at,
    acked_at)]}, seconds taken, delivery errors). acked_at is when the delivery report was
    served (this loop polls about every millisecond)."""
    delivered = {}
    errors = []

    def on_delivery(sent_at, err, msg):
        if err is not None:
            errors.append(str(err))
        else:
            delivered.setdefault(msg.partition(), []).append((msg.offset(), sent_at, time.time()))

    config = {'bootstrap.servers': bootstrap, 'compression.codec': 'lz4', 'linger.ms': 5,
              'queue.buffering.max.messages': 1_000_000}
    config.update(properties)
    p = Producer(config)
    # Fetch the topic's metadata first: librdkafka would otherwise hold the first records
    # about 1 s for it, which is the producer's start-up and not firn's latency.
    p.list_topics(TOPIC, timeout=30)
    sent = 0
    with open(path, 'rb') as f:
        t0 = time.monotonic()
        while sent < total:
            due = min(total, int((time.monotonic() - t0) * rate) + 1)
            while sent < due:
                line = f.readline().rstrip(b'\n')
                if not line:
                    raise RuntimeError(f'{path} has fewer than {total} lines')
                while True:
                    try:
                        now = time.time()
                        p.produce(TOPIC, value=line, key=line[13:49], timestamp=int(now * 1000),
                                  on_delivery=functools.partial(on_delivery, now))
                        break
                    except BufferError:
                        p.poll(0.01)
                sent += 1
            p.poll(0)
            ahead = sent / rate - (time.monotonic() - t0)
            if ahead > 0:
                time.sleep(ahead)
        seconds = time.monotonic() - t0
    p.flush(60)
    return delivered, seconds, errors


def proc_cpu_s(pid):
    """CPU seconds (user + sys) a live process has used so far."""
    with open(f'/proc/{pid}/stat') as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')


def parse_ts(text):
    return datetime.datetime.fromisoformat(text).timestamp()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--firn', required=True)
    ap.add_argument('--input', required=True)
    ap.add_argument('--workdir', required=True)
    ap.add_argument('--results', required=True)
    ap.add_argument('--run', type=int, default=1)
    ap.add_argument('--rate', type=int, default=20_000)
    ap.add_argument('--seconds', type=float, default=30)
    ap.add_argument('--partitions', type=int, default=16)
    ap.add_argument('--interval-ms', type=int, default=1000)
    ap.add_argument('--label', default='firn', help='the "engine" name in the results')
    ap.add_argument('--consumer-property', action='append', default=[], metavar='K=V',
                    help="a librdkafka property for firn's consumer ([source.kafka]), repeatable")
    ap.add_argument('--producer-property', action='append', default=[], metavar='K=V',
                    help='a librdkafka property for the producer, repeatable')
    a = ap.parse_args()
    consumer_props = dict(kv.split('=', 1) for kv in a.consumer_property)
    producer_props = dict(kv.split('=', 1) for kv in a.producer_property)
    os.makedirs(a.workdir, exist_ok=True)
    total = int(a.rate * a.seconds)
    rec = {'bench': 'freshness', 'engine': a.label, 'run': a.run, 'load_before': c.loadavg(),
           'rate': a.rate, 'partitions': a.partitions, 'interval_ms': a.interval_ms,
           'consumer_properties': consumer_props, 'producer_properties': producer_props}

    mock = c.MockCluster(a.firn, a.workdir, partitions=a.partitions, topic=TOPIC)
    wh = os.path.join(a.workdir, f'wh-{a.label}-{a.run}')
    shutil.rmtree(wh, ignore_errors=True)
    group = f'fresh-{a.run}'
    toml = os.path.join(a.workdir, 'fresh.toml')
    c.write_pipeline(toml, warehouse=wh, table=TABLE, interval_ms=a.interval_ms, source=f'''
[source]
type = "kafka"
topics = ["{TOPIC}"]
group-id = "{group}"

[source.kafka]
"bootstrap.servers" = "{mock.bootstrap}"
"auto.offset.reset" = "earliest"
"session.timeout.ms" = 6000''' + ''.join(f'\n"{k}" = "{v}"' for k, v in consumer_props.items()))
    out_path = os.path.join(a.workdir, f'{a.label}-{a.run}.out')
    firn = None
    try:
        with open(out_path, 'wb') as out:
            firn = subprocess.Popen([a.firn, 'run', '-c', toml], stdout=out, stderr=subprocess.PIPE)
        reader = LineReader(firn.stderr, os.path.join(a.workdir, f'{a.label}-{a.run}.err'))
        reader.start()
        if not reader.assigned.wait(60):
            raise RuntimeError('firn run was not assigned partitions within 60 s')
        delivered, produce_s, errors = produce(mock.bootstrap, a.input, a.rate, total, producer_props)
        time.sleep(3 * a.interval_ms / 1000 + 2)
        firn.send_signal(signal.SIGTERM)
        _, status, ru = os.wait4(firn.pid, 0)
        firn.returncode = os.waitstatus_to_exitcode(status)
        reader.join(10)
        mock_cpu = proc_cpu_s(mock.proc.pid)
    finally:
        if firn is not None and firn.poll() is None:
            firn.kill()
            firn.wait()
        mock.stop()

    # Visibility times of the snapshots, from the log lines.
    seen = {}
    for t, line in reader.lines:
        s = line.strip()
        if s.startswith(TABLE + ': snapshot '):
            seen[int(s.split()[2].rstrip(','))] = t
    snaps = subprocess.run([a.firn, 'inspect', TABLE, 'snapshots', '--format', 'jsonl', '--warehouse', wh],
                           check=True, capture_output=True, text=True).stdout
    key = f'firn.kafka.offsets.{group}'
    snapshots = []
    for line in snaps.splitlines():
        s = json.loads(line)
        offsets = json.loads(s['summary'].get(key, '{}')).get(TOPIC, {})
        snapshots.append({'id': s['snapshot_id'], 'ts': parse_ts(s['committed_at']),
                          'log': seen.get(s['snapshot_id']), 'offsets': {int(k): v for k, v in offsets.items()},
                          'records': int(s['summary'].get('added-records', 0))})

    lat_log, lat_ts, lat_ack = [], [], []
    ack = [r[2] - r[1] for recs in delivered.values() for r in recs]
    uncovered = 0
    shutdown_records = 0
    last_snapshot = snapshots[-1]['id'] if snapshots else None
    for part, recs in delivered.items():
        recs.sort()
        i = 0
        for s in snapshots:
            end = s['offsets'].get(part, 0)
            while i < len(recs) and recs[i][0] < end:
                ts = recs[i][1]
                lat_ts.append(s['ts'] - ts)
                if s['log'] is not None:
                    lat_log.append(s['log'] - ts)
                    lat_ack.append(s['log'] - recs[i][2])
                i += 1
        uncovered += len(recs) - i
    records = sum(len(r) for r in delivered.values())
    # A commit forced by SIGTERM would flatter nothing but mean the wait was too short.
    shutdown = [ln for _, ln in reader.lines if ln.startswith('commit (shutdown)')]
    rec.update({'records': records, 'records_expected': total, 'delivery_errors': len(errors),
                'achieved_rate': round(total / produce_s), 'produce_s': round(produce_s, 2),
                'snapshots': len(snapshots), 'uncovered': uncovered, 'shutdown_commits': len(shutdown),
                'snapshot_records': [s['records'] for s in snapshots],
                'commit_gaps_s': [round(b['ts'] - a_['ts'], 3) for a_, b in zip(snapshots, snapshots[1:])],
                'log_minus_snapshot_ts_s': percentiles([s['log'] - s['ts'] for s in snapshots if s['log']])
                if any(s['log'] for s in snapshots) else None,
                'firn_rc': firn.returncode, 'firn_cpu_s': round(ru.ru_utime + ru.ru_stime, 2),
                'mock_cpu_s': round(mock_cpu, 2),
                'firn_max_rss_kb': ru.ru_maxrss})
    if lat_log:
        rec['latency_log'] = percentiles(lat_log)
    if lat_ts:
        rec['latency_snapshot_ts'] = percentiles(lat_ts)
    if lat_ack:
        # From the delivery report (the broker has the record) to visible: the consumer
        # side and firn alone.
        rec['latency_from_ack_log'] = percentiles(lat_ack)
    if ack:
        rec['produce_to_ack'] = percentiles(ack)
    rec['ok'] = (firn.returncode == 0 and records == total and not errors and uncovered == 0
                 and len(lat_log) == records)
    shutil.rmtree(wh, ignore_errors=True)
    line = json.dumps(rec)
    with open(a.results, 'a') as f:
        f.write(line + '\n')
    print(line, flush=True)
    return 0 if rec['ok'] else 1


if __name__ == '__main__':
    sys.exit(main())
