#!/usr/bin/env node
// DuckDB side of the streaming-ingest benchmark (bench/run_ingest.sh, docs/benchmarks.md):
// one NDJSON file to one zstd Parquet file, end to end, in one statement:
//
//   COPY (SELECT * FROM read_json(F, format = 'newline_delimited', columns = {...}))
//   TO OUT (FORMAT parquet, COMPRESSION zstd)
//
//   node bench/duckdb_ingest.mjs <events.ndjson> --out FILE [--threads N] [--no-order]
//
// One run per process, so that the caller can take the process's wall and CPU time
// (getrusage of the child) the same way as firn's. --no-order adds
// SET preserve_insertion_order = false (lets DuckDB's threads write out of order).
// The columns are the standard event stream's, with the physical types firn writes
// (event_id UUID = FIXED_LEN_BYTE_ARRAY(16)); ROW_GROUP_SIZE is DuckDB's default (122880).
// Prints one JSON object: rows, copy_seconds (the statement alone), output_bytes,
// threads, preserve_insertion_order, duckdb version.

import { mkdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'

function parseArgs(argv) {
  const o = { threads: 1, out: null, input: null, preserveOrder: true }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--threads') o.threads = Number(argv[++i])
    else if (a === '--out') o.out = argv[++i]
    else if (a === '--no-order') o.preserveOrder = false
    else if (!a.startsWith('--') && o.input === null) o.input = a
    else throw new Error(`unknown argument ${a}`)
  }
  if (!o.input || !o.out || !(o.threads >= 1)) {
    throw new Error('usage: duckdb_ingest.mjs <events.ndjson> --out FILE [--threads N] [--no-order]')
  }
  return o
}

const sqlString = s => `'${s.replaceAll("'", "''")}'`

async function main() {
  let o
  try {
    o = parseArgs(process.argv.slice(2))
  } catch (e) {
    console.error(e.message)
    return 2
  }
  mkdirSync(path.dirname(path.resolve(o.out)), { recursive: true })
  const columns = `{event_id: 'UUID', event_time: 'TIMESTAMPTZ', user_id: 'BIGINT',
    session_id: 'VARCHAR', event_type: 'VARCHAR', page: 'VARCHAR', amount: 'DOUBLE', country: 'VARCHAR',
    device: 'STRUCT(os VARCHAR, version VARCHAR)', tags: 'VARCHAR[]'}`
  const readJson = `read_json(${sqlString(o.input)}, format = 'newline_delimited', columns = ${columns})`

  const instance = await DuckDBInstance.create(':memory:')
  const conn = await instance.connect()
  await conn.run("SET TimeZone = 'UTC'")
  await conn.run(`SET threads = ${o.threads}`)
  if (!o.preserveOrder) await conn.run('SET preserve_insertion_order = false')

  const t0 = performance.now()
  const result = await conn.runAndReadAll(
    `COPY (SELECT * FROM ${readJson}) TO ${sqlString(o.out)} (FORMAT parquet, COMPRESSION zstd)`)
  const seconds = (performance.now() - t0) / 1000
  // COPY returns the number of rows written.
  const rows = Number(result.getRows()[0][0])
  const version = (await conn.runAndReadAll('SELECT version()')).getRows()[0][0]
  conn.closeSync()
  instance.closeSync()
  console.log(JSON.stringify({
    rows,
    copy_seconds: Number(seconds.toFixed(4)),
    output_bytes: statSync(o.out).size,
    threads: o.threads,
    preserve_insertion_order: o.preserveOrder,
    duckdb: version,
  }))
  return 0
}

process.exitCode = await main()
