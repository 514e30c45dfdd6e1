// Avro interop check with avsc (an independent JavaScript implementation):
//   node tests/interop/check_avro.mjs <avro_write_sample> <dir>
// runs firn's sample writer, then decodes every file it wrote with
// avsc.createFileDecoder and compares each record with <dir>/expected.json (firn's
// avro::ValueToJson form: bytes and fixed as hex, unions as their value, enums as their
// symbol, logical types as their underlying values). Longs are decoded as BigInt so that
// INT64_MIN/MAX are compared exactly; the header schema must carry Iceberg's attributes.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import avro from 'avsc';
import { inspect } from 'node:util';

const [tool, dir] = process.argv.slice(2);
if (!tool || !dir) {
  console.error('usage: check_avro.mjs <avro_write_sample> <dir>');
  process.exit(2);
}
execFileSync(tool, [dir], { stdio: 'inherit' });

// JSON.parse that keeps integer literals exact (as BigInt): integers outside strings are
// rewritten to tagged strings first.
function parseExact(text) {
  const tagged = text.replace(/"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g, (m) =>
    /^-?\d+$/.test(m) ? `"$int:${m}"` : m);
  return JSON.parse(tagged, (_, v) =>
    typeof v === 'string' && v.startsWith("$int:") ? BigInt(v.slice(5)) : v);
}

const longType = avro.types.LongType.__with({
  fromBuffer: (buf) => buf.readBigInt64LE(),
  toBuffer: (n) => { const b = Buffer.alloc(8); b.writeBigInt64LE(BigInt(n)); return b; },
  fromJSON: (x) => BigInt(x),
  toJSON: (n) => Number(n),
  isValid: (n) => typeof n === 'bigint',
  compare: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
});

function canon(type, v) {
  const name = type.typeName;
  if (name === 'union:wrapped') {
    if (v === null) return null;
    const key = Object.keys(v)[0];
    const branch = type.types.find((t) => t.branchName === key);
    assert.ok(branch, `no union branch ${key}`);
    return canon(branch, v[key]);
  }
  switch (name) {
    case 'record': {
      const out = {};
      for (const f of type.fields) out[f.name] = canon(f.type, v[f.name]);
      return out;
    }
    case 'array': return v.map((x) => canon(type.itemsType, x));
    case 'map': {
      const out = {};
      for (const [k, x] of Object.entries(v)) out[k] = canon(type.valuesType, x);
      return out;
    }
    case 'bytes':
    case 'fixed': return Buffer.from(v).toString('hex');
    default: return v;
  }
}

function toBig(x) {
  if (typeof x === 'bigint') return x;
  if (typeof x === 'number' && Number.isInteger(x)) return BigInt(x);
  return null;
}

function same(a, b, where) {
  if (typeof a === 'bigint' || typeof b === 'bigint') {
    const [x, y] = [toBig(a), toBig(b)];
    assert.ok(x !== null && y !== null && x === y, `${where}: ${a} != ${b}`);
    return;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    assert.ok(Array.isArray(a) && Array.isArray(b) && a.length === b.length,
      `${where}: ${inspect(a)} vs ${inspect(b)}`);
    a.forEach((x, i) => same(x, b[i], `${where}[${i}]`));
    return;
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    assert.deepEqual(Object.keys(a), Object.keys(b), `${where}: keys`);
    for (const k of Object.keys(a)) same(a[k], b[k], `${where}.${k}`);
    return;
  }
  assert.ok(a === b || (typeof a === 'number' && typeof b === 'number' && a === b),
    `${where}: ${inspect(a)} != ${inspect(b)}`);
}

function checkHeaderSchema(schema) {
  const byName = (rec) => Object.fromEntries(rec.fields.map((f) => [f.name, f]));
  const top = byName(schema);
  for (const [n, f] of Object.entries(top)) assert.equal(typeof f['field-id'], 'number', `${n} field-id`);
  assert.equal(top.status['field-id'], 0);
  assert.equal(top.data_file['field-id'], 2);
  const df = byName(top.data_file.type);
  assert.equal(df.file_path['field-id'], 100);
  assert.equal(df.column_sizes.type[1].logicalType, 'map');
  assert.equal(df.split_offsets.type[1]['element-id'], 133);
  assert.equal(top.props.type['key-id'], 9);
  assert.equal(top.props.type['value-id'], 10);
  assert.equal(top.ts.type['adjust-to-utc'], true);
}

function decodeFile(file) {
  return new Promise((resolve, reject) => {
    const records = [];
    let meta = null;
    // createFileDecoder builds the writer type without options; parseHook supplies them.
    const parseHook = (schema) =>
      avro.Type.forSchema(schema, { wrapUnions: true, registry: { long: longType } });
    avro.createFileDecoder(file, { parseHook })
      .on('metadata', (type, codec, header) => { meta = { type, codec, header }; })
      .on('data', (r) => records.push(r))
      .on('error', reject)
      .on('end', () => resolve({ meta, records }));
  });
}

const expected = parseExact(readFileSync(path.join(dir, 'expected.json'), 'utf8'));
const codecs = new Set();
for (const file of expected.files) {
  const { meta, records } = await decodeFile(file);
  codecs.add(meta.codec);
  const schemaJson = JSON.parse(meta.header.meta['avro.schema'].toString('utf8'));
  checkHeaderSchema(schemaJson);
  assert.equal(meta.header.meta['format-version'].toString(), '2');
  assert.equal(records.length, expected.records.length, `${file}: record count`);
  records.forEach((r, i) => same(canon(meta.type, r), expected.records[i], `${path.basename(file)}[${i}]`));
  console.log(`avsc read ${records.length} records from ${file} (${meta.codec})`);
}
assert.deepEqual([...codecs].sort(), ['deflate', 'null']);
