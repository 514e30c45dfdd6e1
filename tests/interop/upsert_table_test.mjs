// Upsert tables made by `firn run` (Debezium change events from an NDJSON file), read by
// readers nobody here wrote:
//   - icebird reads each table, at every snapshot, and must return exactly the state of
//     an in-memory model of the change stream after the records that snapshot covers;
//   - DuckDB reads every data file and every delete file the snapshots list.
// Two tables take the same stream: one partitioned by bucket(4, id) (equality deletes in
// the row's partition), one partitioned by region, a column outside the key (an update can
// move a row to another partition; equality deletes are written unpartitioned and apply
// to every partition). The first run commits every 150 records of the first file (keys
// repeat across commits: equality deletes); a second run reads a second file of 33,000
// changes in one commit, more than one decoded batch (16,384 records), so keys written by
// the commit's first batch change again in its second (position deletes).
//
// What icebird 0.3.1 does with deletes (src/read.js): position deletes are matched by
// file_path; an equality delete applies to data files with a strictly lower sequence
// number, every delete file is treated as global and a data row matches when it equals
// every column of the delete row by name. firn's equality delete files hold only the key
// (id), which is never null, so icebird's rows must equal the spec's here.
//
//   FIRN_BIN=build/firn node --test tests/interop/upsert_table_test.mjs
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { icebergRead } from 'icebird'
import { serveLocalFilesToFetch } from './lib/local_fetch.mjs'
import { DuckDBInstance } from '@duckdb/node-api'

const firn = process.env.FIRN_BIN
if (!firn) throw new Error('set FIRN_BIN to the firn binary')
const dir = mkdtempSync(join(tmpdir(), 'firn-upsert-'))
process.on('exit', () => rmSync(dir, { recursive: true, force: true }))
const warehouse = join(dir, 'warehouse')

serveLocalFilesToFetch()

// A seeded stream of Debezium events over KEYS keys.
function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const KEYS = 120
const FIRST = 2400 // records in the first file
const EVENTS = FIRST + 33000
const REGIONS = ['eu', 'us', 'apac']

function generate(seed) {
  const rnd = mulberry32(seed)
  const live = new Map()
  const lines = []
  const states = [] // states[i]: the model after the first i records
  const model = new Map()
  states.push(new Map(model))
  let version = 0
  let id = 0
  for (let i = 0; i < EVENTS; i++) {
    // Bursts: about a third of the events reuse the previous key.
    if (i === 0 || rnd() >= 0.3) id = 1 + Math.floor(rnd() * KEYS)
    const r = rnd()
    let line
    if (r < 0.2) {
      // Delete (of a key that may never have existed); before holds only the key, as with
      // PostgreSQL's REPLICA IDENTITY DEFAULT.
      line = { before: { id, name: null, region: null, v: null }, after: null, op: 'd', source: { ts_ms: 1700000000000 + i } }
      model.delete(id)
      live.delete(id)
    } else if (r < 0.23) {
      line = null // a tombstone: written as the JSON literal null, skipped
    } else {
      const row = { id, name: `n${id}-${++version}-ü`, region: REGIONS[Math.floor(rnd() * 3)], v: version }
      line = { before: live.get(id) ?? null, after: row, op: live.has(id) ? 'u' : 'c', source: { ts_ms: 1700000000000 + i } }
      model.set(id, row)
      live.set(id, row)
    }
    lines.push(JSON.stringify(line))
    states.push(new Map(model))
  }
  return { text: lines.join('\n') + '\n', states }
}

const stream = generate(20261202)
const allLines = stream.text.split('\n').slice(0, EVENTS)
const inputs = [join(dir, 'changes-1.ndjson'), join(dir, 'changes-2.ndjson')]
writeFileSync(inputs[0], allLines.slice(0, FIRST).join('\n') + '\n')
writeFileSync(inputs[1], allLines.slice(FIRST).join('\n') + '\n')
// Per file: byte offset after each line -> records of that file before it.
function lineEnds(lines) {
  const m = new Map([[0, 0]])
  let pos = 0
  lines.forEach((l, i) => {
    pos += Buffer.byteLength(l) + 1
    m.set(pos, i + 1)
  })
  return m
}
const recordsAtByte = [lineEnds(allLines.slice(0, FIRST)), lineEnds(allLines.slice(FIRST))]

// The records of the stream a snapshot holds, from its stored file offsets.
function recordsCovered(offsetsJson, what) {
  const offsets = JSON.parse(offsetsJson)
  const counts = inputs.map((path, i) => {
    const entry = Object.entries(offsets).find(([p]) => p.endsWith(path.slice(dir.length)))
    if (!entry) return 0
    const n = recordsAtByte[i].get(Number(entry[1]['0']))
    assert.notEqual(n, undefined, `${what}: offset ${entry[1]['0']} of ${path} is not a line boundary`)
    return n
  })
  if (counts[1] > 0) assert.equal(counts[0], FIRST, `${what}: the second file before the first is done`)
  return counts[0] + counts[1]
}

function runFirn(table, partitionBy, files, maxRecords) {
  const config = join(dir, `${table}.toml`)
  writeFileSync(config, `
[catalog]
warehouse = "${warehouse}"

[source]
type = "file"
paths = [${files.map((f) => `"${f}"`).join(', ')}]

[sink]
table = "cdc.${table}"

[table-defaults]
auto-create = true
schema-ddl = "id long not null, name string, region string, v long"
partition-by = "${partitionBy}"
identifier-fields = ["id"]
upsert = true
cdc-format = "debezium"

[commit]
max-records = ${maxRecords}

[maintenance]
enabled = false
`)
  execFileSync(firn, ['run', '-c', config], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  return join(warehouse, 'cdc', table)
}

function rowKey(r) {
  return `${Number(r.id)}|${r.name}|${r.region}|${Number(r.v)}`
}

function modelRows(state) {
  return [...state.values()].map(rowKey).sort()
}

// Every snapshot's metadata file and the number of records its summary's offsets cover.
function snapshots(tableDir) {
  const metaDir = join(tableDir, 'metadata')
  const files = readdirSync(metaDir).filter((f) => f.endsWith('.metadata.json')).sort()
  const out = []
  for (const f of files) {
    const m = JSON.parse(readFileSync(join(metaDir, f), 'utf8'))
    if (m['current-snapshot-id'] == null || m['current-snapshot-id'] === -1) continue
    const snap = m.snapshots.find((s) => s['snapshot-id'] === m['current-snapshot-id'])
    const offsets = snap.summary['firn.file.offsets']
    assert.ok(offsets, `${f}: no offsets in the summary ${JSON.stringify(snap.summary)}`)
    out.push({ file: f, summary: snap.summary, records: recordsCovered(offsets, f) })
  }
  return out
}

const duck = await (await DuckDBInstance.create(':memory:')).connect()

for (const [table, partitionBy] of [['bkt', 'bucket(4, id)'], ['reg', 'region']]) {
  test(`icebird reads every snapshot of the ${partitionBy} upsert table as the model`, async () => {
    runFirn(table, partitionBy, [inputs[0]], 150)
    const tableDir = runFirn(table, partitionBy, inputs, 0)  // the first file is skipped: it is in the table
    const snaps = snapshots(tableDir)
    assert.ok(snaps.length >= FIRST / 150, `only ${snaps.length} snapshots`)
    let sawPositionDeletes = false
    let sawEqualityDeletes = false
    for (const s of snaps) {
      if (Number(s.summary['added-position-delete-files'] ?? 0) > 0) sawPositionDeletes = true
      if (Number(s.summary['added-equality-delete-files'] ?? 0) > 0) sawEqualityDeletes = true
      const got = await icebergRead({ tableUrl: tableDir, metadataFileName: s.file })
      assert.deepEqual(got.map(rowKey).sort(), modelRows(stream.states[s.records]),
        `${table} ${s.file} after ${s.records} records`)
    }
    assert.equal(snaps[snaps.length - 1].records, EVENTS, 'the last snapshot covers the stream')
    assert.ok(sawPositionDeletes, 'some commit replaced its own rows (position deletes)')
    assert.ok(sawEqualityDeletes, 'some commit wrote equality deletes')
  })

  test(`DuckDB reads every data and delete file of the ${partitionBy} upsert table`, async () => {
    const tableDir = join(warehouse, 'cdc', table)
    const dataDir = join(tableDir, 'data')
    const files = []
    const walk = (d) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name))
        else if (e.name.endsWith('.parquet')) files.push(join(d, e.name))
      }
    }
    walk(dataDir)
    assert.ok(files.length > 0)
    let deleteFiles = 0
    for (const f of files) {
      const cols = (await (await duck.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${f}', hive_partitioning = false)`)).getRowObjectsJson())
        .map((r) => r.column_name)
      const n = Number((await (await duck.runAndReadAll(`SELECT count(*) AS n FROM read_parquet('${f}', hive_partitioning = false)`)).getRowObjectsJson())[0].n)
      assert.ok(n > 0, `${f} has rows`)
      if (cols.includes('file_path')) {
        deleteFiles++
        assert.deepEqual(cols, ['file_path', 'pos'], f)
      } else if (cols.length === 1) {
        deleteFiles++
        assert.deepEqual(cols, ['id'], `${f}: an equality delete file holds the key`)
      } else {
        assert.deepEqual(cols, ['id', 'name', 'region', 'v'], f)
      }
    }
    assert.ok(deleteFiles > 0, 'the table has delete files')
  })
}
