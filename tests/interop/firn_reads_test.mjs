// DuckDB writes, firn reads: tests/interop/duckdb_write_fixtures.mjs writes Parquet files
// covering every type DuckDB maps to Iceberg, nesting, six codecs, pages v1 and v2 (with
// the DELTA_* encodings) and dictionaries, each with the rows DuckDB itself reads back.
// firn's reader (tests/interop/read_canonical) prints each file's rows in the canonical
// form, and every value must match.
//
//   FIRN_READ_CANONICAL=build/tests/interop/read_canonical FIRN_INTEROP_FIXTURES=DIR \
//     node --test tests/interop/firn_reads_test.mjs
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { compareCanonical, show } from './lib/canonical.mjs'

const tool = process.env.FIRN_READ_CANONICAL
const dir = process.env.FIRN_INTEROP_FIXTURES
if (!tool || !dir) throw new Error('set FIRN_READ_CANONICAL and FIRN_INTEROP_FIXTURES')

const files = readdirSync(dir).filter(f => f.endsWith('.parquet')).sort()
test('the fixture directory holds DuckDB files', () => assert.ok(files.length >= 10, `${files.length} files in ${dir}`))

for (const name of files) {
  test(`${name}: firn reads DuckDB's file exactly`, () => {
    const file = join(dir, name)
    const expected = JSON.parse(readFileSync(file.replace(/\.parquet$/, '.expected.json'), 'utf8'))
    const actual = JSON.parse(execFileSync(tool, [file], { maxBuffer: 1 << 28 }).toString())
    const problems = []
    if (actual.rows.length !== expected.rows.length) {
      problems.push(`row count ${actual.rows.length}, expected ${expected.rows.length}`)
    }
    const n = Math.min(actual.rows.length, expected.rows.length)
    for (let r = 0; r < n; r++) {
      for (const f of expected.schema.fields) {
        compareCanonical(expected.rows[r][f.name], actual.rows[r][f.name], f.type, f.name, (path, e, a, note) => {
          if (problems.length < 10) problems.push(`row ${r} ${path}: expected ${show(e)}, got ${show(a)}${note ? ` (${note})` : ''}`)
        })
      }
    }
    assert.deepEqual(problems, [])
  })
}
