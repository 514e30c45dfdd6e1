#!/usr/bin/python3
"""The model test of upserts and CDC (issue 6): every snapshot firn commits must hold
exactly what an in-memory model of the change stream holds at that snapshot's offsets.

For each seed, a seeded generator makes a stream of change events over K keys for three
topics, one table each (routed by `table = "cdc.{topic}"`):

  <s>_bkt  Debezium JSON, table partitioned by bucket(4, id) (a key transform: equality
           deletes go to the row's partition)
  <s>_reg  Debezium JSON, table partitioned by region, a column that updates change (rows
           move between partitions; equality deletes are global)
  <s>_fld  cdc-format = "field" (cdc-field = "op"), unpartitioned

The stream has a snapshot phase (op r), inserts (c), updates (u with before/after),
deletes (d with the full `before`, a key-only `before` as with REPLICA IDENTITY DEFAULT,
or `before` = null so that the Kafka key {"id": N} is used), deletes of keys that never
existed, tombstones (Kafka null values) after deletes, message events (op m), bursts of
one hot key, upserts of keys that do not exist, re-inserts after deletes, and a fraction
of records wrapped in Kafka Connect's {"schema", "payload"} envelope (key too). Records
are keyed by id and sent to partition hash(id) % P, so that one key's changes stay in
order; the offset of every record comes from its delivery report.

The same events are applied to a model (dict id -> row). `firn run` ingests them with a
small commit interval and max-records; then, for every snapshot of each table (up to
--max-snapshots, spread evenly, always the last), the offsets in its summary
(firn.kafka.offsets.<group>, walking back through parents when a snapshot carries none)
select a prefix of every partition; the model after that prefix must equal
`firn scan TABLE --snapshot ID` as a multiset of rows (all columns). Then
`firn maintain TABLE compact` must keep the rows equal to the final model and leave no
delete file that still applies (health counts, and the entries metadata table).

Kill seeds produce the stream in chunks while `firn run` is SIGKILLed at seeded random
moments (and restarted), with compaction running inside `firn run`; a last run drains
the rest (--until-caught-up). The same checks apply.

Usage:
  upsert_model_test.py --firn BUILD/firn [--work DIR] [--seeds 20] [--kill-seeds 3]
                       [--only SEED[:kill]] [--keep] [--jobs 2] [--self-test]
  upsert_model_test.py --self-test      # the generator, model, offsets and diff logic only

Exit status 0 when every seed passed; on failure the diff names the seed, table,
snapshot, offsets, and for each differing key the expected and actual rows and the key's
change history (partition, offset, event).
"""
import argparse
import concurrent.futures
import datetime
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "exactly_once"))
from firn_kafka import Proc  # noqa: E402  (the shared helpers of the Kafka tests)

SCHEMA_DDL = "id long not null, name string, balance long, region string, updated_at timestamptz"
COLUMNS = ("id", "name", "balance", "region", "updated_at")
REGIONS = ["eu", "us", "ap", "sa"]
NAMES = ["alice", "Bob", "Zoë", "O'Brien", "李雷", 'quo"ted', "back\\slash", "tab\there", "new\nline", "",
         "x" * 60, "émile", "🙂 smile"]
NAMESPACE = "cdc"
# Each seed's three topics: (suffix, cdc-format, partition-by).
TABLES = (("bkt", "debezium", "bucket(4, id)"), ("reg", "debezium", "region"), ("fld", "field", ""))
SESSION_TIMEOUT_MS = 4500  # as tests/exactly_once: the mock wedges below ~3.5 s

_print_lock = threading.Lock()


def log(msg):
    with _print_lock:
        print(f"[upsert_model {time.strftime('%H:%M:%S')}] {msg}", flush=True)


class TestFailure(Exception):
    pass


# ---------------------------------------------------------------------------------------
# Timestamps
# ---------------------------------------------------------------------------------------
BASE_MICROS = 1_795_514_400_000_000  # 2026-11-24T10:00:00Z
_TS_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$")


def iso_micros(us):
    """Epoch microseconds -> '2026-11-24T10:00:00.000000Z'."""
    secs, frac = divmod(us, 1_000_000)
    d = datetime.datetime(1970, 1, 1) + datetime.timedelta(seconds=secs)
    return d.strftime("%Y-%m-%dT%H:%M:%S") + f".{frac:06d}Z"


def parse_ts(text):
    """An ISO-8601 instant (as firn prints it) -> epoch microseconds."""
    m = _TS_RE.match(text)
    if not m:
        raise ValueError(f"not a timestamp: {text!r}")
    y, mo, d, h, mi, s, frac, zone = m.groups()
    dt = datetime.datetime(int(y), int(mo), int(d), int(h), int(mi), int(s))
    us = int((dt - datetime.datetime(1970, 1, 1)).total_seconds()) * 1_000_000
    if frac:
        us += int((frac + "000000000")[:9]) // 1000
    if zone and zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        z = zone[1:].replace(":", "")
        us -= sign * (int(z[:2]) * 3600 + int(z[2:]) * 60) * 1_000_000
    return us


# ---------------------------------------------------------------------------------------
# Rows and the model
# ---------------------------------------------------------------------------------------
def norm_row(obj):
    """A row as compared: a tuple of the columns, timestamps as epoch micros."""
    out = []
    for c in COLUMNS:
        v = obj.get(c)
        if v is not None and c == "updated_at":
            v = parse_ts(v) if isinstance(v, str) else int(v)
        elif v is not None and c in ("id", "balance"):
            v = int(v)
        out.append(v)
    return tuple(out)


def show_row(t):
    if t is None:
        return "(absent)"
    d = dict(zip(COLUMNS, t))
    if d["updated_at"] is not None:
        d["updated_at"] = iso_micros(d["updated_at"])
    return json.dumps(d, ensure_ascii=False)


class Effect:
    """What one record does to the table: an upsert of `row`, a delete of `key`, or nothing."""
    __slots__ = ("kind", "key", "row")

    def __init__(self, kind, key, row=None):
        self.kind, self.key, self.row = kind, key, row

    def __repr__(self):
        if self.kind == "up":
            return f"upsert {show_row(self.row)}"
        return f"delete id={self.key}" if self.kind == "del" else "skip"


def apply_effect(state, eff):
    if eff.kind == "up":
        state[eff.key] = eff.row
    elif eff.kind == "del":
        state.pop(eff.key, None)


def model_at(log_by_partition, offsets):
    """The model after, for every partition p, the records with offset < offsets[p] (absent
    partitions: none). `log_by_partition`: p -> [(offset, Effect)] sorted by offset."""
    state = {}
    for p, entries in log_by_partition.items():
        end = offsets.get(p, 0)
        for off, eff in entries:
            if off >= end:
                break
            apply_effect(state, eff)
    return state


# ---------------------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------------------
def partition_of(key, partitions):
    return zlib.crc32(str(key).encode()) % partitions


ENVELOPE_SCHEMA = {
    "type": "struct", "optional": False, "name": "dbserver1.public.customers.Envelope",
    "fields": [
        {"type": "struct", "optional": True, "field": "before", "name": "dbserver1.public.customers.Value",
         "fields": [{"type": "int64", "optional": False, "field": "id"},
                    {"type": "string", "optional": True, "field": "name"},
                    {"type": "int64", "optional": True, "field": "balance"},
                    {"type": "string", "optional": True, "field": "region"},
                    {"type": "string", "optional": True, "name": "io.debezium.time.ZonedTimestamp",
                     "field": "updated_at"}]},
        {"type": "struct", "optional": True, "field": "after", "name": "dbserver1.public.customers.Value",
         "fields": []},
        {"type": "struct", "optional": False, "field": "source", "fields": []},
        {"type": "string", "optional": False, "field": "op"},
        {"type": "int64", "optional": True, "field": "ts_ms"},
    ],
}
KEY_SCHEMA = {"type": "struct", "optional": False, "name": "dbserver1.public.customers.Key",
              "fields": [{"type": "int64", "optional": False, "field": "id"}]}


def dumps(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()


class Event:
    """One Kafka record: key and value bytes (value None = tombstone), its effect, and a
    short description for failure reports."""
    __slots__ = ("key_id", "kkey", "value", "effect", "desc", "partition", "offset")

    def __init__(self, key_id, kkey, value, effect, desc):
        self.key_id, self.kkey, self.value, self.effect, self.desc = key_id, kkey, value, effect, desc
        self.partition = self.offset = None


class Generator:
    """Seeded change events over keys 1..K (ghost keys K+1..K+100 are only ever deleted)."""

    def __init__(self, rng, keys, fmt):
        self.rng, self.keys, self.fmt = rng, keys, fmt
        self.live = {}  # key -> the source database's row (as dict with the ISO timestamp)
        self.clock = BASE_MICROS + rng.randrange(0, 10_000_000)
        self.lsn = 1000
        self.hot = rng.sample(range(1, keys + 1), min(5, keys))

    def new_row(self, key):
        rng = self.rng
        self.clock += rng.randrange(1, 2_000_000)
        name = rng.choice(NAMES) if rng.random() < 0.9 else None
        r = rng.random()
        balance = (None if r < 0.05 else rng.randrange(-1000, 1000) if r < 0.6
                   else rng.randrange(-2**62, 2**62))
        region = rng.choice(REGIONS) if rng.random() < 0.93 else None
        ts = iso_micros(self.clock) if rng.random() < 0.97 else None
        return {"id": key, "name": name, "balance": balance, "region": region, "updated_at": ts}

    def kafka_key(self, key, wrapped):
        return dumps({"schema": KEY_SCHEMA, "payload": {"id": key}} if wrapped else {"id": key})

    # -- the two wire formats --------------------------------------------------------
    def debezium(self, op, before, after, wrapped):
        self.lsn += self.rng.randrange(1, 50)
        ts_ms = self.clock // 1000
        payload = {"before": before, "after": after, "op": op, "ts_ms": ts_ms + 3,
                   "source": {"version": "2.5.0.Final", "connector": "postgresql", "name": "dbserver1",
                              "ts_ms": ts_ms, "snapshot": "true" if op == "r" else "false", "db": "shop",
                              "schema": "public", "table": "customers", "lsn": self.lsn},
                   "transaction": None}
        if self.rng.random() < 0.3:  # key order must not matter
            payload = dict(reversed(list(payload.items())))
        return dumps({"schema": ENVELOPE_SCHEMA, "payload": payload} if wrapped else payload)

    def field_format(self, op, row):
        spelled = {"I": ["I", "i", "insert", "INSERT"], "C": ["c", "C", "create"], "R": ["r", "R", "read"],
                   "U": ["U", "u", "update"], "D": ["D", "d", "delete"]}[op]
        obj = dict(row)
        obj["op"] = self.rng.choice(spelled)
        if self.rng.random() < 0.5:
            obj = {"op": obj.pop("op"), **obj}
        return dumps(obj)

    # -- events ----------------------------------------------------------------------
    def upsert(self, key, op, out):
        wrapped = self.rng.random() < 0.2
        before = self.live.get(key)
        row = self.new_row(key)
        self.live[key] = row
        if self.fmt == "debezium":
            value = self.debezium(op, before if op == "u" else None, row, wrapped)
        else:
            value = self.field_format({"c": "C", "r": "R", "u": "U"}[op] if self.rng.random() < 0.8 else "I", row)
        eff = Effect("up", key, norm_row(row))
        out.append(Event(key, self.kafka_key(key, wrapped), value, eff,
                         f"{op}{' (wrapped)' if wrapped else ''} -> {show_row(eff.row)}"))

    def delete(self, key, out):
        rng = self.rng
        wrapped = rng.random() < 0.2
        before = self.live.pop(key, None)
        if self.fmt == "debezium":
            r = rng.random()
            if r < 0.45 and before is not None:
                b, how = before, "full before"
            elif r < 0.7:
                b, how = {"id": key, "name": None, "balance": None, "region": None, "updated_at": None}, "key-only before"
            else:
                b, how = None, "before null: Kafka key"
            value = self.debezium("d", b, None, wrapped)
        else:
            row = dict(before) if before is not None and rng.random() < 0.5 else {"id": key}
            how = "full row" if len(row) > 1 else "id only"
            value = self.field_format("D", row)
        out.append(Event(key, self.kafka_key(key, wrapped), value, Effect("del", key),
                         f"d ({how}{', wrapped' if wrapped else ''})"))
        if rng.random() < 0.6:  # Debezium's tombstone for log compaction
            # Connect's JsonConverter wraps a null payload only for Debezium's envelopes;
            # "field" records are flat (firn reads no Connect wrapper there).
            if rng.random() < 0.1 and self.fmt == "debezium":
                out.append(Event(key, self.kafka_key(key, True), dumps({"schema": None, "payload": None}),
                                 Effect("skip", key), "tombstone (Connect-wrapped null payload)"))
            else:
                out.append(Event(key, self.kafka_key(key, wrapped), None, Effect("skip", key), "tombstone"))

    def message(self, out):
        key = self.rng.randrange(1, self.keys + 1)
        if self.fmt != "debezium":
            return
        value = dumps({"op": "m", "ts_ms": self.clock // 1000, "before": None, "after": None,
                       "source": {"ts_ms": self.clock // 1000, "db": "shop"},
                       "message": {"prefix": "audit", "content": "aGVsbG8="}})
        out.append(Event(key, self.kafka_key(key, False), value, Effect("skip", key), "m (message event)"))

    def generate(self, n):
        """A snapshot phase over about 60% of the keys, then about n changes."""
        rng, out = self.rng, []
        for key in sorted(rng.sample(range(1, self.keys + 1), int(self.keys * 0.6))):
            self.upsert(key, "r", out)
        burst = 0
        burst_key = None
        while len(out) < n:
            r = rng.random()
            if burst > 0:
                key, burst = burst_key, burst - 1
            elif r < 0.03:
                burst_key, burst = rng.choice(self.hot), rng.randrange(3, 25)
                key = burst_key
            elif r < 0.25:
                key = rng.choice(self.hot)
            else:
                key = rng.randrange(1, self.keys + 1)
            r = rng.random()
            if r < 0.03:
                self.delete(self.keys + rng.randrange(1, 101), out)  # a key that never existed
            elif r < 0.04:
                self.message(out)
            elif key in self.live:
                if r < 0.70:
                    self.upsert(key, "u", out)
                elif r < 0.73:
                    self.upsert(key, "c", out)  # an insert of a live key: still an upsert
                else:
                    self.delete(key, out)
            else:
                if r < 0.80:
                    self.upsert(key, "c", out)  # an insert, or a re-insert after a delete
                elif r < 0.88:
                    self.upsert(key, "u", out)  # an update of a row the table never had
                else:
                    self.delete(key, out)  # a delete of a deleted (or never inserted) key
        return out


def reference_decode(ev, fmt):
    """An independent reading of the bytes the generator made: the effect they mean by
    Debezium's (or the op field's) rules. Checks the generator, and so the model."""
    if ev.value is None:
        return Effect("skip", ev.key_id)
    v = json.loads(ev.value)
    if isinstance(v, dict) and "payload" in v and "schema" in v:
        v = v["payload"]
    if v is None:
        return Effect("skip", ev.key_id)
    if fmt == "debezium":
        op = v["op"]
        if op in ("c", "r", "u"):
            return Effect("up", v["after"]["id"], norm_row(v["after"]))
        if op == "d":
            src = v["before"]
            if src is None:
                k = json.loads(ev.kkey)
                src = k["payload"] if "payload" in k else k
            return Effect("del", src["id"])
        if op == "m":
            return Effect("skip", ev.key_id)
        raise AssertionError(f"unknown op {op}")
    op = v["op"][0].upper()
    if op == "D":
        return Effect("del", v["id"])
    assert op in "ICRU", op
    return Effect("up", v["id"], norm_row(v))


def check_generator(events, fmt):
    for ev in events:
        ref = reference_decode(ev, fmt)
        eff = ev.effect
        if (ref.kind, ref.row) != (eff.kind, eff.row) or (ref.kind != "skip" and ref.key != eff.key):
            raise TestFailure(f"generator self-check: {ev.desc} decodes to {ref}, model says {eff}")


# ---------------------------------------------------------------------------------------
# Snapshots, offsets and the comparison
# ---------------------------------------------------------------------------------------
def offsets_key(group):
    return f"firn.kafka.offsets.{group}"


def parse_offsets(summary, group, topic):
    """The offsets a snapshot summary stores for `topic`: {partition: next offset}, or None
    when the summary does not carry the group's key. Format (stored_offsets.h):
    firn.kafka.offsets.<group> = {"topic":{"0":1250,"1":977}}."""
    if isinstance(summary, str):
        summary = json.loads(summary)
    raw = (summary or {}).get(offsets_key(group))
    if raw is None:
        return None
    m = json.loads(raw) if isinstance(raw, str) else raw
    return {int(p): int(o) for p, o in m.get(topic, {}).items()}


def effective_offsets(snapshots, group, topic):
    """snapshot id -> the offsets that hold for it: its own, else its nearest ancestor's
    (snapshots of compaction or other writers may carry none), else {} (nothing)."""
    by_id = {s["snapshot_id"]: s for s in snapshots}
    memo = {}

    def resolve(sid):
        chain = []
        while sid is not None and sid not in memo:
            s = by_id.get(sid)
            if s is None:
                break  # an expired parent: nothing more is known
            own = parse_offsets(s.get("summary"), group, topic)
            if own is not None:
                memo[sid] = own
                break
            chain.append(sid)
            sid = s.get("parent_id")
        val = memo.get(sid, {}) if sid is not None else {}
        for c in chain:
            memo[c] = val
        return memo.get(chain[0], val) if chain else val

    return {s["snapshot_id"]: resolve(s["snapshot_id"]) for s in snapshots}


def pick_evenly(items, cap):
    """At most `cap` items spread evenly, always the last."""
    if len(items) <= cap:
        return list(items)
    if cap <= 1:
        return [items[-1]]
    idx = sorted({round(i * (len(items) - 1) / (cap - 1)) for i in range(cap)})
    return [items[i] for i in idx]


def diff_rows(expected, actual_rows):
    """expected: id -> row tuple; actual_rows: list of row tuples. -> a list of
    (id, expected row or None, [actual rows]) for every id that differs."""
    actual = {}
    for r in actual_rows:
        actual.setdefault(r[0], []).append(r)
    out = []
    for k in sorted(set(expected) | set(actual), key=lambda x: (x is None, x)):
        e = expected.get(k)
        a = actual.get(k, [])
        if (e is None and a) or (e is not None and a != [e]):
            out.append((k, e, a))
    return out


def format_diff(diffs, history=None, limit=8):
    lines = []
    missing = sum(1 for _, e, a in diffs if e is not None and not a)
    extra = sum(1 for _, e, a in diffs if e is None)
    dup = sum(1 for _, e, a in diffs if len(a) > 1)
    changed = len(diffs) - missing - extra
    lines.append(f"{len(diffs)} keys differ: {missing} missing, {extra} that should not be there, "
                 f"{changed} with other rows ({dup} of all with duplicates); keys: "
                 f"{[k for k, _, _ in diffs[:40]]}{' ...' if len(diffs) > 40 else ''}")
    for k, e, a in diffs[:limit]:
        lines.append(f"  id {k}:")
        lines.append(f"    expected {show_row(e)}")
        if not a:
            lines.append("    actual   (absent)")
        for r in a:
            lines.append(f"    actual   {show_row(r)}")
        if history is not None:
            for line in history(k):
                lines.append(f"      {line}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------
# Running firn
# ---------------------------------------------------------------------------------------
class Firn:
    def __init__(self, binary, warehouse, env):
        self.binary, self.warehouse, self.env = binary, warehouse, env

    def cli(self, *args, check=True, timeout=120):
        out = subprocess.run([self.binary, *args, "--warehouse", self.warehouse], capture_output=True, text=True,
                             env=self.env, timeout=timeout)
        if check and out.returncode != 0:
            raise TestFailure(f"firn {' '.join(args)} exited {out.returncode}: {out.stderr.strip()[-2000:]}")
        return out

    def jsonl(self, *args):
        out = self.cli(*args)
        return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]

    def table_exists(self, table):
        out = self.cli("table", "describe", table, check=False)
        return out.returncode == 0

    def snapshots(self, table):
        rows = self.jsonl("inspect", table, "snapshots", "--format", "jsonl")
        for r in rows:
            r["snapshot_id"] = int(r["snapshot_id"])
            r["parent_id"] = int(r["parent_id"]) if r.get("parent_id") is not None else None
        return rows

    def scan(self, table, snapshot=None):
        args = ["scan", table, "--format", "jsonl"]
        if snapshot is not None:
            args += ["--snapshot", str(snapshot)]
        return [norm_row(r) for r in self.jsonl(*args)]


# ---------------------------------------------------------------------------------------
# One seed
# ---------------------------------------------------------------------------------------
class Seed:
    def __init__(self, args, seed, kill, mock, work):
        self.args, self.seed, self.kill = args, seed, kill
        self.mock = mock
        self.name = f"seed {seed}{' (kills)' if kill else ''}"
        self.work = os.path.join(work, f"s{seed}{'k' if kill else ''}")
        shutil.rmtree(self.work, ignore_errors=True)
        os.makedirs(self.work)
        self.rng = random.Random(seed * 7919 + (1 if kill else 0))
        self.group = f"upsert-model-{seed}{'k' if kill else ''}"
        self.warehouse = os.path.join(self.work, "warehouse")
        self.env = dict(os.environ, FIRN_LOG_LEVEL="info")
        self.firn = Firn(args.firn, self.warehouse, self.env)
        self.topics = {}  # topic -> (fmt, partition-by)
        self.events = {}  # topic -> [Event]
        self.kafka_log = {}  # topic -> partition -> [(offset, Effect)]
        self.commit_interval = self.rng.choice([300, 400, 500])
        self.max_records = self.rng.choice([0, 60, 150, 400])
        self.maintenance = kill or self.rng.random() < 0.3
        self.id_key = "identifier-fields" if self.rng.random() < 0.5 else "id-columns"

    def log(self, msg):
        log(f"{self.name}: {msg}")

    def generate(self):
        for suffix, fmt, spec in TABLES:
            topic = topic_name(self.seed, self.kill, suffix)
            self.topics[topic] = (fmt, spec)
            gen = Generator(random.Random(self.rng.random()), self.args.keys, fmt)
            evs = gen.generate(self.args.events)
            check_generator(evs, fmt)
            self.events[topic] = evs

    def write_config(self):
        cfg = os.path.join(self.work, "pipeline.toml")
        topics = ", ".join(json.dumps(t) for t in self.topics)
        tables = ""
        for topic, (fmt, spec) in self.topics.items():
            tables += f'\n[tables."{NAMESPACE}.{topic}"]\npartition-by = "{spec}"\ncdc-format = "{fmt}"\n'
            if fmt == "field":
                tables += 'cdc-field = "op"\n'
        maint = ("[maintenance]\ncheck-interval-ms = 300\ncompaction-interval-ms = 1000\nsmall-file-trigger = 2\n"
                 "min-input-files = 2\n" if self.maintenance else "[maintenance]\nenabled = false\n")
        with open(cfg, "w") as f:
            f.write(f"""
[catalog]
warehouse = "{self.warehouse}"

[source]
type = "kafka"
topics = [{topics}]
group-id = "{self.group}"

[source.kafka]
"bootstrap.servers" = "{self.mock.bootstrap}"
"auto.offset.reset" = "earliest"
"session.timeout.ms" = {SESSION_TIMEOUT_MS}
"heartbeat.interval.ms" = 500
"fetch.wait.max.ms" = 50

[sink]
table = "{NAMESPACE}.{{topic}}"

[table-defaults]
auto-create = true
schema-ddl = "{SCHEMA_DDL}"
{self.id_key} = ["id"]
upsert = true

[commit]
interval-ms = {self.commit_interval}
max-records = {self.max_records}

{maint}{tables}""")
        return cfg

    # -- producing -------------------------------------------------------------------
    def produce(self, chunks, pace=0.0):
        """Produces the events of `chunks` ([(topic, [Event])]) and waits for delivery;
        each event gets its partition and offset from the delivery report."""
        from confluent_kafka import Producer
        producer = Producer({"bootstrap.servers": self.mock.bootstrap, "linger.ms": 5,
                             "enable.idempotence": True})
        errors = []

        def report(ev):
            def cb(err, msg):
                if err is not None:
                    errors.append(str(err))
                else:
                    ev.partition, ev.offset = msg.partition(), msg.offset()
            return cb

        sent = 0
        for topic, evs in chunks:
            for ev in evs:
                p = partition_of(ev.key_id, self.args.partitions)
                while True:
                    try:
                        producer.produce(topic, key=ev.kkey, value=ev.value, partition=p, on_delivery=report(ev))
                        break
                    except BufferError:
                        producer.poll(0.05)
                sent += 1
                if pace and sent % 50 == 0:
                    producer.poll(0)
                    time.sleep(pace)
        if producer.flush(60) != 0:
            raise TestFailure("the producer could not deliver every record in 60 s")
        if errors:
            raise TestFailure(f"delivery failed: {errors[:3]}")

    def build_kafka_log(self):
        for topic, evs in self.events.items():
            parts = {}
            for ev in evs:
                if ev.offset is None:
                    raise TestFailure(f"{topic}: an event has no delivery report")
                parts.setdefault(ev.partition, []).append((ev.offset, ev.effect))
            for p in parts.values():
                p.sort(key=lambda x: x[0])
                offs = [o for o, _ in p]
                if len(set(offs)) != len(offs):
                    raise TestFailure(f"{topic}: two records at one offset")
            self.kafka_log[topic] = parts

    def history(self, topic, key):
        p = partition_of(key, self.args.partitions)

        def lines(k=key):
            out = [f"history of id {k} (partition {p}):"]
            for ev in self.events[topic]:
                if ev.key_id == k or (ev.effect.kind != "skip" and ev.effect.key == k):
                    out.append(f"@{ev.offset}: {ev.desc}")
            return out[:60]
        return lines()

    # -- running ---------------------------------------------------------------------
    def run_until_caught_up(self, cfg, tag):
        logp = os.path.join(self.work, f"run-{tag}.log")
        with open(logp, "w") as lf:
            try:
                out = subprocess.run([self.args.firn, "run", "-c", cfg, "--until-caught-up"], stdout=lf,
                                     stderr=subprocess.STDOUT, env=self.env, timeout=180)
            except subprocess.TimeoutExpired:
                raise TestFailure(f"firn run --until-caught-up did not finish in 180 s (see {logp})")
        if out.returncode != 0:
            tail = open(logp, errors="replace").read()[-3000:]
            raise TestFailure(f"firn run --until-caught-up exited {out.returncode} (see {logp}):\n{tail}")
        return logp

    def run_with_kills(self, cfg):
        """Chunks of the stream are produced while `firn run` runs; it is SIGKILLed at a
        seeded moment after each, and restarted."""
        rounds = self.args.kills
        chunks = {t: split(evs, rounds + 1) for t, evs in self.events.items()}
        modes = []
        for rnd in range(rounds):
            p = Proc([self.args.firn, "run", "-c", cfg], os.path.join(self.work, f"run-kill{rnd}.log"), self.env)
            try:
                if p.wait_for("assigned", 40) is None:
                    raise TestFailure(f"round {rnd}: no partitions assigned in 40 s:\n{p.tail()}")
                batch = [(t, chunks[t][rnd]) for t in self.topics]
                producer = threading.Thread(target=self._produce_quietly, args=(batch, 0.01))
                producer.start()
                mode = self.rng.choice(["random", "after-commit", "early"])
                if mode == "random":
                    time.sleep(self.rng.uniform(0.1, 1.5))
                elif mode == "after-commit":
                    if p.wait_for("commit (", 10, len(p.lines)) is None:
                        mode = "random (no commit seen)"
                    time.sleep(self.rng.uniform(0.0, 0.2))
                else:
                    time.sleep(self.rng.uniform(0.0, 0.1))
                if p.p.poll() is not None:
                    raise TestFailure(f"round {rnd}: firn run exited by itself with {p.p.returncode}:\n{p.tail()}")
            finally:
                p.kill()
            producer.join()
            if self._produce_error:
                raise self._produce_error
            modes.append(mode.split(" ")[0])
        self.produce([(t, chunks[t][rounds]) for t in self.topics])
        self.run_until_caught_up(cfg, "final")
        return modes

    _produce_error = None

    def _produce_quietly(self, batch, pace):
        try:
            self.produce(batch, pace)
        except Exception as e:  # noqa: BLE001 - handed to the main thread
            self._produce_error = e

    # -- checking --------------------------------------------------------------------
    def check_table(self, topic, final_model, phase):
        table = f"{NAMESPACE}.{topic}"
        snaps = self.firn.snapshots(table)
        if not snaps:
            raise TestFailure(f"{table}: no snapshots")
        eff = effective_offsets(snaps, self.group, topic)
        log_p = self.kafka_log[topic]
        # Offsets only move forward along the history.
        prev = {}
        for s in snaps:
            o = eff[s["snapshot_id"]]
            for p, v in prev.items():
                if o.get(p, 0) < v:
                    raise TestFailure(f"{table}: snapshot {s['snapshot_id']} stores offset {o.get(p)} for "
                                      f"partition {p}, below {v} of the snapshot before")
            prev = o
        for p, v in eff[snaps[-1]["snapshot_id"]].items():
            end = log_p[p][-1][0] + 1 if p in log_p else 0
            if v > end:
                raise TestFailure(f"{table}: offset {v} of partition {p} is past the end {end}")
        checked = 0
        for s in pick_evenly(snaps, self.args.max_snapshots):
            sid = s["snapshot_id"]
            offsets = eff[sid]
            expected = model_at(log_p, offsets)
            actual = self.firn.scan(table, sid)
            diffs = diff_rows(expected, actual)
            checked += 1
            if diffs:
                raise TestFailure(
                    f"{table} ({phase}): snapshot {sid} ({s.get('operation')}, #{snaps.index(s) + 1} of "
                    f"{len(snaps)}) differs from the model at offsets {json.dumps(offsets, sort_keys=True)}\n"
                    + format_diff(diffs, lambda k: self.history(topic, k)))
        # The current table equals the final model (the tail past the last stored offsets
        # may only hold records that change nothing, e.g. tombstones).
        last_offsets = eff[snaps[-1]["snapshot_id"]]
        tail_model = model_at(log_p, last_offsets)
        if tail_model != final_model:
            keys = sorted(k for k in set(tail_model) | set(final_model) if tail_model.get(k) != final_model.get(k))
            raise TestFailure(f"{table} ({phase}): the last snapshot's offsets {last_offsets} do not cover every "
                              f"change; the changes of ids {keys[:20]} were never committed")
        actual = self.firn.scan(table)
        diffs = diff_rows(final_model, actual)
        if diffs:
            raise TestFailure(f"{table} ({phase}): the current table differs from the final model\n"
                              + format_diff(diffs, lambda k: self.history(topic, k)))
        return len(snaps), checked

    def compact_and_check(self, topic, final_model):
        table = f"{NAMESPACE}.{topic}"
        before = json.loads(self.firn.cli("health", table, "--format", "json").stdout)["counts"]
        out = self.firn.cli("maintain", table, "compact", "--min-input-files", "1", "--delete-file-threshold", "1",
                            "--format", "json")
        result = json.loads(out.stdout)
        if result.get("skipped"):
            raise TestFailure(f"{table}: compaction skipped commits: {result['skipped']}")
        n_snaps, _ = self.check_table(topic, final_model, "after compaction")
        after = json.loads(self.firn.cli("health", table, "--format", "json").stdout)["counts"]
        still = self.deletes_that_apply(table)
        if still:
            raise TestFailure(f"{table}: after compaction {len(still)} delete files still apply to live data "
                              f"files, e.g. {still[:3]} (health counts before {before}, after {after})")
        return before, after, result

    def deletes_that_apply(self, table):
        """Live delete files that can still remove a row of a live data file: an equality
        delete applies to data files of a smaller data sequence number in its partition
        (every partition for an unpartitioned delete); a position delete to the live files
        it names."""
        entries = self.firn.jsonl("inspect", table, "entries", "--format", "jsonl")
        live = [e for e in entries if int(e["status"]) != 2]
        data = [e for e in live if int(e["data_file"]["content"]) == 0]
        data_paths = {e["data_file"]["file_path"] for e in data}
        out = []
        for d in live:
            df = d["data_file"]
            content = int(df["content"])
            if content == 0:
                continue
            seq = int(d["sequence_number"])
            if content == 2:
                for f in data:
                    if int(f["sequence_number"]) >= seq:
                        continue
                    if df["partition"] and (f["data_file"]["spec_id"] != df["spec_id"]
                                            or f["data_file"]["partition"] != df["partition"]):
                        continue
                    out.append(f"equality delete {os.path.basename(df['file_path'])} (seq {seq}) on "
                               f"{os.path.basename(f['data_file']['file_path'])} (seq {f['sequence_number']})")
                    break
            else:
                cat = self.firn.cli("parquet", "cat", df["file_path"], check=False)
                named = set(re.findall(r'"file_path"\s*:\s*"([^"]+)"', cat.stdout))
                if cat.returncode != 0 or not named:
                    out.append(f"position delete {os.path.basename(df['file_path'])} (unreadable: "
                               f"{cat.stderr.strip()[:200]})")
                elif named & data_paths:
                    out.append(f"position delete {os.path.basename(df['file_path'])} names live "
                               f"{sorted(os.path.basename(x) for x in named & data_paths)[:2]}")
        return out

    def run(self):
        t0 = time.time()
        self.generate()
        cfg = self.write_config()
        chk = subprocess.run([self.args.firn, "run", "--check", "-c", cfg], capture_output=True, text=True,
                             env=self.env)
        if chk.returncode != 0:
            raise TestFailure(f"firn run --check refused the config:\n{chk.stdout}{chk.stderr}")
        if self.kill:
            modes = self.run_with_kills(cfg)
            how = f"{len(modes)} kills ({', '.join(modes)})"
        else:
            self.produce(list(self.events.items()))
            self.run_until_caught_up(cfg, "1")
            how = "one run"
        self.build_kafka_log()
        summary = []
        for topic in self.topics:
            final = model_at(self.kafka_log[topic], {p: 1 << 62 for p in self.kafka_log[topic]})
            table = f"{NAMESPACE}.{topic}"
            if not self.firn.table_exists(table):
                raise TestFailure(f"{table} was not created")
            n, checked = self.check_table(topic, final, "ingest")
            if not self.args.no_compact:
                before, after, result = self.compact_and_check(topic, final)
                summary.append(f"{topic.split('_')[-1]}: {n} snapshots ({checked} checked), {len(final)} rows; "
                               f"compaction {result['files_removed']}->{result['files_added']} files, "
                               f"delete files {before['delete_files']}->{after['delete_files']}")
            else:
                summary.append(f"{topic.split('_')[-1]}: {n} snapshots ({checked} checked), {len(final)} rows")
        self.log(f"PASS in {time.time() - t0:.1f} s, {how}, commit every {self.commit_interval} ms / "
                 f"{self.max_records or '-'} records{', maintenance in run' if self.maintenance else ''}: "
                 + "; ".join(summary))


def split(items, n):
    """`items` in n consecutive chunks of about equal size."""
    k, r = divmod(len(items), n)
    out, i = [], 0
    for c in range(n):
        j = i + k + (1 if c < r else 0)
        out.append(items[i:j])
        i = j
    return out


def topic_name(seed, kill, suffix):
    return f"s{seed}{'k' if kill else ''}_{suffix}"


# ---------------------------------------------------------------------------------------
# Self-test: the model, offsets and diff logic on hand-written cases
# ---------------------------------------------------------------------------------------
def self_test():
    def row(k, name, region="eu", ts=BASE_MICROS):
        return (k, name, 1, region, ts)

    up = lambda k, n, region="eu": Effect("up", k, row(k, n, region))  # noqa: E731
    dl = lambda k: Effect("del", k)  # noqa: E731
    sk = Effect("skip", 0)
    # Partition 0: keys 1, 3; partition 1: key 2.
    logp = {0: [(0, up(1, "a")), (1, up(1, "b")), (2, dl(1)), (3, sk), (4, up(3, "x")), (5, up(1, "c"))],
            1: [(0, dl(9)), (1, up(2, "y")), (2, up(2, "z", "us")), (3, dl(2)), (4, sk)]}
    assert model_at(logp, {}) == {}
    assert model_at(logp, {0: 1}) == {1: row(1, "a")}
    assert model_at(logp, {0: 2, 1: 1}) == {1: row(1, "b")}
    assert model_at(logp, {0: 3, 1: 3}) == {2: row(2, "z", "us")}
    assert model_at(logp, {0: 6, 1: 5}) == {1: row(1, "c"), 3: row(3, "x")}
    assert model_at(logp, {0: 99, 1: 4}) == model_at(logp, {0: 6, 1: 5})

    # Offsets in summaries, and snapshots that carry none (walk to the parent).
    g, t = "grp", "s1_bkt"
    snaps = [
        {"snapshot_id": 10, "parent_id": None, "summary": {offsets_key(g): json.dumps({t: {"0": 2}})}},
        {"snapshot_id": 11, "parent_id": 10, "summary": json.dumps({offsets_key(g): json.dumps({t: {"0": 3, "1": 2}, "other": {"0": 7}})})},
        {"snapshot_id": 12, "parent_id": 11, "summary": {"operation": "replace"}},
        {"snapshot_id": 13, "parent_id": 12, "summary": {offsets_key("someone-else"): "{}"}},
        {"snapshot_id": 14, "parent_id": 99, "summary": {}},  # an expired parent
        {"snapshot_id": 15, "parent_id": 13, "summary": {offsets_key(g): json.dumps({t: {"0": 6, "1": 5}})}},
    ]
    eff = effective_offsets(snaps, g, t)
    assert eff == {10: {0: 2}, 11: {0: 3, 1: 2}, 12: {0: 3, 1: 2}, 13: {0: 3, 1: 2}, 14: {}, 15: {0: 6, 1: 5}}, eff
    assert parse_offsets({offsets_key(g): json.dumps({"x": {"0": 1}})}, g, t) == {}
    assert parse_offsets({}, g, t) is None

    # The comparison: missing, extra, changed, duplicated.
    exp = {1: row(1, "a"), 2: row(2, "b"), 3: row(3, "c")}
    act = [row(1, "a"), row(2, "B"), row(4, "d"), row(3, "c"), row(3, "c")]
    d = diff_rows(exp, act)
    assert [k for k, _, _ in d] == [2, 3, 4], d
    assert diff_rows(exp, [row(3, "c"), row(1, "a"), row(2, "b")]) == []
    assert diff_rows({}, []) == []
    assert diff_rows(exp, [row(1, "a"), row(2, "b")]) == [(3, row(3, "c"), [])]
    text = format_diff(d)
    assert "3 keys differ: 0 missing, 1 that should not be there, 2 with other rows (1 of all with duplicates)" in text, text

    # Timestamps as firn prints them, and rows as scan prints them.
    assert parse_ts("2026-11-24T10:00:00Z") == BASE_MICROS
    assert parse_ts("2026-11-24T10:00:00.000001Z") == BASE_MICROS + 1
    assert parse_ts("2026-11-24T11:00:00.5+01:00") == BASE_MICROS + 500_000
    assert parse_ts(iso_micros(BASE_MICROS + 123_456_789)) == BASE_MICROS + 123_456_789
    assert norm_row({"id": "5", "name": None, "balance": 7, "updated_at": "2026-11-24T10:00:00.000000Z"}) == \
        (5, None, 7, None, BASE_MICROS)
    assert pick_evenly(list(range(10)), 4) == [0, 3, 6, 9]
    assert pick_evenly(list(range(3)), 60) == [0, 1, 2]
    assert pick_evenly(list(range(100)), 60)[-1] == 99 and len(pick_evenly(list(range(100)), 60)) == 60
    assert split(list(range(10)), 3) == [[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]]

    # The generator: its bytes mean what the model applies (an independent decoder), and
    # it makes every kind of event the test promises.
    for fmt in ("debezium", "field"):
        for s in range(5):
            gen = Generator(random.Random(s), 300, fmt)
            evs = gen.generate(1500)
            check_generator(evs, fmt)
            descs = " | ".join(e.desc for e in evs)
            want = ["r ", "u ", "c ", "d (", "tombstone"]
            if fmt == "debezium":
                want += ["wrapped", "full before", "key-only before", "before null", "m (message"]
            for w in want:
                assert w in descs, (fmt, w)
            keys = [e.effect.key for e in evs if e.effect.kind == "del"]
            assert any(k > 300 for k in keys), "no delete of a key that never existed"
            # A key changed several times in a row (a burst), and a re-insert after a delete.
            ups = [e.effect.key for e in evs if e.effect.kind != "skip"]
            assert any(ups[i] == ups[i + 1] == ups[i + 2] for i in range(len(ups) - 2))
            seen_del, reinsert = set(), False
            for e in evs:
                if e.effect.kind == "del":
                    seen_del.add(e.effect.key)
                elif e.effect.kind == "up" and e.effect.key in seen_del:
                    reinsert = True
            assert reinsert
            # Same seed, same stream.
            again = Generator(random.Random(s), 300, fmt).generate(1500)
            assert [(e.kkey, e.value) for e in again] == [(e.kkey, e.value) for e in evs]
            # Applying in Kafka order per partition equals applying in generation order (one
            # key's changes stay in one partition, in order).
            seq = {}
            for e in evs:
                apply_effect(seq, e.effect)
            parts = {}
            for i, e in enumerate(evs):
                parts.setdefault(partition_of(e.key_id, 4), []).append((i, e.effect))
            assert model_at(parts, {p: 1 << 62 for p in parts}) == seq
            # The partition of a record is its key's (the delete key and the Kafka key agree).
            for e in evs:
                if e.effect.kind != "skip":
                    assert e.effect.key == e.key_id
    log("self-test: PASS (model, offsets, snapshot walk, diff, timestamps, generator)")


# ---------------------------------------------------------------------------------------
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("positional", nargs="*", help="FIRN_BIN [WORKDIR], as the exactly_once tests take them")
    ap.add_argument("--firn", help="the firn binary")
    ap.add_argument("--work", help="scratch directory (default: a new temporary one)")
    ap.add_argument("--seeds", type=int, default=20, help="seeds without kills (default 20)")
    ap.add_argument("--kill-seeds", type=int, default=3, help="seeds with SIGKILLs (default 3)")
    ap.add_argument("--first-seed", type=int, default=1)
    ap.add_argument("--only", action="append", default=[], metavar="SEED[:kill]",
                    help="run only these seeds (repeatable), e.g. --only 7 --only 2:kill")
    ap.add_argument("--kills", type=int, default=3, help="SIGKILLs per kill seed (default 3)")
    ap.add_argument("--keys", type=int, default=300, help="keys per table (default 300)")
    ap.add_argument("--events", type=int, default=1200, help="about this many events per topic (default 1200)")
    ap.add_argument("--partitions", type=int, default=4, help="Kafka partitions per topic (default 4)")
    ap.add_argument("--max-snapshots", type=int, default=60, help="snapshots checked per table (default 60)")
    ap.add_argument("--jobs", type=int, default=2, help="seeds run at once (default 2)")
    ap.add_argument("--no-compact", action="store_true", help="skip the compaction check")
    ap.add_argument("--keep", action="store_true", help="keep the scratch directory of passing seeds")
    ap.add_argument("--fail-fast", action="store_true", help="stop at the first failing seed")
    ap.add_argument("--self-test", action="store_true", help="check the test's own logic, then go on if --firn is given")
    args = ap.parse_args()
    if args.positional:
        args.firn = args.firn or args.positional[0]
        if len(args.positional) > 1:
            args.work = args.work or args.positional[1]
    self_test()
    if args.self_test and not args.firn:
        return 0
    if not args.firn:
        ap.error("--firn is required (or --self-test alone)")
    args.firn = os.path.abspath(args.firn)
    if args.work:
        work = os.path.abspath(args.work)
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
    else:
        work = tempfile.mkdtemp(prefix="firn-upsert-model-")

    if args.only:
        runs = []
        for o in args.only:
            s, _, k = o.partition(":")
            runs.append((int(s), k == "kill"))
    else:
        runs = [(args.first_seed + i, False) for i in range(args.seeds)]
        runs += [(args.first_seed + i, True) for i in range(args.kill_seeds)]
    # Kill seeds first: they take longest.
    runs.sort(key=lambda r: (not r[1], r[0]))

    from firn_kafka import MockKafka
    env = dict(os.environ, FIRN_LOG_LEVEL="info")
    empty = os.path.join(work, "empty.ndjson")
    open(empty, "w").close()
    topics = [topic_name(s, k, suffix) for s, k in runs for suffix, _, _ in TABLES]
    t0 = time.time()
    failures = []
    with MockKafka(args.firn, work, "mock", empty, topics=topics, partitions=args.partitions, env=env) as mock:
        log(f"mock cluster at {mock.bootstrap}: {len(topics)} topics of {args.partitions} partitions; "
            f"{len(runs)} seeds, {args.jobs} at a time; scratch {work}")

        def one(run):
            seed, kill = run
            s = Seed(args, seed, kill, mock, work)
            if failures and args.fail_fast:
                return
            try:
                s.run()
                if not args.keep:
                    shutil.rmtree(s.work, ignore_errors=True)
            except TestFailure as e:
                failures.append((s.name, str(e), s.work))
                log(f"{s.name}: FAIL (kept {s.work})\n{e}")
            except Exception:  # noqa: BLE001 - a broken test is a failure too
                failures.append((s.name, traceback.format_exc(), s.work))
                log(f"{s.name}: ERROR (kept {s.work})\n{traceback.format_exc()}")

        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            list(pool.map(one, runs))
    took = time.time() - t0
    if failures:
        print(f"\nFAIL: {len(failures)} of {len(runs)} seeds failed in {took:.0f} s:", file=sys.stderr)
        for name, msg, path in failures:
            first = msg.splitlines()[0] if msg else ""
            print(f"  {name}: {first}  [{path}]", file=sys.stderr)
        print("rerun one with: upsert_model_test.py --firn FIRN --only SEED[:kill] --keep", file=sys.stderr)
        return 1
    log(f"PASS: {len(runs)} seeds ({sum(1 for _, k in runs if k)} with kills) in {took:.0f} s")
    if not args.keep and not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
