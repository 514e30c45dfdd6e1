#!/usr/bin/python3
"""Exactly-once under SIGKILL: the proof that firn's offsets-in-the-table protocol holds.

A known set of keyed records goes into librdkafka's mock cluster (`firn kafka-mock`, a
separate process that outlives every firn run), spread over 16 partitions and routed by
a field to two tables. Then, `rounds` times with different seeds, `firn run` starts and
is SIGKILLed at a random moment (chosen from three modes: at a random time, right after
a commit is logged, or shortly after partitions are assigned, i.e. while writing or
committing), and is restarted. A last run drains what is left (--until-caught-up).
Scanning both tables must give exactly the produced records, compared as multisets:
nothing lost, nothing twice.

The --two-workers variant runs two workers in one group: the second one's join
rebalances the first, then one of them is killed and the other takes over its partitions.

Usage: kill_test.py FIRN_BIN WORKDIR [--rounds N] [--records N] [--seed S] [--two-workers]
"""
import argparse
import collections
import json
import os
import random
import shutil
import signal
import subprocess
import time

PARTITIONS = 16
SESSION_TIMEOUT_MS = 4500  # the mock wedges below ~3.5 s; a restart waits about this long


from firn_kafka import MockKafka, Proc, fail


def log(msg):
    print(f"[kill_test {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def make_records(n, rng):
    recs = []
    for i in range(n):
        kind = "a" if rng.random() < 0.6 else "b"
        recs.append({"id": f"r{i:07d}", "kind": kind, "seq": i, "amount": round(rng.random() * 1000, 2),
                     "ts": f"2026-11-24T{(i // 3600) % 24:02d}:{(i // 60) % 60:02d}:{i % 60:02d}Z",
                     "note": "x" * rng.randint(0, 40)})
    return recs


def write_config(path, bootstrap, warehouse):
    with open(path, "w") as f:
        f.write(f"""
[catalog]
warehouse = "{warehouse}"

[source]
type = "kafka"
topics = ["events"]
group-id = "kill-test"

[source.kafka]
"bootstrap.servers" = "{bootstrap}"
"session.timeout.ms" = {SESSION_TIMEOUT_MS}
"heartbeat.interval.ms" = 500
"partition.assignment.strategy" = "range"
"fetch.wait.max.ms" = 50

[sink]
route-field = "kind"
[[sink.route]]
match = "a"
table = "kt.table_a"
[[sink.route]]
match = "b"
table = "kt.table_b"

[table-defaults]
auto-create = true
schema-ddl = "id string, kind string, seq long, amount double, ts timestamptz, note string"
partition-by = "bucket(4, id), hour(ts)"
# Aggressive expiry: every snapshot older than a second goes, except what ingest's offsets need.
properties = {{ "history.expire.max-snapshot-age-ms" = 1000, "history.expire.min-snapshots-to-keep" = 1 }}

[commit]
interval-ms = 400
max-records = 1500

# Maintenance runs beside ingest and is killed with it: compaction every second (minor
# checks every 300 ms), expiry every second.
[maintenance]
check-interval-ms = 300
compaction-interval-ms = 1000
small-file-trigger = 2
min-input-files = 2
expire-interval-ms = 1000
""")


def scan_ids(firn, warehouse, table):
    out = subprocess.run([firn, "scan", table, "--warehouse", warehouse, "--columns", "id", "--format", "jsonl"],
                         capture_output=True, text=True)
    if out.returncode != 0:
        if "does not exist" in out.stderr or "not found" in out.stderr.lower():
            return []
        fail(f"scan {table}: {out.stderr}")
    return [json.loads(line)["id"] for line in out.stdout.splitlines() if line.strip()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("firn")
    ap.add_argument("workdir")
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--records", type=int, default=300000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--two-workers", action="store_true")
    args = ap.parse_args()
    firn = os.path.abspath(args.firn)
    work = os.path.abspath(args.workdir)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    rng = random.Random(args.seed)
    env = dict(os.environ, FIRN_LOG_LEVEL="info")

    records = make_records(args.records, rng)
    data = os.path.join(work, "records.ndjson")
    with open(data, "w") as f:
        for r in records:
            f.write(json.dumps(r, separators=(",", ":")) + "\n")
    mock = MockKafka(firn, work, "mock", data, partitions=PARTITIONS, key_field="id", env=env)
    bootstrap = mock.bootstrap
    log(f"mock cluster at {bootstrap} holds {len(records)} records")
    warehouse = os.path.join(work, "warehouse")
    config = os.path.join(work, "pipeline.toml")
    write_config(config, bootstrap, warehouse)

    def start(tag):
        return Proc([firn, "run", "-c", config], os.path.join(work, f"run-{tag}.log"), env)

    kills = collections.Counter()
    try:
        if args.two_workers:
            run_two_workers(start, rng, kills)
        for rnd in range(args.rounds):
            p = start(rnd)
            mode = rng.choice(["random", "after-commit", "while-writing", "during-maintenance"])
            # A restarted worker gets partitions only once the killed member's session
            # expires (the mock's rebalance delay); wait for the assignment first.
            if p.wait_for("assigned", 30) is None:
                p.kill()
                fail(f"round {rnd}: no partitions assigned in 30 s (see run-{rnd}.log)")
            if mode == "random":
                time.sleep(rng.uniform(0.0, 1.5))
            elif mode == "after-commit":
                start_line = len(p.lines)
                if p.wait_for("commit (", 10, start_line) is None:
                    mode = "random (no commit seen)"
            elif mode == "during-maintenance":
                # Right after a compaction or expiry logged, while the next may be running.
                start_line = len(p.lines)
                if p.wait_for("maintenance: ", 10, start_line) is None:
                    mode = "random (no maintenance seen)"
                time.sleep(rng.uniform(0.0, 0.3))
            else:
                time.sleep(rng.uniform(0.0, 0.4))
            if p.p.poll() is not None:
                fail(f"round {rnd}: firn exited by itself with {p.p.returncode} (see run-{rnd}.log)")
            p.kill()
            kills[mode.split(" ")[0]] += 1
            log(f"round {rnd}: SIGKILL ({mode})")
        # Drain: one worker reads what is left and exits once caught up.
        p = Proc([firn, "run", "-c", config, "--until-caught-up"], os.path.join(work, "run-final.log"), env)
        try:
            code = p.p.wait(timeout=120)
        except subprocess.TimeoutExpired:
            p.kill()
            fail("the final run did not catch up within 120 s (see run-final.log)")
        p.t.join(5)
        if code != 0:
            fail(f"the final run exited {code}: {''.join(p.lines[-5:])}")
        drained = [line for line in open(os.path.join(work, "run-final.log")) if "records committed" in line]
        log(f"the final run: {drained[0].strip() if drained else '?'}")
    finally:
        mock.stop()

    got_a = collections.Counter(scan_ids(firn, warehouse, "kt.table_a"))
    got_b = collections.Counter(scan_ids(firn, warehouse, "kt.table_b"))
    want_a = collections.Counter(r["id"] for r in records if r["kind"] == "a")
    want_b = collections.Counter(r["id"] for r in records if r["kind"] == "b")
    for name, got, want in (("kt.table_a", got_a, want_a), ("kt.table_b", got_b, want_b)):
        missing = want - got
        extra = got - want
        dups = {k: v for k, v in got.items() if v > 1}
        if missing or extra:
            fail(f"{name}: {sum(missing.values())} records missing (e.g. {sorted(missing)[:5]}), "
                 f"{sum(extra.values())} extra (duplicates e.g. {sorted(dups.items())[:5]})")
        log(f"{name}: exactly the {sum(want.values())} produced records")
    # Maintenance ran beside ingest in these runs, and no ingest commit needed a retry for it.
    logs = "".join(open(os.path.join(work, f)).read() for f in os.listdir(work) if f.startswith("run-"))
    compactions = logs.count("compaction of kt.")
    expiries = logs.count("maintenance: expired")
    if compactions == 0:
        fail("no compaction ran beside ingest in any run (see the run-*.log files)")
    log(f"maintenance beside ingest: {compactions} compactions, {expiries} expiries logged")
    log(f"PASS: {args.rounds} kills ({dict(kills)}){', two workers' if args.two_workers else ''}")


def run_two_workers(start, rng, kills):
    """Two workers in one group: B's join rebalances A, then one of them dies."""
    a = start("two-a")
    if a.wait_for("commit (", 30) is None:
        a.kill()
        fail("worker A made no commit in 30 s")
    b = start("two-b")
    # B's join revokes A's partitions (A commits) and splits them.
    if b.wait_for("assigned", 30) is None:
        a.kill()
        b.kill()
        fail("worker B got no partitions in 30 s (see run-two-b.log)")
    time.sleep(rng.uniform(0.2, 1.5))
    victim, survivor = (a, b) if rng.random() < 0.5 else (b, a)
    victim.kill()
    kills["two-workers"] += 1
    log(f"two workers: killed {'A' if victim is a else 'B'}")
    # The survivor takes the victim's partitions once its session expires.
    start_line = len(survivor.lines)
    if survivor.wait_for("assigned", 30, start_line) is None:
        survivor.kill()
        fail("the surviving worker did not take over the partitions in 30 s")
    time.sleep(rng.uniform(0.5, 2.0))
    survivor.p.send_signal(signal.SIGTERM)
    try:
        code = survivor.p.wait(30)
    except subprocess.TimeoutExpired:
        survivor.kill()
        fail("the surviving worker did not stop on SIGTERM within 30 s")
    survivor.t.join(5)
    if code != 0:
        fail(f"SIGTERM: the surviving worker exited {code}, not 0")
    if not any("commit (shutdown)" in line or "revoked" in line for line in survivor.lines):
        log("note: the survivor had nothing pending at SIGTERM")


if __name__ == "__main__":
    main()
