#!/usr/bin/env node
// DuckDB side of the compaction benchmark (bench/compact_bench.py, docs/benchmarks.md):
// many small Parquet files rewritten into one zstd Parquet file, in one statement:
//
//   COPY (SELECT * FROM read_parquet([F1, F2, ...])) TO OUT (FORMAT parquet, COMPRESSION zstd)
//
//   node bench/duckdb_compact.mjs --list FILES.txt --out FILE [--threads N] [--order-by COLS]
//
// --order-by adds ORDER BY COLS to the SELECT (the sorted rewrite).
//
// FILES.txt holds one input path per line. One run per process, so that the caller takes
// the process's wall and CPU time (getrusage of the child) as it does for firn. Prints one
// JSON object: rows, copy_seconds (the statement alone), output_bytes, threads, duckdb.

import { mkdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'

function parseArgs(argv) {
  const o = { threads: 1, out: null, list: null, orderBy: '' }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--threads') o.threads = Number(argv[++i])
    else if (a === '--out') o.out = argv[++i]
    else if (a === '--list') o.list = argv[++i]
    else if (a === '--order-by') o.orderBy = argv[++i]
    else throw new Error(`unknown argument ${a}`)
  }
  if (!o.list || !o.out || !(o.threads >= 1)) {
    throw new Error('usage: duckdb_compact.mjs --list FILES.txt --out FILE [--threads N]')
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
  const files = readFileSync(o.list, 'utf8').split('\n').filter(Boolean)
  mkdirSync(path.dirname(path.resolve(o.out)), { recursive: true })
  const instance = await DuckDBInstance.create(':memory:')
  const conn = await instance.connect()
  await conn.run(`SET threads = ${o.threads}`)
  const t0 = performance.now()
  const result = await conn.runAndReadAll(
    `COPY (SELECT * FROM read_parquet([${files.map(sqlString).join(', ')}])` +
    `${o.orderBy ? ` ORDER BY ${o.orderBy}` : ''}) TO ${sqlString(o.out)} ` +
    '(FORMAT parquet, COMPRESSION zstd)')
  const seconds = (performance.now() - t0) / 1000
  const rows = Number(result.getRows()[0][0])
  const version = (await conn.runAndReadAll('SELECT version()')).getRows()[0][0]
  conn.closeSync()
  instance.closeSync()
  console.log(JSON.stringify({
    rows, copy_seconds: Number(seconds.toFixed(4)), output_bytes: statSync(o.out).size, threads: o.threads,
    order_by: o.orderBy || null,
    duckdb: version,
  }))
  return 0
}

process.exitCode = await main()
