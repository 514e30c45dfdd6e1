#!/usr/bin/env python3
"""`firn run`'s monitoring end to end: the demo (mock Kafka in-process) runs with
[metrics] on a free port; once it has committed, /metrics must hold every required family
with real values, /health must be JSON about the table, and the dashboard, loaded in
headless Chromium, must have drawn data in every plot. A screenshot is saved.

usage: dashboard_test.py FIRN WORKDIR     (exit 77: chromium is not installed)
"""
import html.parser
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

SKIP = 77
# The plots every table and topic must have drawn (canvas data-plot values).
REQUIRED_PLOTS = {"commits", "file-sizes", "latency", "delay", "lag", "partition-lag"}
# family -> a sample name whose value must be > 0 after commits ("" = present, any value).
REQUIRED_METRICS = {
    "firn_records_in_total": "firn_records_in_total",
    "firn_bytes_in_total": "firn_bytes_in_total",
    "firn_records_dead_lettered_total": "",
    "firn_commits_total": "firn_commits_total",
    "firn_commit_duration_seconds": "firn_commit_duration_seconds_count",
    "firn_files_written_total": "firn_files_written_total",
    "firn_file_size_bytes": "firn_file_size_bytes_count",
    "firn_consumer_lag": "",
    "firn_end_to_end_latency_seconds": "firn_end_to_end_latency_seconds_count",
    "firn_compaction_runs_total": "",
    "firn_compaction_bytes_rewritten_total": "",
    "firn_small_files_pending": "",
}
SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (\S+)$')


def fail(msg):
    print(f"FAIL: {msg}", file=sys.stderr, flush=True)
    sys.exit(1)


def get(url, timeout=10):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.status, r.headers.get("Content-Type", ""), r.read().decode()


def check_metrics(base):
    status, ctype, text = get(base + "metrics")
    if status != 200 or not ctype.startswith("text/plain; version=0.0.4"):
        fail(f"/metrics: status {status}, Content-Type {ctype!r}")
    families, values = {}, {}
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith("# HELP ") or line.startswith("# TYPE "):
            parts = line.split(" ", 3)
            families.setdefault(parts[2], set()).add(parts[1])
            continue
        m = SAMPLE.match(line)
        if not m:
            fail(f"/metrics line {n} is not in text format 0.0.4: {line!r}")
        name, value = m.group(1), float(m.group(3))
        family = re.sub(r"_(bucket|sum|count)$", "", name) if name not in families else name
        if families.get(family) != {"HELP", "TYPE"}:
            fail(f"/metrics line {n}: sample {name} before its family's HELP and TYPE")
        values[name] = values.get(name, 0) + value
    for family, sample in REQUIRED_METRICS.items():
        if family not in families:
            fail(f"/metrics has no family {family}")
        if sample and values.get(sample, 0) <= 0:
            fail(f"/metrics: {sample} is {values.get(sample)} after commits")
    if not any(k == "firn_consumer_lag" for k in values):
        fail("/metrics: no firn_consumer_lag sample for the owned partitions")
    return text


class Canvases(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.plots = []  # (data-plot, data-key, data-points)
        self.external = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "canvas":
            self.plots.append((a.get("data-plot"), a.get("data-key"), int(a.get("data-points", "-1"))))
        for attr in ("src", "href"):
            if re.match(r"^\s*(https?:)?//", a.get(attr) or ""):
                self.external.append(a[attr])


def chromium(browser, work, *args):
    cmd = [browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
           "--disable-dev-shm-usage", f"--user-data-dir={os.path.join(work, 'chromium-profile')}",
           "--virtual-time-budget=6000", *args]
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=90)
    except subprocess.TimeoutExpired:
        fail(f"chromium did not finish within 90 s: {' '.join(cmd)}")
    if r.returncode != 0:
        fail(f"chromium exited {r.returncode}: {r.stderr[-2000:]}")
    return r.stdout


def main():
    firn, work = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        print("SKIP: chromium is not installed (apt-get install chromium)")
        return SKIP
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    config = os.path.join(work, "pipeline.toml")
    with open(config, "w") as f:
        f.write('[source]\ntype = "demo"\n[source.demo]\nevents = 2000000\nrate = 20000\n'
                '[commit]\ninterval-ms = 1000\n[metrics]\nport = 0\n')
    out_path = os.path.join(work, "run.out")
    err = open(os.path.join(work, "run.err"), "w")
    run = subprocess.Popen([firn, "run", "-c", config, "--warehouse", os.path.join(work, "wh")],
                           stdout=open(out_path, "w"), stderr=err, cwd=work)
    try:
        base = None
        deadline = time.time() + 60
        while base is None:
            if run.poll() is not None or time.time() > deadline:
                fail(f"no 'metrics: URL' line from firn run: {open(out_path).read()}")
            m = re.search(r"^metrics: (http://127\.0\.0\.1:\d+/)", open(out_path).read(), re.M)
            base = m.group(1) if m else None
            time.sleep(0.1)
        print(f"firn run serves {base}", flush=True)

        # Wait for three commits and a lag sample.
        deadline = time.time() + 60
        while True:
            if run.poll() is not None:
                fail(f"firn run exited {run.returncode}")
            try:
                _, ctype, body = get(base + "health")
                health = json.loads(body)
            except (urllib.error.URLError, ValueError) as e:
                fail(f"/health: {e}")
            if health["commits"] >= 3 and health["lag"] is not None:
                break
            if time.time() > deadline:
                fail(f"no 3 commits with a lag sample within 60 s: {health}")
            time.sleep(0.2)
        if ctype != "application/json" or health["status"] != "ok":
            fail(f"/health: {ctype} {health}")
        tables = [t["table"] for t in health["tables"]]
        if "demo.events" not in tables or health["records_in"] <= 0:
            fail(f"/health does not report demo.events: {health}")

        metrics = check_metrics(base)
        with open(os.path.join(work, "metrics.txt"), "w") as f:
            f.write(metrics)

        _, ctype, page = get(base)
        parser = Canvases()
        parser.feed(page)
        if not ctype.startswith("text/html") or parser.external or "<script src" in page:
            fail(f"the dashboard must load nothing from elsewhere: {ctype}, {parser.external}")

        dom = chromium(browser, work, "--dump-dom", base)
        with open(os.path.join(work, "dashboard.dom.html"), "w") as f:
            f.write(dom)
        parser = Canvases()
        parser.feed(dom)
        drawn = {kind for kind, key, points in parser.plots if points > 0}
        empty = [(kind, key) for kind, key, points in parser.plots if points <= 0]
        if not REQUIRED_PLOTS <= drawn or empty:
            fail(f"plots without data: {sorted(REQUIRED_PLOTS - drawn)} {empty}; canvases: {parser.plots}")
        print("plots drawn: " + ", ".join(f"{k}[{key}]={p}" for k, key, p in parser.plots), flush=True)

        shot = os.path.join(work, "dashboard.png")
        chromium(browser, work, "--hide-scrollbars", "--window-size=1280,900", f"--screenshot={shot}", base)
        if not os.path.exists(shot):
            fail("chromium wrote no screenshot")
        with open(shot, "rb") as f:
            png = f.read()
        if not png.startswith(b"\x89PNG\r\n\x1a\n") or len(png) < 20_000:
            fail(f"the screenshot is not a real picture ({len(png)} bytes)")
        print(f"screenshot: {shot} ({len(png) // 1024} KiB)", flush=True)
    finally:
        if run.poll() is None:
            run.send_signal(signal.SIGTERM)
            try:
                run.wait(timeout=60)
            except subprocess.TimeoutExpired:
                run.kill()
                fail("firn run did not stop within 60 s of SIGTERM")
    if run.returncode != 0:
        fail(f"firn run exited {run.returncode} after SIGTERM: {open(err.name).read()[-2000:]}")
    print("dashboard test: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
