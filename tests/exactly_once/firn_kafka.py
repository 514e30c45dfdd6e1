"""Shared helpers of the Kafka tests: failing with a message, `firn kafka-mock` in its own
process (it outlives the firn runs under test), and `firn run` followed line by line."""
import os
import signal
import subprocess
import sys
import threading
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


class Proc:
    """A `firn run` process with its stderr followed line by line (written to `log_path`
    too), so that a test can wait for a log line (a commit, say) and SIGKILL right then."""

    def __init__(self, args, log_path, env=None):
        self.log = open(log_path, "ab")
        self.lines = []
        self.cv = threading.Condition()
        self.p = subprocess.Popen(args, stdout=self.log, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                  env=env)
        self.t = threading.Thread(target=self._follow, daemon=True)
        self.t.start()

    def _follow(self):
        for raw in self.p.stderr:
            self.log.write(raw)
            self.log.flush()
            with self.cv:
                self.lines.append(raw.decode("utf-8", "replace"))
                self.cv.notify_all()
        with self.cv:
            self.cv.notify_all()

    def wait_for(self, needle, timeout, start=0):
        """Index of the first line at or after `start` containing `needle`, or None (the
        process ended or `timeout` seconds passed)."""
        deadline = time.time() + timeout
        with self.cv:
            while True:
                for i in range(start, len(self.lines)):
                    if needle in self.lines[i]:
                        return i
                if self.p.poll() is not None and not self.t.is_alive():
                    return None
                left = deadline - time.time()
                if left <= 0:
                    return None
                self.cv.wait(min(left, 0.2))

    def kill(self):
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGKILL)
        self.p.wait()
        self.t.join(5)
        self.log.close()

    def tail(self, n=8):
        return "".join(self.lines[-n:])
