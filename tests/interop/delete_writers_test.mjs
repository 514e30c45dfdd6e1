// firn's delete files, read by readers nobody here wrote:
//   - DuckDB reads every position delete file (columns file_path, pos with the spec's
//     reserved field ids 2147483546 and 2147483545, rows sorted by file_path then pos) and
//     every equality delete file (the key columns with the table's field ids);
//   - icebird reads the whole table with the deletes applied and returns exactly the rows
//     the upserts mean, after snapshot 2 (data + position + equality deletes, partitioned
//     and global, in one overwrite) and after snapshot 3.
// The table comes from delete_writers_table (tests/interop/delete_writers_table.cc).
//
// What icebird 0.3.1 does with deletes (src/read.js, src/fetch.js, src/utils.js):
//   - position deletes: applied, matched by file_path only (no sequence number or
//     partition check; harmless here, each file names data files of its own commit);
//   - equality deletes: applied to data files whose sequence number is strictly lower (as
//     the spec says), but every delete file is treated as global (partition and spec id
//     are ignored), equality_ids are ignored (a data row matches when it equals EVERY
//     column of the delete row, by name), and a null in a delete row matches any value.
//   firn's partitioned equality delete files carry the partition column (cat) beside the
//   key, so matching every column by name gives the partition-scoped result, and the keys
//   are never null: icebird's rows must equal the spec's here.
//
//   FIRN_DELETE_WRITERS_TABLE=build/tests/interop/delete_writers_table \
//     node --test tests/interop/delete_writers_test.mjs
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { icebergRead } from 'icebird'
import { serveLocalFilesToFetch } from './lib/local_fetch.mjs'
import { DuckDBInstance } from '@duckdb/node-api'

const tool = process.env.FIRN_DELETE_WRITERS_TABLE
if (!tool) throw new Error('set FIRN_DELETE_WRITERS_TABLE to the delete_writers_table binary')
const dir = mkdtempSync(join(tmpdir(), 'firn-deletes-'))
process.on('exit', () => rmSync(dir, { recursive: true, force: true }))
const tableDir = join(dir, 'db', 't')

serveLocalFilesToFetch()

const made = JSON.parse(execFileSync(tool, [tableDir], { encoding: 'utf8' }))
const duck = await (await DuckDBInstance.create(':memory:')).connect()

async function rowsOf(sql) {
  return (await duck.runAndReadAll(sql)).getRowObjectsJson()
}

function sorted(rows) {
  return rows.map((r) => `${r.id}:${r.data}:${r.cat}`).sort()
}

test('DuckDB reads the position delete files: spec columns, field ids, sorted rows', async () => {
  const files = made.files.filter((f) => f.content === 1)
  assert.ok(files.length >= 2, `position delete files: ${JSON.stringify(made.files)}`)
  let total = 0
  for (const f of files) {
    const ids = await rowsOf(`SELECT name, field_id, type FROM parquet_schema('${f.path}') WHERE field_id IS NOT NULL ORDER BY field_id`)
    assert.deepEqual(ids.map((r) => [r.name, Number(r.field_id), r.type]),
      [['pos', 2147483545, 'INT64'], ['file_path', 2147483546, 'BYTE_ARRAY']], f.path)
    const rows = await rowsOf(`SELECT file_path, pos FROM read_parquet('${f.path}')`)
    assert.equal(rows.length, f.record_count, f.path)
    const keys = rows.map((r) => [r.file_path, BigInt(r.pos)])
    const want = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    assert.deepEqual(keys, want, `${f.path} is sorted by file_path, pos`)
    for (const [path, pos] of keys) {
      // Every target is a data file of the table, and pos is a row of it.
      const [{ n }] = await rowsOf(`SELECT count(*) AS n FROM read_parquet('${path}')`)
      assert.ok(pos >= 0n && pos < BigInt(n), `${path} has no row ${pos}`)
    }
    total += rows.length
  }
  // Snapshot 2 replaced id 20 "a", id 3 "x" and id 21 "new" within the commit.
  assert.equal(total, 3)
})

test('DuckDB reads the equality delete files with the key field ids', async () => {
  const files = made.files.filter((f) => f.content === 2)
  let global = 0
  for (const f of files) {
    assert.deepEqual(f.equality_ids, [1], f.path)
    const cols = await rowsOf(`SELECT name, field_id FROM parquet_schema('${f.path}') WHERE field_id IS NOT NULL ORDER BY field_id`)
    const want = f.spec_id === 1 ? [['id', 1]] : [['id', 1], ['cat', 3]]
    assert.deepEqual(cols.map((r) => [r.name, Number(r.field_id)]), want, f.path)
    const [{ n }] = await rowsOf(`SELECT count(*) AS n FROM read_parquet('${f.path}')`)
    assert.equal(Number(n), f.record_count, f.path)
    if (f.spec_id === 1) global++
  }
  assert.equal(global, 2, 'one global equality delete file per snapshot')
})

test('icebird reads the table with position and equality deletes applied', async () => {
  const snapshot3 = await icebergRead({ tableUrl: tableDir, metadataFileName: made.metadata })
  assert.deepEqual(sorted(snapshot3), [
    '11:v1:2', '13:v1:2', '14:v1:2', '15:v1:2', '16:v1:2',
    '1:v1:1', '20:c:2', '2:v2:1', '3:z:1', '4:v1:1', '6:v1:1',
  ])
  // Snapshot 2: each commit wrote v<N>.metadata.json, N = 1, 2, 3.
  const n = Number(made.metadata.match(/^v(\d+)\./)[1])
  const snapshot2 = await icebergRead({ tableUrl: tableDir, metadataFileName: `v${n - 1}.metadata.json` })
  assert.deepEqual(sorted(snapshot2), [
    '11:v1:2', '13:v1:2', '14:v1:2', '15:v1:2', '16:v1:2',
    '1:v1:1', '20:b:2', '21:newer:1', '2:v2:1', '3:y:1', '4:v1:1', '6:v1:1',
  ])
})
