#!/usr/bin/python3
"""Compaction while ingest runs (issue 5's proof): records stream into librdkafka's mock
cluster (`firn kafka-mock`) for about 15 s while `firn run` commits them every second into
a partitioned table and compacts it every few seconds in the background. Then a drain run
(--until-caught-up) takes the rest.

Checked: the table holds exactly the produced records (a multiset: nothing lost, nothing
twice); compaction committed several times beside ingest; no ingest commit was refused or
needed a second attempt (the commit gate orders them in one process); and the table ends
with far fewer data files than ingest wrote.

Usage: compaction_while_ingest_test.py FIRN_BIN WORKDIR [--seconds S] [--rate R]
"""
import argparse
import collections
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

from confluent_kafka import Producer

from firn_kafka import MockKafka, fail

PARTITIONS = 4


def log(msg):
    print(f"[compaction_while_ingest {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def write_config(path, bootstrap, warehouse):
    with open(path, "w") as f:
        f.write(f"""
[catalog]
warehouse = "{warehouse}"

[source]
type = "kafka"
topics = ["events"]
group-id = "compaction-test"

[source.kafka]
"bootstrap.servers" = "{bootstrap}"
"auto.offset.reset" = "earliest"
"fetch.wait.max.ms" = 50
"session.timeout.ms" = 4500
"heartbeat.interval.ms" = 500

[sink]
table = "ct.events"

[table-defaults]
auto-create = true
schema-ddl = "id string, seq long, ts timestamptz, note string"
partition-by = "bucket(4, id)"
sort-by = "seq desc"

[commit]
interval-ms = 1000

[maintenance]
check-interval-ms = 500
compaction-interval-ms = 3000
small-file-trigger = 3
min-input-files = 2
""")


def scan_ids(firn, warehouse):
    out = subprocess.run([firn, "scan", "ct.events", "--warehouse", warehouse, "--columns", "id", "--format", "jsonl"],
                         capture_output=True, text=True)
    if out.returncode != 0:
        fail(f"scan: {out.stderr}")
    return [json.loads(line)["id"] for line in out.stdout.splitlines() if line.strip()]


def live_data_files(firn, warehouse):
    out = subprocess.run([firn, "health", "ct.events", "--warehouse", warehouse, "--format", "json"],
                         capture_output=True, text=True)
    if out.returncode != 0:
        fail(f"health: {out.stderr}")
    return json.loads(out.stdout)["file_sizes"]["data_files"]


def check_sorted_files(firn, warehouse):
    """The auto-created table has sort-by = "seq desc": every file compaction wrote records
    sort order 1 and holds its rows in that order; ingest's files are marked unsorted."""
    out = subprocess.run([firn, "inspect", "ct.events", "data_files", "--warehouse", warehouse, "--format", "jsonl"],
                         capture_output=True, text=True)
    if out.returncode != 0:
        fail(f"inspect: {out.stderr}")
    sorted_files = 0
    for line in out.stdout.splitlines():
        f = json.loads(line)
        if f.get("sort_order_id") != 1:
            if f.get("sort_order_id") != 0:
                fail(f"{f['file_path']}: sort_order_id {f.get('sort_order_id')}, expected 0 (ingest) or 1 (compaction)")
            continue
        cat = subprocess.run([firn, "parquet", "cat", f["file_path"]], capture_output=True, text=True)
        if cat.returncode != 0:
            fail(f"parquet cat {f['file_path']}: {cat.stderr}")
        seqs = [json.loads(r)["seq"] for r in cat.stdout.splitlines()]
        if seqs != sorted(seqs, reverse=True):
            fail(f"{f['file_path']} is marked sorted by seq desc but is not")
        sorted_files += 1
    if sorted_files == 0:
        fail("no data file written by compaction records the table's sort order")
    return sorted_files


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("firn")
    ap.add_argument("workdir")
    ap.add_argument("--seconds", type=float, default=15)
    ap.add_argument("--rate", type=int, default=2000)
    args = ap.parse_args()
    firn = os.path.abspath(args.firn)
    work = os.path.abspath(args.workdir)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    env = dict(os.environ, FIRN_LOG_LEVEL="info")
    empty = os.path.join(work, "empty.ndjson")
    open(empty, "w").close()
    mock = MockKafka(firn, work, "mock", empty, partitions=PARTITIONS, env=env)
    warehouse = os.path.join(work, "warehouse")
    config = os.path.join(work, "pipeline.toml")
    write_config(config, mock.bootstrap, warehouse)
    produced = []
    try:
        run_log = open(os.path.join(work, "run-1.log"), "w")
        run = subprocess.Popen([firn, "run", "-c", config], stdout=run_log, stderr=subprocess.STDOUT, env=env)
        producer = Producer({"bootstrap.servers": mock.bootstrap, "linger.ms": 20})
        start = time.time()
        seq = 0
        while time.time() - start < args.seconds:
            tick = time.time()
            for _ in range(args.rate // 10):
                rid = f"r{seq:07d}"
                rec = {"id": rid, "seq": seq, "ts": f"2026-11-24T00:{(seq // 60) % 60:02d}:{seq % 60:02d}Z",
                       "note": "x" * (seq % 50)}
                producer.produce("events", key=rid, value=json.dumps(rec))
                produced.append(rid)
                seq += 1
            producer.poll(0)
            time.sleep(max(0.0, 0.1 - (time.time() - tick)))
        if producer.flush(30) != 0:
            fail("the producer could not deliver every record")
        log(f"produced {len(produced)} records in {time.time() - start:.1f} s")
        del producer
        time.sleep(3)
        run.send_signal(signal.SIGTERM)
        try:
            code = run.wait(timeout=60)
        except subprocess.TimeoutExpired:
            run.kill()
            fail("firn run did not stop within 60 s of SIGTERM")
        if code != 0:
            fail(f"firn run exited {code} (see run-1.log)")
        drain = subprocess.run([firn, "run", "-c", config, "--until-caught-up"], capture_output=True, text=True,
                               env=env, timeout=120)
        open(os.path.join(work, "run-drain.log"), "w").write(drain.stdout + drain.stderr)
        if drain.returncode != 0:
            fail(f"the drain run exited {drain.returncode}: {drain.stderr[-500:]}")
    finally:
        mock.stop()

    text = open(os.path.join(work, "run-1.log")).read()
    got = collections.Counter(scan_ids(firn, warehouse))
    want = collections.Counter(produced)
    missing, extra = want - got, got - want
    if missing or extra:
        fail(f"{sum(missing.values())} records missing (e.g. {sorted(missing)[:5]}), "
             f"{sum(extra.values())} extra (e.g. {sorted(extra)[:5]})")
    log(f"ct.events holds exactly the {len(produced)} produced records")
    compactions = len(re.findall(r"compaction of ct\.events", text))
    commits = len(re.findall(r"ct\.events: snapshot \d+, ", text))
    written = sum(int(n) for n in re.findall(r"ct\.events: snapshot \d+, \d+ records, (\d+) files", text))
    if compactions < 2:
        fail(f"only {compactions} compactions committed beside {commits} ingest commits (see run-1.log)")
    if "refused" in text or "attempts)" in text:
        fail("an ingest commit was refused or retried while compaction ran (see run-1.log)")
    files = live_data_files(firn, warehouse)
    log(f"{commits} ingest commits wrote {written} files; {compactions} compactions ran beside them; "
        f"the table has {files} data files now")
    if files * 2 > written:
        fail(f"compaction left {files} data files of the {written} ingest wrote")
    log(f"{check_sorted_files(firn, warehouse)} files written by compaction are sorted by seq desc")
    log("PASS")


if __name__ == "__main__":
    sys.exit(main())
