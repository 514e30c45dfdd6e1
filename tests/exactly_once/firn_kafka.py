"""Shared helpers of the Kafka tests: failing with a message, and `firn kafka-mock` in
its own process (it outlives the firn runs under test)."""
import os
import signal
import subprocess
import sys
import time


def fail(msg):
    print(f"FAIL: {msg}", file=sys.stderr, flush=True)
    sys.exit(1)


class MockKafka:
    """`firn kafka-mock` serving `topics`, the first one loaded with the lines of `data`.

    Use as a context manager; the bootstrap address is in .bootstrap once started."""

    def __init__(self, firn, work, name, data, topics=("events",), partitions=1, key_field=None, env=None):
        ready = os.path.join(work, f"{name}.ready")
        args = [firn, "kafka-mock", "--partitions", str(partitions)]
        for t in topics:
            args += ["--topic", t]
        args += ["--produce", data, "--ready-file", ready]
        if key_field:
            args += ["--key-field", key_field]
        self.log_path = os.path.join(work, f"{name}.log")
        self.p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=open(self.log_path, "w"), env=env)
        deadline = time.time() + 120
        while not os.path.exists(ready):
            if self.p.poll() is not None or time.time() > deadline:
                self.stop()
                fail(f"firn kafka-mock did not get ready: {open(self.log_path).read()}")
            time.sleep(0.1)
        self.bootstrap = open(ready).read().strip().split("=")[-1]

    def stop(self):
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)
            try:
                self.p.wait(10)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
