#!/usr/bin/env node
// Usage: node tests/interop/duckdb_write_fixtures.mjs <outdir> [--seed N]
//
// Writes Parquet files with DuckDB for firn's reader to read, each with
// <name>.expected.json in the canonical contract (tests/interop/README.md), and
// a manifest.json listing files, writer options and the row groups, codecs and
// encodings DuckDB actually used.
//
// Data (lib/fixture_data.mjs) is generated in canonical form from a fixed seed
// and inserted through exact SQL literals. Each file is then read back with
// DuckDB; the Iceberg schema is derived from DuckDB's read-back types and the
// expected rows are the canonical form of DuckDB's read-back values. Both are
// cross-checked against what was generated, so a fixture is only written when
// generation, DuckDB and the canonicaliser agree.
//
// Field ids: the schema's ids are assigned depth-first in DuckDB's column order
// starting at 1 (field, then its element/key/value/children). Files written
// with FIELD_IDS carry exactly those ids ("field-ids": true); the others carry
// none ("field-ids": false) and a reader must match columns by position/name.

import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { DuckDBTypeId } from '@duckdb/node-api'
import { compareCanonical, fromDuckDB, show } from './lib/canonical.mjs'
import { typeToString } from './lib/iceberg_types.mjs'
import { duckType, fixtureTables, quoteIdent, Rng, sqlLiteral } from './lib/fixture_data.mjs'
import { readLayout, readRows, readSchemaElements, withDuckDB } from './lib/read_duckdb.mjs'
import { schemaTree } from './lib/parquet_schema_check.mjs'

export const DEFAULT_SEED = 20261124

/**
 * Writer option sets (every table uses all of them unless it lists a subset).
 * V2 makes DuckDB write DATA_PAGE_V2 with DELTA_BINARY_PACKED,
 * DELTA_LENGTH_BYTE_ARRAY and BYTE_STREAM_SPLIT; V1 writes PLAIN and dictionaries.
 * smallRowGroups: DuckDB cuts row groups at 2048-row vectors at the finest, so
 * small groups are made by copying a UNION ALL of slices (each slice ends a row
 * group); order is preserved and cross-checked on read-back.
 */
export const OPTION_SETS = [
  { suffix: 'uncompressed_v1', compression: 'uncompressed', version: 'V1' },
  { suffix: 'snappy_v1_smallrg', compression: 'snappy', version: 'V1', smallRowGroups: true },
  { suffix: 'gzip_v2', compression: 'gzip', version: 'V2' },
  { suffix: 'zstd_v2_smallrg', compression: 'zstd', version: 'V2', smallRowGroups: true },
  { suffix: 'lz4raw_v1', compression: 'lz4_raw', version: 'V1' },
  { suffix: 'brotli_v2', compression: 'brotli', version: 'V2' },
  { suffix: 'zstd_v1_ids', compression: 'zstd', version: 'V1', fieldIds: true },
  { suffix: 'snappy_v2_smallrg_ids', compression: 'snappy', version: 'V2', smallRowGroups: true, fieldIds: true },
]

/** COPY source: the whole table, or slices of ~rows/3 rows each ending a row group. */
function copySource(tableName, rows, smallRowGroups) {
  const t = quoteIdent(tableName)
  if (!smallRowGroups) return { sql: `SELECT * FROM ${t}`, rowGroupSize: null }
  const slice = Math.ceil(rows / 3) + 7 // uneven: the last group is shorter
  const parts = []
  for (let lo = 0; lo < rows; lo += slice) parts.push(`SELECT * FROM ${t} WHERE rowid >= ${lo} AND rowid < ${lo + slice}`)
  return { sql: parts.join(' UNION ALL '), rowGroupSize: slice }
}

// ---------------------------------------------------------------------------
// DuckDB type -> Iceberg type, with ids

function icebergTypeFromDuckDB(t, nextId) {
  switch (t.typeId) {
    case DuckDBTypeId.BOOLEAN: return 'boolean'
    case DuckDBTypeId.INTEGER: return 'int'
    case DuckDBTypeId.BIGINT: return 'long'
    case DuckDBTypeId.FLOAT: return 'float'
    case DuckDBTypeId.DOUBLE: return 'double'
    case DuckDBTypeId.DECIMAL: return `decimal(${t.width},${t.scale})`
    case DuckDBTypeId.DATE: return 'date'
    case DuckDBTypeId.TIME: return 'time'
    case DuckDBTypeId.TIMESTAMP: return 'timestamp'
    case DuckDBTypeId.TIMESTAMP_TZ: return 'timestamptz'
    case DuckDBTypeId.TIMESTAMP_NS: return 'timestamp_ns'
    case DuckDBTypeId.VARCHAR: return 'string'
    case DuckDBTypeId.BLOB: return 'binary'
    case DuckDBTypeId.UUID: return 'uuid'
    case DuckDBTypeId.STRUCT:
      return { type: 'struct', fields: t.entryNames.map((name, i) => icebergField(name, t.entryTypes[i], nextId)) }
    case DuckDBTypeId.LIST: {
      const id = nextId()
      // DuckDB writes every list element OPTIONAL.
      return { type: 'list', 'element-id': id, element: icebergTypeFromDuckDB(t.valueType, nextId), 'element-required': false }
    }
    case DuckDBTypeId.MAP: {
      const keyId = nextId()
      const key = icebergTypeFromDuckDB(t.keyType, nextId)
      const valueId = nextId()
      return { type: 'map', 'key-id': keyId, key, 'value-id': valueId, value: icebergTypeFromDuckDB(t.valueType, nextId), 'value-required': false }
    }
    default:
      throw new Error(`DuckDB type ${t} has no Iceberg equivalent`)
  }
}

function icebergField(name, duckdbType, nextId) {
  const id = nextId()
  // DuckDB writes every column OPTIONAL (even NOT NULL ones), so required is false.
  return { id, name, required: false, type: icebergTypeFromDuckDB(duckdbType, nextId) }
}

export function icebergSchemaFromDuckDB(names, types) {
  let id = 0
  const nextId = () => ++id
  return { type: 'struct', 'schema-id': 0, fields: names.map((n, i) => icebergField(n, types[i], nextId)) }
}

/** DuckDB's FIELD_IDS option value carrying the schema's ids. */
function fieldIdsOption(fields) {
  const forType = (id, type) => {
    if (typeof type === 'string') return String(id)
    const parts = [`__duckdb_field_id: ${id}`]
    if (type.type === 'struct') for (const f of type.fields) parts.push(`${quoteIdent(f.name)}: ${forType(f.id, f.type)}`)
    if (type.type === 'list') parts.push(`element: ${forType(type['element-id'], type.element)}`)
    if (type.type === 'map') parts.push(`key: ${forType(type['key-id'], type.key)}`, `value: ${forType(type['value-id'], type.value)}`)
    return `{${parts.join(', ')}}`
  }
  return `{${fields.map(f => `${quoteIdent(f.name)}: ${forType(f.id, f.type)}`).join(', ')}}`
}

/** Same type tree, ignoring ids and requiredness. */
function sameShape(a, b) {
  const strip = t => (typeof t === 'string' ? t
    : t.type === 'struct' ? { s: t.fields.map(f => [f.name, strip(f.type)]) }
      : t.type === 'list' ? { l: strip(t.element) } : { m: [strip(t.key), strip(t.value)] })
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b))
}

// ---------------------------------------------------------------------------

async function createTable(conn, name, table, seed) {
  const r = new Rng(seed)
  const rows = Array.from({ length: table.rows }, (_, i) => table.gen(r, i))
  const fields = table.type.fields
  await conn.run(`CREATE OR REPLACE TABLE ${quoteIdent(name)} (${fields.map(f => `${quoteIdent(f.name)} ${duckType(f.type)}`).join(', ')})`)
  const BATCH = 250
  for (let i = 0; i < rows.length; i += BATCH) {
    const values = rows.slice(i, i + BATCH).map(row =>
      `(${fields.map(f => `CAST(${sqlLiteral(row[f.name], f.type)} AS ${duckType(f.type)})`).join(', ')})`)
    await conn.run(`INSERT INTO ${quoteIdent(name)} VALUES ${values.join(',\n')}`)
  }
  return rows
}

/**
 * Writes every table with every option set into outdir.
 * @returns {Promise<object[]>} manifest entries
 */
export async function writeFixtures(outdir, { seed = DEFAULT_SEED, log = () => {} } = {}) {
  await mkdir(outdir, { recursive: true })
  const manifest = []
  await withDuckDB(async conn => {
    const tables = fixtureTables()
    let t = 0
    for (const [tableName, table] of Object.entries(tables)) {
      const generated = await createTable(conn, tableName, table, seed + t++)
      let schema = null
      for (const opts of OPTION_SETS.filter(o => !table.optionSets || table.optionSets.includes(o.suffix))) {
        const name = `${tableName}_${opts.suffix}`
        const file = path.join(outdir, `${name}.parquet`)
        const source = copySource(tableName, table.rows, opts.smallRowGroups)
        const copyOpts = [`FORMAT parquet`, `COMPRESSION ${opts.compression}`, `PARQUET_VERSION ${opts.version}`]
        if (source.rowGroupSize) copyOpts.push(`ROW_GROUP_SIZE ${source.rowGroupSize}`)
        // ids come from the schema derived from the first (id-less) file
        if (opts.fieldIds) copyOpts.push(`FIELD_IDS ${fieldIdsOption(schema.fields)}`)
        await conn.run(`COPY (${source.sql}) TO '${file.replaceAll("'", "''")}' (${copyOpts.join(', ')})`)

        // Read back: derive the schema and the expected rows from DuckDB itself.
        const { names, types, rows } = await readRows(conn, file)
        const derived = icebergSchemaFromDuckDB(names, types)
        if (!sameShape(derived, table.type)) {
          throw new Error(`${name}: DuckDB read back ${typeToString(derived)}, generated ${typeToString(table.type)}`)
        }
        schema ??= derived
        const canonicalRows = rows.map(row => Object.fromEntries(derived.fields.map((f, i) => [f.name, fromDuckDB(row[i], f.type)])))
        const problems = []
        if (canonicalRows.length !== generated.length) problems.push(`row count ${canonicalRows.length} vs ${generated.length}`)
        canonicalRows.forEach((row, r) => {
          for (const f of derived.fields) {
            compareCanonical(generated[r]?.[f.name], row[f.name], f.type, f.name, (p, e, a, note) =>
              problems.length < 10 && problems.push(`row ${r} ${p}: generated ${show(e)}, read back ${show(a)}${note ? ` (${note})` : ''}`))
          }
        })
        if (problems.length) throw new Error(`${name}: DuckDB read-back differs from generated data:\n  ${problems.join('\n  ')}`)

        // The ids DuckDB wrote must be the schema's (or absent).
        const ids = []
        const walk = n => { if (n.el.field_id !== undefined) ids.push(n.el.field_id); n.children.forEach(walk) }
        walk(schemaTree(await readSchemaElements(conn, file)))
        if (!opts.fieldIds && ids.length) throw new Error(`${name}: unexpected field ids in file`)
        if (source.rowGroupSize && (await readLayout(conn, file)).row_groups < 2) throw new Error(`${name}: expected several row groups`)

        const expected = { schema, 'field-ids': Boolean(opts.fieldIds), rows: canonicalRows }
        await writeFile(path.join(outdir, `${name}.expected.json`), JSON.stringify(expected) + '\n')
        const layout = await readLayout(conn, file)
        manifest.push({
          name, table: tableName, file: `${name}.parquet`, expected: `${name}.expected.json`, rows: canonicalRows.length,
          options: { compression: opts.compression, parquet_version: opts.version, row_group_size: source.rowGroupSize, field_ids: Boolean(opts.fieldIds) },
          ...layout,
        })
        log(`${name}: ${canonicalRows.length} rows, ${layout.row_groups} row group(s), ${layout.codecs.join('/')}, ${layout.encodings.join(' ')}`)
      }
    }
  })
  await writeFile(path.join(outdir, 'manifest.json'), JSON.stringify({ writer: 'duckdb (@duckdb/node-api 1.5.6-r.1)', seed, files: manifest }, null, 1) + '\n')
  return manifest
}

async function main(argv) {
  const args = []
  let seed = DEFAULT_SEED
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--seed') seed = Number(argv[++i])
    else args.push(argv[i])
  }
  if (args.length !== 1 || !Number.isInteger(seed)) {
    console.error('usage: duckdb_write_fixtures.mjs <outdir> [--seed N]')
    return 2
  }
  const manifest = await writeFixtures(args[0], { seed, log: s => console.log(s) })
  console.log(`wrote ${manifest.length} fixtures to ${args[0]}`)
  return 0
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2))
}
