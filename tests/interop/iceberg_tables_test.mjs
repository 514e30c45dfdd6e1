// firn's Iceberg tables, read by readers nobody here wrote:
//   - icebird reads each whole table (every transform, several snapshots) and returns
//     exactly the appended rows;
//   - avsc reads every manifest and manifest list and sees the spec's field ids;
//   - DuckDB reads every data file, with the field ids.
// The tables are made with the firn binary as a user would (namespace create, table create,
// table append), in a fresh warehouse.
//
//   FIRN_BIN=build/firn node --test tests/interop/iceberg_tables_test.mjs
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import avro from 'avsc'
import { icebergRead } from 'icebird'
import { serveLocalFilesToFetch } from './lib/local_fetch.mjs'
import { DuckDBInstance } from '@duckdb/node-api'

const firn = process.env.FIRN_BIN
if (!firn) throw new Error('set FIRN_BIN to the firn binary')
const dir = mkdtempSync(join(tmpdir(), 'firn-iceberg-'))
process.on('exit', () => rmSync(dir, { recursive: true, force: true }))
const warehouse = join(dir, 'warehouse')

serveLocalFilesToFetch()

function run(...args) {
  return execFileSync(firn, [...args, '--warehouse', warehouse], { encoding: 'utf8' })
}

// Deterministic rows: a mix of types, nulls, non-ASCII text, pre-1970 timestamps.
function makeRows(start, n) {
  const rows = []
  for (let i = start; i < start + n; i++) {
    const day = ((i * 37) % 900) - 300  // days from 1970-01-01, some negative
    const ts = new Date(Date.UTC(1970, 0, 1) + day * 86400000 + (i % 24) * 3600000 + i * 1000)
    rows.push({
      id: i,
      name: i % 7 === 0 ? null : `näme-${i % 13}-✓`,
      ts: ts.toISOString().replace('Z', '000Z'),
      d: new Date(Date.UTC(1970, 0, 1) + day * 86400000).toISOString().slice(0, 10),
      amount: i % 5 === 0 ? null : i * 1.25,
      flag: i % 2 === 0,
    })
  }
  return rows
}

const ddl = 'id long not null, name string, ts timestamptz, d date, amount double, flag boolean'
const layouts = {
  unpartitioned: null,
  identity: 'flag',
  bucket: 'bucket(8, id)',
  truncate: 'truncate(3, name)',
  year: 'year(ts)',
  month: 'month(d)',
  day: 'day(ts)',
  hour: 'hour(ts)',
  void: 'void(amount)',
  combined: 'day(ts), bucket(4, id), truncate(2, name)',
}

run('namespace', 'create', 'db')

// Longs as BigInt: snapshot ids use all 63 bits.
const longType = avro.types.LongType.__with({
  fromBuffer: (buf) => buf.readBigInt64LE(),
  toBuffer: (n) => { const b = Buffer.alloc(8); b.writeBigInt64LE(BigInt(n)); return b },
  fromJSON: (x) => BigInt(x),
  toJSON: (n) => Number(n),
  isValid: (n) => typeof n === 'bigint',
  compare: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
})

function readAvro(path) {
  return new Promise((resolve, reject) => {
    const records = []
    let header
    const parseHook = (schema) => avro.Type.forSchema(schema, { wrapUnions: false, registry: { long: longType } })
    avro.createFileDecoder(path, { parseHook })
      .on('metadata', (type, codec, h) => { header = h })
      .on('data', (r) => records.push(r))
      .on('error', reject)
      .on('end', () => resolve({ meta: header.meta, records }))
  })
}

// Record fields and arrays without their Iceberg ids, as paths.
function missingIds(t, path, out) {
  if (Array.isArray(t)) return t.forEach((b) => missingIds(b, path, out))
  if (!t || typeof t !== 'object') return
  if (t.type === 'record') {
    for (const f of t.fields) {
      if (f['field-id'] === undefined) out.push(`${path}.${f.name}`)
      missingIds(f.type, `${path}.${f.name}`, out)
    }
  } else if (t.type === 'array') {
    const kv = t.logicalType === 'map'
    if (!kv && t['element-id'] === undefined) out.push(`${path}[]`)
    missingIds(t.items, `${path}[]`, out)
  }
}

// Every .avro under the table's metadata folder: avsc reads it, and sees the field ids.
async function checkAvroFiles(tableDir) {
  const metaDir = join(tableDir, 'metadata')
  let lists = 0, manifests = 0
  for (const f of readdirSync(metaDir)) {
    if (!f.endsWith('.avro')) continue
    const { meta, records } = await readAvro(join(metaDir, f))
    const missing = []
    missingIds(JSON.parse(meta['avro.schema'].toString()), f, missing)
    assert.deepEqual(missing, [], `fields without ids in ${f}`)
    assert.equal(meta['format-version'].toString(), '2', f)
    if (f.startsWith('snap-')) {
      lists++
      for (const r of records) assert.ok(r.manifest_path && typeof r.added_snapshot_id === 'bigint', f)
    } else {
      manifests++
      assert.ok(meta['partition-spec'] && meta['schema'], f)
      for (const r of records) assert.ok([0, 1, 2].includes(r.status) && r.data_file.file_path, f)
    }
  }
  return { lists, manifests }
}

const duck = await (await DuckDBInstance.create(':memory:')).connect()

for (const [name, spec] of Object.entries(layouts)) {
  test(`${name}: icebird reads the appended rows, avsc the manifests, DuckDB the files`, async () => {
    const table = `db.t_${name}`
    const createArgs = ['table', 'create', table, '--schema-ddl', ddl]
    if (spec) createArgs.push('--partition-by', spec)
    run(...createArgs)
    const all = []
    for (let batch = 0; batch < 3; batch++) {
      const rows = makeRows(batch * 40, 40)
      all.push(...rows)
      const file = join(dir, `${name}-${batch}.ndjson`)
      writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n')
      run('table', 'append', table, file)
    }
    const tableDir = join(warehouse, 'db', `t_${name}`)
    const metaFiles = readdirSync(join(tableDir, 'metadata')).filter((f) => f.endsWith('.metadata.json')).sort()
    const latest = metaFiles[metaFiles.length - 1]
    const meta = JSON.parse(readFileSync(join(tableDir, 'metadata', latest), 'utf8'))
    assert.equal(meta.snapshots.length, 3)

    // icebird
    const got = await icebergRead({ tableUrl: tableDir, metadataFileName: latest })
    assert.equal(got.length, all.length, 'icebird row count')
    const byId = new Map(got.map((r) => [Number(r.id), r]))
    for (const want of all) {
      const r = byId.get(want.id)
      assert.ok(r, `icebird lost row ${want.id}`)
      assert.equal(r.name ?? null, want.name, `row ${want.id} name`)
      assert.equal(r.flag, want.flag, `row ${want.id} flag`)
      assert.equal(r.amount ?? null, want.amount, `row ${want.id} amount`)
      assert.equal(new Date(r.ts).getTime(), Date.parse(want.ts), `row ${want.id} ts`)
      assert.equal(new Date(r.d).toISOString().slice(0, 10), want.d, `row ${want.id} d`)
    }

    // avsc
    const counts = await checkAvroFiles(tableDir)
    assert.ok(counts.lists >= 3 && counts.manifests >= 3, JSON.stringify(counts))

    // DuckDB: every data file, the total, and the field ids.
    const files = run('inspect', table, 'data_files', '--format', 'jsonl').trim().split('\n').map((l) => JSON.parse(l))
    let total = 0
    for (const f of files) {
      const reader = await duck.runAndReadAll(`SELECT count(*) AS n, sum(id) AS s FROM read_parquet('${f.file_path}')`)
      const [row] = reader.getRowObjectsJson()
      assert.equal(Number(row.n), f.record_count, f.file_path)
      total += Number(row.n)
      const ids = await duck.runAndReadAll(`SELECT name, field_id FROM parquet_schema('${f.file_path}') WHERE name IN ('id','name','ts','d','amount','flag')`)
      const m = Object.fromEntries(ids.getRowObjectsJson().map((r) => [r.name, Number(r.field_id)]))
      assert.deepEqual(m, { id: 1, name: 2, ts: 3, d: 4, amount: 5, flag: 6 }, f.file_path)
    }
    assert.equal(total, all.length)
  })
}

test('schema evolution: icebird reads rows written before and after add, rename and widen', async () => {
  const table = 'db.t_evolve'
  run('table', 'create', table, '--schema-ddl', 'id long not null, qty int, label string, price float', '--partition-by', 'bucket(2, id)')
  const before = [1, 2, 3].map((i) => ({ id: i, qty: i * 10, label: `old-${i}`, price: i + 0.5 }))
  writeFileSync(join(dir, 'evolve-0.ndjson'), before.map((r) => JSON.stringify(r)).join('\n') + '\n')
  run('table', 'append', table, join(dir, 'evolve-0.ndjson'))
  run('schema', table, 'add-column', 'note', 'string')
  run('schema', table, 'rename-column', 'label', 'title')
  run('schema', table, 'widen', 'qty', 'long')
  run('schema', table, 'widen', 'price', 'double')
  const after = [4, 5].map((i) => ({ id: i, qty: 2 ** 40 + i, title: `new-${i}`, price: i + 0.25, note: `n${i}` }))
  writeFileSync(join(dir, 'evolve-1.ndjson'), after.map((r) => JSON.stringify(r)).join('\n') + '\n')
  run('table', 'append', table, join(dir, 'evolve-1.ndjson'))
  const tableDir = join(warehouse, 'db', 't_evolve')
  const metaFiles = readdirSync(join(tableDir, 'metadata')).filter((f) => f.endsWith('.metadata.json')).sort()
  const got = await icebergRead({ tableUrl: tableDir, metadataFileName: metaFiles[metaFiles.length - 1] })
  assert.equal(got.length, 5)
  const byId = new Map(got.map((r) => [Number(r.id), r]))
  for (const w of before) {
    const r = byId.get(w.id)
    assert.equal(r.title, w.label, `row ${w.id}: renamed column`)
    assert.equal(Number(r.qty), w.qty, `row ${w.id}: widened column`)
    assert.equal(r.note ?? null, null, `row ${w.id}: added column`)
  }
  for (const w of after) {
    const r = byId.get(w.id)
    assert.equal(r.title, w.title)
    assert.equal(BigInt(r.qty), BigInt(w.qty))
    assert.equal(r.note, w.note)
    assert.equal(r.price, w.price)
  }
})

test('maintenance: icebird reads the same rows after compact, rewrite-manifests, expire-snapshots and remove-orphan-files', async () => {
  const table = 'db.t_maintained'
  run('table', 'create', table, '--schema-ddl', ddl, '--partition-by', 'bucket(4, id)')
  const all = []
  for (let batch = 0; batch < 4; batch++) {
    const rows = makeRows(batch * 20, 20)
    all.push(...rows)
    writeFileSync(join(dir, `maint-${batch}.ndjson`), rows.map((r) => JSON.stringify(r)).join('\n') + '\n')
    run('table', 'append', table, join(dir, `maint-${batch}.ndjson`))
  }
  const tableDir = join(warehouse, 'db', 't_maintained')
  const want = all.map((r) => r.id)
  const readIds = async () => {
    const metaFiles = readdirSync(join(tableDir, 'metadata')).filter((f) => f.endsWith('.metadata.json')).sort()
    const got = await icebergRead({ tableUrl: tableDir, metadataFileName: metaFiles[metaFiles.length - 1] })
    return got.map((r) => Number(r.id)).sort((a, b) => a - b)
  }
  assert.match(run('maintain', table, 'compact', '--min-input-files', '2'), /rewrote 16 files .* into 4 /)
  assert.deepEqual(await readIds(), want)
  assert.match(run('maintain', table, 'rewrite-manifests'), /-> 1 manifests/)
  assert.deepEqual(await readIds(), want)
  writeFileSync(join(tableDir, 'data', 'stray.parquet'), 'junk')
  utimesSync(join(tableDir, 'data', 'stray.parquet'), new Date(0), new Date(0))
  assert.match(run('maintain', table, 'expire-snapshots', '--older-than', '0s', '--retain-last', '2'), /6 -> 2 snapshots/)
  assert.deepEqual(await readIds(), want)
  assert.match(run('maintain', table, 'remove-orphan-files'), /deleted 1/)
  assert.deepEqual(await readIds(), want)
})

// Sorted compaction: a table created with a sort order, appended in shuffled order, then
// compacted. Read by others: the metadata JSON carries the order in the spec's form, avsc
// sees each new data file's sort_order_id, DuckDB reads every output file in that order
// (file_row_number), and icebird returns the same rows as before.
test('sorted compaction: DuckDB reads each file in the sort order, avsc sees sort_order_id, icebird the same rows', async () => {
  const table = 'db.t_sorted'
  run('table', 'create', table, '--schema-ddl', ddl, '--partition-by', 'flag', '--sort-by', 'name desc nulls last, id')
  const ids = Array.from({ length: 200 }, (_, i) => i)
  for (let i = ids.length - 1; i > 0; i--) {  // a fixed shuffle
    const j = (i * 7919 + 13) % (i + 1)
    ;[ids[i], ids[j]] = [ids[j], ids[i]]
  }
  const all = []
  for (let batch = 0; batch < 5; batch++) {
    const rows = ids.slice(batch * 40, batch * 40 + 40).map((id) => makeRows(id, 1)[0])
    all.push(...rows)
    writeFileSync(join(dir, `sorted-${batch}.ndjson`), rows.map((r) => JSON.stringify(r)).join('\n') + '\n')
    run('table', 'append', table, join(dir, `sorted-${batch}.ndjson`))
  }
  assert.match(run('table', 'describe', table), /sort order 1\n {2}name desc nulls last, id asc nulls first\n/)
  const tableDir = join(warehouse, 'db', 't_sorted')
  const latestMeta = () => readdirSync(join(tableDir, 'metadata')).filter((f) => f.endsWith('.metadata.json')).sort().pop()
  const meta = JSON.parse(readFileSync(join(tableDir, 'metadata', latestMeta()), 'utf8'))
  assert.equal(meta['default-sort-order-id'], 1)
  assert.deepEqual(meta['sort-orders'].find((o) => o['order-id'] === 1).fields, [
    { transform: 'identity', 'source-id': 2, direction: 'desc', 'null-order': 'nulls-last' },
    { transform: 'identity', 'source-id': 1, direction: 'asc', 'null-order': 'nulls-first' },
  ])

  const out = run('maintain', table, 'compact', '--min-input-files', '2')
  assert.match(out, /strategy: sort by name desc nulls last, id asc nulls first/)
  assert.match(out, /rewrote 10 files .* into 2 /)

  // DuckDB: each output file's rows, in file order, follow the order.
  const files = run('inspect', table, 'data_files', '--format', 'jsonl').trim().split('\n').map((l) => JSON.parse(l))
  assert.equal(files.length, 2)
  const cmp = (a, b) => {
    if (a.name !== b.name) {
      if (a.name === null) return 1  // nulls last
      if (b.name === null) return -1
      return Buffer.compare(Buffer.from(b.name), Buffer.from(a.name))  // desc, by UTF-8 bytes
    }
    return a.id - b.id
  }
  let total = 0
  for (const f of files) {
    const reader = await duck.runAndReadAll(
      `SELECT name, id FROM read_parquet('${f.file_path}', file_row_number = true) ORDER BY file_row_number`)
    const rows = reader.getRowObjectsJson().map((r) => ({ name: r.name, id: Number(r.id) }))
    assert.ok(rows.length > 50, f.file_path)
    for (let i = 1; i < rows.length; i++) {
      assert.ok(cmp(rows[i - 1], rows[i]) < 0, `${f.file_path} row ${i}: ${JSON.stringify(rows[i - 1])} then ${JSON.stringify(rows[i])}`)
    }
    total += rows.length
  }
  assert.equal(total, all.length)

  // avsc: the manifest entries of the new files carry sort_order_id 1.
  let stamped = 0
  const live = new Set(files.map((f) => f.file_path))
  for (const f of readdirSync(join(tableDir, 'metadata'))) {
    if (!f.endsWith('.avro') || f.startsWith('snap-')) continue
    for (const r of (await readAvro(join(tableDir, 'metadata', f))).records) {
      if (r.status !== 2 && live.has(r.data_file.file_path)) {
        assert.equal(r.data_file.sort_order_id, 1, r.data_file.file_path)
        stamped++
      }
    }
  }
  assert.equal(stamped, 2)

  // icebird: the same rows.
  const got = await icebergRead({ tableUrl: tableDir, metadataFileName: latestMeta() })
  assert.deepEqual(got.map((r) => Number(r.id)).sort((a, b) => a - b), ids.slice().sort((a, b) => a - b))
})
