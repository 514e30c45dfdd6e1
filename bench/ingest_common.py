"""Shared helpers of the streaming-ingest benchmark (bench/run_ingest.sh).

Children are timed with os.wait4, so wall time, CPU time (user + sys) and peak RSS
(ru_maxrss: what /usr/bin/time -v prints as "Maximum resident set size") are those of
that one process and its threads (DuckDB's threads, librdkafka's threads), not of the
rest of the machine.
"""
import os
import re
import signal
import subprocess
import time

STANDARD_EVENTS_DDL = (
    "event_id uuid, event_time timestamptz, user_id long, session_id string, event_type string, "
    "page string, amount double, country string, device struct<os: string, version: string>, "
    "tags list<string>")


def loadavg():
    """The 1, 5 and 15 minute load averages."""
    with open('/proc/loadavg') as f:
        return [float(x) for x in f.read().split()[:3]]


def timed(cmd, stdout_path, stderr_path, stdin=subprocess.DEVNULL, env=None):
    """Runs `cmd` to its end; returns wall_s, cpu_s, user_s, sys_s, max_rss_kb, rc,
    start/end (epoch seconds)."""
    with open(stdout_path, 'wb') as out, open(stderr_path, 'wb') as err:
        start = time.time()
        t0 = time.monotonic()
        p = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=stdin, env=env)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.monotonic() - t0
        end = time.time()
    p.returncode = os.waitstatus_to_exitcode(status)
    return {
        'wall_s': round(wall, 4),
        'user_s': round(ru.ru_utime, 3),
        'sys_s': round(ru.ru_stime, 3),
        'cpu_s': round(ru.ru_utime + ru.ru_stime, 3),
        'max_rss_kb': ru.ru_maxrss,
        'rc': p.returncode,
        'start': start,
        'end': end,
    }


def grouped_int(text):
    """'1,234,567' (or with spaces / thin spaces) -> 1234567."""
    return int(re.sub(r'[^0-9]', '', text))


def parse_run_summary(stdout_text):
    """The summary `firn run` prints at its end."""
    s = {}
    for key, name in [('records read', 'records_read'), ('records committed', 'records_committed'),
                      ('snapshots', 'snapshots'), ('records/s', 'firn_records_per_s')]:
        m = re.search(r'^\s+' + re.escape(key) + r'\s+([0-9][0-9,  ]*)', stdout_text, re.M)
        if m:
            s[name] = grouped_int(m.group(1))
    m = re.search(r'^\s+files\s+([0-9,]+)', stdout_text, re.M)
    if m:
        s['files'] = grouped_int(m.group(1))
    return s


def log_time(line):
    """Epoch seconds of a firn log line ('2026-12-01T03:11:04.578Z INFO  ...'), or None."""
    m = re.match(r'(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\.(\d{3})Z ', line)
    if not m:
        return None
    import calendar
    y, mo, d, h, mi, s, ms = (int(x) for x in m.groups())
    return calendar.timegm((y, mo, d, h, mi, s)) + ms / 1000.0


def data_files(warehouse):
    """Sizes of the Parquet data files under a warehouse (metadata excluded)."""
    sizes = []
    for root, _, files in os.walk(warehouse):
        if os.sep + 'data' not in root:
            continue
        sizes += [os.path.getsize(os.path.join(root, f)) for f in files if f.endswith('.parquet')]
    return sizes


def write_pipeline(path, *, warehouse, source, table='bench.events', partition_by='day(event_time)',
                   interval_ms=3_600_000, memory_budget=None, write_threads=None):
    """A pipeline TOML (docs/configuration.md). `source` is the text of the [source]
    section(s)."""
    lines = []
    if memory_budget:
        lines.append(f'memory-budget = "{memory_budget}"')
    if write_threads is not None:
        lines.append(f'write-threads = {write_threads}')
    lines += [
        '[catalog]', f'warehouse = "{warehouse}"', '',
        source.strip(), '',
        '[sink]', f'table = "{table}"', '',
        '[table-defaults]', 'auto-create = true', f'schema-ddl = "{STANDARD_EVENTS_DDL}"',
        f'partition-by = "{partition_by}"', '',
        '[commit]', f'interval-ms = {interval_ms}', '',
    ]
    with open(path, 'w') as f:
        f.write('\n'.join(lines))


class MockCluster:
    """`firn kafka-mock` in its own process; ends with stdin's end (so it cannot outlive
    us) or stop()."""

    def __init__(self, firn, workdir, *, partitions, topic, produce=None, key_field=None,
                 timeout_s=600):
        self.ready = os.path.join(workdir, f'mock-{topic}.ready')
        if os.path.exists(self.ready):
            os.unlink(self.ready)
        cmd = [firn, 'kafka-mock', '--partitions', str(partitions), '--topic', topic,
               '--ready-file', self.ready, '--until-stdin-eof']
        if produce:
            cmd += ['--produce', produce]
            if key_field:
                cmd += ['--key-field', key_field]
        self.stdout_path = os.path.join(workdir, f'mock-{topic}.out')
        self.stderr_path = os.path.join(workdir, f'mock-{topic}.err')
        self._out = open(self.stdout_path, 'wb')
        self._err = open(self.stderr_path, 'wb')
        t0 = time.monotonic()
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=self._out, stderr=self._err)
        while not os.path.exists(self.ready):
            if self.proc.poll() is not None:
                raise RuntimeError(f'firn kafka-mock exited {self.proc.returncode}: '
                                   + open(self.stderr_path).read())
            if time.monotonic() - t0 > timeout_s:
                self.stop()
                raise RuntimeError('firn kafka-mock did not get ready in time')
            time.sleep(0.05)
        self.setup_s = time.monotonic() - t0
        with open(self.ready) as f:
            self.bootstrap = f.read().strip()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._out.close()
        self._err.close()

    def produced_text(self):
        with open(self.stdout_path) as f:
            return f.read()
