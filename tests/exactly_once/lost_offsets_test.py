#!/usr/bin/python3
"""An offset the table holds that the topic no longer has is data lost before ingestion:
firn stops with an error naming the partition, never skips silently.

The table first ingests 20 records from one mock cluster. A second, fresh mock cluster
then serves the same topic with only 5 records: the stored offset (20) is out of range.

Usage: lost_offsets_test.py FIRN_BIN WORKDIR
"""
import os
import shutil
import subprocess
import sys

from firn_kafka import MockKafka, fail


def mock_with(firn, work, name, n):
    data = os.path.join(work, f"{name}.ndjson")
    with open(data, "w") as f:
        for i in range(n):
            f.write(f'{{"id":{i}}}\n')
    return MockKafka(firn, work, name, data)


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
    with mock_with(firn, work, "first", 20) as mock:
        r = run(firn, work, mock.bootstrap)
        if r.returncode != 0 or "records committed   20" not in r.stdout:
            fail(f"first run: exit {r.returncode}: {r.stdout} {r.stderr}")
    with mock_with(firn, work, "second", 5) as mock:
        r = run(firn, work, mock.bootstrap)
        if r.returncode == 0:
            fail(f"a stored offset beyond the topic was accepted: {r.stdout}")
        if "events/0" not in r.stderr or "no longer in the topic" not in r.stderr:
            fail(f"the error does not name the partition and the loss: {r.stderr}")
    print("ok: an out-of-range stored offset stops firn with an error naming events/0")


if __name__ == "__main__":
    main()
