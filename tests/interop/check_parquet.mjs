#!/usr/bin/env node
// Usage: node tests/interop/check_parquet.mjs <file.parquet> <expected.json> [--reader duckdb|hyparquet] [--max-errors N]
//
// Checks a Parquet file (written by firn, or any writer) against an "expected"
// JSON file in the canonical contract (tests/interop/README.md), with two
// independent readers: DuckDB and hyparquet. For each reader:
//  * the Parquet schema: names, nesting, repetition and — unless the expected
//    JSON says "field-ids": false — the Iceberg field id of every field, list
//    element, map key and map value; hyparquet also checks physical types and
//    logical annotations;
//  * every value of every row, converted to canonical form (lib/canonical.mjs,
//    whose header lists the few comparisons a reader cannot make exactly).
// Exit 0 when both readers agree with the expected JSON, 1 with a report
// otherwise (2 on bad usage).

import { readFile } from 'node:fs/promises'
import { pathToFileURL } from 'node:url'
import { compareCanonical, fromDuckDB, fromHyparquet, show } from './lib/canonical.mjs'
import { validateSchema } from './lib/iceberg_types.mjs'
import { checkParquetSchema } from './lib/parquet_schema_check.mjs'
import { readRows, readSchemaElements, withDuckDB } from './lib/read_duckdb.mjs'
import { readHyparquet } from './lib/read_hyparquet.mjs'

export const READERS = ['duckdb', 'hyparquet']

/** Collects problems for one reader, keeping the first `max` for the report. */
class Findings {
  constructor(reader, max) { this.reader = reader; this.max = max; this.count = 0; this.lines = [] }
  add(line) {
    this.count++
    if (this.lines.length < this.max) this.lines.push(`  [${this.reader}] ${line}`)
  }
}

function compareRows(expected, actualRows, toCanonical, findings) {
  const { schema, rows } = expected
  if (actualRows.length !== rows.length) findings.add(`row count ${actualRows.length}, expected ${rows.length}`)
  const n = Math.min(actualRows.length, rows.length)
  for (let r = 0; r < n; r++) {
    for (const f of schema.fields) {
      const actual = toCanonical(actualRows[r], f)
      compareCanonical(rows[r][f.name], actual, f.type, f.name, (path, e, a, note) =>
        findings.add(`row ${r} column ${path}: expected ${show(e)}, got ${show(a)}${note ? ` (${note})` : ''}`))
    }
  }
}

async function checkWithDuckDB(file, expected, checkIds, findings) {
  await withDuckDB(async conn => {
    const elements = await readSchemaElements(conn, file)
    for (const p of checkParquetSchema(expected.schema, elements, { checkIds, checkTypes: false })) findings.add(`schema ${p}`)
    const { names, rows } = await readRows(conn, file)
    const index = new Map(names.map((n, i) => [n, i]))
    for (const f of expected.schema.fields) if (!index.has(f.name)) findings.add(`column ${f.name} not returned`)
    compareRows(expected, rows, (row, f) => (index.has(f.name) ? fromDuckDB(row[index.get(f.name)], f.type) : '«no column»'), findings)
  })
}

async function checkWithHyparquet(file, expected, checkIds, findings) {
  const { metadata, rows } = await readHyparquet(file)
  for (const p of checkParquetSchema(expected.schema, metadata.schema, { checkIds, checkTypes: true })) findings.add(`schema ${p}`)
  compareRows(expected, rows, (row, f) => (f.name in row ? fromHyparquet(row[f.name], f.type) : '«no column»'), findings)
}

/** Problems with the expected JSON itself (the contract), if any. */
export function validateExpected(expected) {
  if (!expected || typeof expected !== 'object') return ['expected JSON is not an object']
  const problems = validateSchema(expected.schema)
  if (!Array.isArray(expected.rows)) problems.push('"rows" must be an array')
  else if (!problems.length) {
    const names = new Set(expected.schema.fields.map(f => f.name))
    expected.rows.forEach((row, r) => {
      if (!row || typeof row !== 'object' || Array.isArray(row)) problems.push(`row ${r} is not an object`)
      else for (const k of Object.keys(row)) if (!names.has(k)) problems.push(`row ${r} has key ${JSON.stringify(k)} not in the schema`)
    })
  }
  if ('field-ids' in expected && typeof expected['field-ids'] !== 'boolean') problems.push('"field-ids" must be a boolean')
  return problems.slice(0, 20)
}

/**
 * @param {string} file Parquet file
 * @param {object} expected parsed expected JSON
 * @returns {Promise<{ok: boolean, lines: string[]}>}
 */
export async function checkParquet(file, expected, { readers = READERS, maxErrors = 20 } = {}) {
  const bad = validateExpected(expected)
  if (bad.length) return { ok: false, lines: bad.map(p => `  [expected] ${p}`) }
  const checkIds = expected['field-ids'] !== false
  const lines = []
  let ok = true
  for (const reader of readers) {
    const findings = new Findings(reader, maxErrors)
    try {
      if (reader === 'duckdb') await checkWithDuckDB(file, expected, checkIds, findings)
      else if (reader === 'hyparquet') await checkWithHyparquet(file, expected, checkIds, findings)
      else throw new Error(`unknown reader ${reader}`)
    } catch (e) {
      findings.add(`failed to read: ${e.message.split('\n')[0]}`)
    }
    if (findings.count) {
      ok = false
      lines.push(...findings.lines)
      if (findings.count > findings.lines.length) lines.push(`  [${reader}] ... ${findings.count - findings.lines.length} more`)
      lines.push(`  [${reader}] FAILED: ${findings.count} problem(s)`)
    } else {
      lines.push(`  [${reader}] ok: ${expected.rows.length} rows, schema${checkIds ? ' + field ids' : ' (no field ids)'}${reader === 'hyparquet' ? ' + physical/logical types' : ''}`)
    }
  }
  return { ok, lines }
}

async function main(argv) {
  const args = []
  let readers = READERS, maxErrors = 20
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--reader') readers = [argv[++i]]
    else if (argv[i] === '--max-errors') maxErrors = Number(argv[++i])
    else args.push(argv[i])
  }
  if (args.length !== 2 || readers.some(r => !READERS.includes(r)) || !(maxErrors > 0)) {
    console.error('usage: check_parquet.mjs <file.parquet> <expected.json> [--reader duckdb|hyparquet] [--max-errors N]')
    return 2
  }
  const [file, expectedPath] = args
  let expected
  try {
    expected = JSON.parse(await readFile(expectedPath, 'utf8'))
  } catch (e) {
    console.error(`check_parquet: cannot read ${expectedPath}: ${e.message}`)
    return 1
  }
  const { ok, lines } = await checkParquet(file, expected, { readers, maxErrors })
  console.log(`check_parquet: ${ok ? 'OK' : 'MISMATCH'} ${file} vs ${expectedPath}`)
  for (const l of lines) console.log(l)
  return ok ? 0 : 1
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2))
}
