#!/usr/bin/python3
"""An offset the table holds that the topic no longer has is data lost before ingestion:
firn stops with an error naming the partition, never skips silently.

The table first ingests 20 records from one mock cluster. A second, fresh mock cluster
then serves the same topic with only 5 records: the stored offset (20) is out of range.

Usage: lost_offsets_test.py FIRN_BIN WORKDIR
"""
import os
import shutil
import signal
import subprocess
import sys
import time


def fail(msg):
    print(f"FAIL: {msg}", file=sys.stderr, flush=True)
    sys.exit(1)


def start_mock(firn, work, name, n):
    data = os.path.join(work, f"{name}.ndjson")
    with open(data, "w") as f:
        for i in range(n):
            f.write(f'{{"id":{i}}}\n')
    ready = os.path.join(work, f"{name}.ready")
    p = subprocess.Popen([firn, "kafka-mock", "--partitions", "1", "--topic", "events", "--produce", data,
                          "--ready-file", ready], stdout=subprocess.DEVNULL,
                         stderr=open(os.path.join(work, f"{name}.log"), "w"))
    deadline = time.time() + 60
    while not os.path.exists(ready):
        if p.poll() is not None or time.time() > deadline:
            fail("kafka-mock did not start")
        time.sleep(0.1)
    return p, open(ready).read().strip().split("=")[-1]


def run(firn, work, bootstrap):
    config = os.path.join(work, "p.toml")
    with open(config, "w") as f:
        f.write(f"""
[catalog]
warehouse = "{work}/wh"
[source]
type = "kafka"
topics = ["events"]
group-id = "lost"
[source.kafka]
"bootstrap.servers" = "{bootstrap}"
"session.timeout.ms" = 4500
[sink]
table = "db.t"
[table-defaults]
auto-create = true
schema-ddl = "id long"
""")
    return subprocess.run([firn, "run", "-c", config, "--until-caught-up"], capture_output=True, text=True,
                          timeout=120)


def main():
    firn, work = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    mock, bootstrap = start_mock(firn, work, "first", 20)
    try:
        r = run(firn, work, bootstrap)
        if r.returncode != 0 or "records committed   20" not in r.stdout:
            fail(f"first run: exit {r.returncode}: {r.stdout} {r.stderr}")
    finally:
        mock.send_signal(signal.SIGTERM)
        mock.wait(10)
    mock, bootstrap = start_mock(firn, work, "second", 5)
    try:
        r = run(firn, work, bootstrap)
        if r.returncode == 0:
            fail(f"a stored offset beyond the topic was accepted: {r.stdout}")
        if "events/0" not in r.stderr or "no longer in the topic" not in r.stderr:
            fail(f"the error does not name the partition and the loss: {r.stderr}")
    finally:
        mock.send_signal(signal.SIGTERM)
        mock.wait(10)
    print("ok: an out-of-range stored offset stops firn with an error naming events/0")


if __name__ == "__main__":
    main()
