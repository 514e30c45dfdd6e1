// Reading Parquet files with DuckDB (@duckdb/node-api).
//
// One in-memory DuckDB instance per call of withDuckDB(); values come back as
// @duckdb/node-api value classes (see lib/canonical.mjs for their conversion).

import { DuckDBInstance } from '@duckdb/node-api'

/** Runs fn(connection) against a fresh in-memory DuckDB, closing it afterwards. */
export async function withDuckDB(fn, { threads } = {}) {
  const instance = await DuckDBInstance.create(':memory:', threads ? { threads: String(threads) } : {})
  const conn = await instance.connect()
  try {
    // Only matters for SQL that renders or casts timestamptz; values themselves are UTC µs.
    await conn.run("SET TimeZone = 'UTC'")
    return await fn(conn)
  } finally {
    conn.closeSync()
    instance.closeSync()
  }
}

/**
 * All rows of a Parquet file, in file order.
 * @returns {Promise<{names: string[], types: import('@duckdb/node-api').DuckDBType[], rows: any[][]}>}
 */
export async function readRows(conn, file) {
  // preserve_insertion_order (the default) keeps file order across row groups.
  const reader = await conn.runAndReadAll('SELECT * FROM read_parquet($1)', [file])
  return { names: reader.columnNames(), types: reader.columnTypes(), rows: reader.getRows() }
}

/**
 * The file's Parquet schema as a flat, depth-first list of elements (root first),
 * in the shape lib/parquet_schema_check.mjs expects.
 */
export async function readSchemaElements(conn, file) {
  const reader = await conn.runAndReadAll(
    'SELECT name, type, type_length, repetition_type, num_children, converted_type, scale, precision, field_id, logical_type FROM parquet_schema($1)',
    [file])
  return reader.getRowObjects().map(r => ({
    name: r.name,
    type: r.type ?? undefined,
    type_length: r.type_length == null ? undefined : Number(r.type_length),
    repetition_type: r.repetition_type ?? undefined,
    num_children: r.num_children == null ? undefined : Number(r.num_children),
    converted_type: r.converted_type ?? undefined,
    scale: r.scale == null ? undefined : Number(r.scale),
    precision: r.precision == null ? undefined : Number(r.precision),
    field_id: r.field_id == null ? undefined : Number(r.field_id),
    // DuckDB renders the logical type as thrift debug text; only hyparquet's
    // structured form is used for annotation checks.
    logical_type_text: r.logical_type ?? undefined,
  }))
}

/** Row groups, codecs and encodings actually present, for fixture manifests. */
export async function readLayout(conn, file) {
  const reader = await conn.runAndReadAll(
    `SELECT count(DISTINCT row_group_id) AS row_groups,
            list(DISTINCT compression ORDER BY compression) AS codecs,
            list(DISTINCT e ORDER BY e) AS encodings
       FROM (SELECT row_group_id, compression, unnest(string_split(encodings, ', ')) AS e
               FROM parquet_metadata($1))`, [file])
  const [r] = reader.getRowObjects()
  return {
    row_groups: Number(r.row_groups),
    codecs: r.codecs.items.map(String),
    encodings: r.encodings.items.map(String),
  }
}
