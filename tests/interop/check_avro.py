#!/usr/bin/python3
"""Avro interop checks with python3-avro (Debian python3-avro), an independent reader and
writer.

  check_avro.py firn-writes <avro_write_sample> <dir>
      firn writes sample OCFs (null and deflate codecs); python3-avro must decode every
      record equal to expected.json and see the Iceberg attributes in the header schema.
  check_avro.py firn-reads <avro_read_dump> <dir>
      python3-avro writes an OCF (deflate) with field ids and every type; firn's reader
      (avro_read_dump) must return every record and keep the attributes.

Values are compared in the plain JSON form that avro::ValueToJson prints: bytes and fixed
as lowercase hex, unions as their value, enums as their symbol, logical types as their
underlying Avro values.
"""
import datetime
import decimal
import io
import json
import math
import os
import subprocess
import sys
import uuid
import warnings

import avro.datafile
import avro.io
import avro.schema

warnings.simplefilter("ignore")  # "Unknown map, using array." for Iceberg's logicalType map

EPOCH_DATE = datetime.date(1970, 1, 1)
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def canon(schema, value):
    """`value` as python3-avro decoded it (logical types converted), in firn's JSON form."""
    t = schema.type
    if isinstance(schema, avro.schema.UnionSchema):
        if value is None:
            return None
        for branch in schema.schemas:
            if branch.type != "null" and avro.io.validate(branch, value):
                return canon(branch, value)
        raise AssertionError(f"no union branch for {value!r}")
    if t == "record":
        return {f.name: canon(f.type, value[f.name]) for f in schema.fields}
    if t == "array":
        return [canon(schema.items, v) for v in value]
    if t == "map":
        return {k: canon(schema.values, v) for k, v in value.items()}
    if isinstance(value, decimal.Decimal):
        unscaled = int(value.scaleb(schema.get_prop("scale") or 0))
        size = schema.size if t == "fixed" else max(1, (unscaled.bit_length() + 8) // 8)
        return unscaled.to_bytes(size, "big", signed=True).hex()
    if isinstance(value, uuid.UUID):
        return value.bytes.hex() if t == "fixed" else str(value)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.timezone.utc)
        return (value - EPOCH) // datetime.timedelta(microseconds=1)
    if isinstance(value, datetime.date):
        return (value - EPOCH_DATE).days
    if isinstance(value, datetime.time):
        return ((value.hour * 60 + value.minute) * 60 + value.second) * 1000000 + value.microsecond
    if t in ("bytes", "fixed"):
        return bytes(value).hex()
    return value


def same(a, b, path="$"):
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            raise AssertionError(f"{path}: {a!r} != {b!r}")
        if math.isnan(a) and math.isnan(b):
            return
        if float(a) != float(b):
            raise AssertionError(f"{path}: {a!r} != {b!r}")
        return
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a.keys()) != list(b.keys()):
            raise AssertionError(f"{path}: keys {list(a)} != {list(b)}")
        for k in a:
            same(a[k], b[k], f"{path}.{k}")
        return
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            raise AssertionError(f"{path}: length {len(a)} != {len(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, f"{path}[{i}]")
        return
    if type(a) != type(b) or a != b:
        raise AssertionError(f"{path}: {a!r} != {b!r}")


def fields_by_name(record_json):
    return {f["name"]: f for f in record_json["fields"]}


def check_header_schema(schema_json):
    """The Iceberg attributes firn wrote must be in the header schema as JSON values."""
    top = fields_by_name(schema_json)
    assert top["status"]["field-id"] == 0, top["status"]
    assert top["snapshot_id"]["field-id"] == 1
    df = top["data_file"]
    assert df["field-id"] == 2
    df_fields = fields_by_name(df["type"])
    assert df_fields["file_path"]["field-id"] == 100
    assert df_fields["content"]["doc"] == "Contents of the file"
    sizes = df_fields["column_sizes"]["type"][1]
    assert sizes["logicalType"] == "map", sizes
    kv = fields_by_name(sizes["items"])
    assert kv["key"]["field-id"] == 117 and kv["value"]["field-id"] == 118
    assert df_fields["split_offsets"]["type"][1]["element-id"] == 133
    props = top["props"]["type"]
    assert props["key-id"] == 9 and props["value-id"] == 10, props
    ts = top["ts"]["type"]
    assert ts["adjust-to-utc"] is True and ts["logicalType"] == "timestamp-micros", ts
    amount = top["amount"]["type"]
    assert (amount["precision"], amount["scale"], amount["size"]) == (9, 2, 5), amount
    for name, f in top.items():
        assert isinstance(f.get("field-id"), int), f"{name} has no integer field-id"


def firn_writes(tool, directory):
    os.makedirs(directory, exist_ok=True)
    subprocess.run([tool, directory], check=True)
    with open(os.path.join(directory, "expected.json"), encoding="utf-8") as fh:
        expected = json.load(fh)
    assert len(expected["files"]) == 2
    codecs = set()
    for path in expected["files"]:
        with open(path, "rb") as fh:
            reader = avro.datafile.DataFileReader(fh, avro.io.DatumReader())
            codecs.add(reader.meta["avro.codec"].decode())
            assert reader.meta["format-version"] == b"2"
            assert reader.meta["content"] == b"data"
            assert reader.meta["partition-spec-id"] == b"0"
            check_header_schema(json.loads(reader.meta["avro.schema"]))
            schema = reader.datum_reader.writers_schema
            got = [canon(schema, r) for r in reader]
        assert len(got) == len(expected["records"]), (path, len(got))
        for i, (g, e) in enumerate(zip(got, expected["records"])):
            same(g, e, f"{os.path.basename(path)}[{i}]")
        print(f"python3-avro read {len(got)} records from {path}")
    assert codecs == {"null", "deflate"}, codecs


PY_SCHEMA = {
    "type": "record", "name": "manifest_file", "namespace": "py",
    "fields": [
        {"name": "manifest_path", "type": "string", "field-id": 500},
        {"name": "manifest_length", "type": "long", "field-id": 501},
        {"name": "added_snapshot_id", "type": ["null", "long"], "default": None, "field-id": 503},
        {"name": "flag", "type": "boolean", "field-id": 1},
        {"name": "f", "type": "float", "field-id": 2},
        {"name": "d", "type": "double", "field-id": 3},
        {"name": "raw", "type": "bytes", "field-id": 4},
        {"name": "kind", "type": {"type": "enum", "name": "kind", "symbols": ["A", "B", "C"]}, "field-id": 5},
        {"name": "fx", "type": {"type": "fixed", "name": "fx3", "size": 3}, "field-id": 6},
        {"name": "partitions", "type": ["null", {"type": "array", "element-id": 508, "items": {
            "type": "record", "name": "r508", "fields": [
                {"name": "contains_null", "type": "boolean", "field-id": 509},
                {"name": "lower_bound", "type": ["null", "bytes"], "default": None, "field-id": 510}]}}],
         "default": None, "field-id": 507},
        {"name": "props", "type": {"type": "map", "values": "int", "key-id": 8, "value-id": 9}, "field-id": 7},
        {"name": "choice", "type": ["null", "string", "long", "double"], "field-id": 10},
        {"name": "again", "type": "fx3", "field-id": 11},
        {"name": "nested", "type": {"type": "array", "items": {"type": "array", "items": ["null", "int"]}}, "field-id": 12},
    ],
}


def py_record(i):
    return {
        "manifest_path": f"s3://bücket/metadata/{i:04d}-m0-ñ-🧊.avro",
        "manifest_length": (1 << 62) + i if i % 2 else -(1 << 63) + i,
        "added_snapshot_id": None if i % 3 == 0 else 9000000000000000000 + i,
        "flag": i % 2 == 0,
        "f": 0.25 * i,
        "d": -1.0e300 / (i + 1),
        "raw": bytes([i % 256, 0, 255]) * (i % 4),
        "kind": "ABC"[i % 3],
        "fx": bytes([1, 2, i % 256]),
        "partitions": None if i % 4 == 0 else [
            {"contains_null": j % 2 == 0, "lower_bound": None if j == 0 else bytes([j]) * j}
            for j in range(i % 5)],
        "props": {f"k{j}-ключ": j * i for j in range(i % 3)},
        "choice": [None, "wähle", i * 1000000007, 2.5][i % 4],
        "again": b"xyz",
        "nested": [[None, j] for j in range(i % 3)],
    }


def firn_reads(tool, directory):
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, "python-written.avro")
    schema = avro.schema.parse(json.dumps(PY_SCHEMA))
    records = [py_record(i) for i in range(500)]
    with open(path, "wb") as fh:
        writer = avro.datafile.DataFileWriter(fh, avro.io.DatumWriter(), schema, codec="deflate")
        writer.set_meta("iceberg.schema", b'{"type":"struct"}')
        for i, r in enumerate(records):
            writer.append(r)
            if i % 100 == 99:
                writer.flush()  # several blocks
        writer.close()
    out = subprocess.run([tool, path], check=True, capture_output=True)
    dump = json.loads(out.stdout)
    assert dump["codec"] == "deflate", dump["codec"]
    assert dump["metadata"]["iceberg.schema"] == '{"type":"struct"}'
    top = fields_by_name(dump["schema"])
    assert top["manifest_path"]["field-id"] == 500
    assert top["partitions"]["type"][1]["element-id"] == 508
    assert top["props"]["type"]["key-id"] == 8 and top["props"]["type"]["value-id"] == 9
    assert len(dump["records"]) == len(records), len(dump["records"])
    for i, (got, r) in enumerate(zip(dump["records"], records)):
        same(got, canon(schema, r), f"record[{i}]")
    print(f"firn read {len(records)} records written by python3-avro")


def main():
    mode, tool, directory = sys.argv[1:4]
    if mode == "firn-writes":
        firn_writes(tool, directory)
    elif mode == "firn-reads":
        firn_reads(tool, directory)
    else:
        sys.exit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
