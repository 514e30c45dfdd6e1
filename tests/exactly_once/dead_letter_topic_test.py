#!/usr/bin/python3
"""errors.dead-letter = "topic": bad records go to a Kafka topic with their error in
headers, good ones to the table; good + dead letters = records read.

Usage: dead_letter_topic_test.py FIRN_BIN WORKDIR
"""
import json
import os
import shutil
import subprocess
import sys
import time

from confluent_kafka import Consumer, TopicPartition

from firn_kafka import MockKafka, fail


def main():
    firn, work = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    records = [json.dumps({"id": i, "name": f"n{i}"}) for i in range(10)]
    records[3] = '{"id": "three", "name": "bad type"}'
    records[7] = '{"id": 7, "name": '  # malformed
    data = os.path.join(work, "in.ndjson")
    with open(data, "w") as f:
        f.write("\n".join(records) + "\n")
    with MockKafka(firn, work, "mock", data, topics=("events", "dead")) as mock:
        bootstrap = mock.bootstrap
        config = os.path.join(work, "p.toml")
        with open(config, "w") as f:
            f.write(f"""
[catalog]
warehouse = "{work}/wh"
[source]
type = "kafka"
topics = ["events"]
group-id = "dlq-test"
[source.kafka]
"bootstrap.servers" = "{bootstrap}"
"session.timeout.ms" = 4500
[sink]
table = "db.t"
[table-defaults]
auto-create = true
schema-ddl = "id long, name string"
[errors]
tolerance = "all"
dead-letter = "topic"
dead-letter-topic = "dead"
""")
        run = subprocess.run([firn, "run", "-c", config, "--until-caught-up"], capture_output=True, text=True,
                             timeout=120)
        if run.returncode != 0:
            fail(f"firn run exited {run.returncode}: {run.stderr}")
        if "bad records to Kafka topic 'dead'" not in run.stdout:
            fail(f"start-up lines do not name the dead-letter topic: {run.stdout}")
        for want in ("records read        10", "records committed   8", "dead-lettered       2"):
            if want not in run.stdout:
                fail(f"summary lacks '{want}': {run.stdout}")
        c = Consumer({"bootstrap.servers": bootstrap, "group.id": "check", "enable.auto.commit": False})
        c.assign([TopicPartition("dead", 0, 0)])
        got = []
        deadline = time.time() + 20
        while len(got) < 2 and time.time() < deadline:
            m = c.poll(0.5)
            if m is not None and m.error() is None:
                got.append(m)
        c.close()
        if len(got) != 2:
            fail(f"expected 2 dead letters, got {len(got)}")
        values = sorted(m.value().decode() for m in got)
        if values != sorted([records[3], records[7]]):
            fail(f"dead letters are not the bad records unchanged: {values}")
        for m in got:
            h = {k: v.decode() for k, v in (m.headers() or [])}
            if h.get("firn.source.topic") != "events" or h.get("firn.table") != "db.t" or not h.get("firn.error"):
                fail(f"headers lack the source and error: {h}")
            if h["firn.source.offset"] not in ("3", "7"):
                fail(f"wrong source offset header: {h}")
        print("ok: 8 records in db.t, 2 dead letters in topic 'dead' with their errors in headers")


if __name__ == "__main__":
    main()
