#!/usr/bin/env node
// DuckDB side of the upsert benchmark (bench/upsert_bench.py, docs/benchmarks.md): the
// final state of a Debezium change stream (NDJSON envelopes) as one zstd Parquet file, in
// one statement: the last change of every key by file order, deletes dropped.
//
//   COPY (WITH ev AS (SELECT row_number() OVER () AS seq, op, coalesce(after.id, before.id) AS id,
//                            after FROM read_json(F, columns = {...}))
//         SELECT unnest(last.after) FROM (SELECT arg_max({op, after}, seq) AS last FROM ev GROUP BY id)
//         WHERE last.op <> 'd')
//   TO OUT (FORMAT parquet, COMPRESSION zstd)
//
// This is a batch computation of the end state, not a streaming upsert: DuckDB has no
// change stream to apply and writes no delete files; it is the work a nightly rebuild of
// the replica would do, the peer for firn's records/s on the same input.
//
//   node bench/duckdb_upsert.mjs <changes.ndjson> --out FILE [--threads N]
//
// Prints one JSON object: rows, copy_seconds (the statement alone), output_bytes, threads,
// duckdb version.

import { mkdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'

function parseArgs(argv) {
  const o = { threads: 1, out: null, input: null }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--threads') o.threads = Number(argv[++i])
    else if (a === '--out') o.out = argv[++i]
    else if (!a.startsWith('--') && o.input === null) o.input = a
    else throw new Error(`unknown argument ${a}`)
  }
  if (!o.input || !o.out || !(o.threads >= 1)) {
    throw new Error('usage: duckdb_upsert.mjs <changes.ndjson> --out FILE [--threads N]')
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
  const row = `STRUCT(id BIGINT, name VARCHAR, email VARCHAR, balance BIGINT, region VARCHAR, updated_at TIMESTAMPTZ)`
  const columns = `{op: 'VARCHAR', before: '${row}', after: '${row}'}`
  const readJson = `read_json(${sqlString(o.input)}, format = 'newline_delimited', columns = ${columns})`

  const instance = await DuckDBInstance.create(':memory:')
  const conn = await instance.connect()
  await conn.run("SET TimeZone = 'UTC'")
  await conn.run(`SET threads = ${o.threads}`)

  const t0 = performance.now()
  const result = await conn.runAndReadAll(`COPY (
      WITH ev AS (SELECT row_number() OVER () AS seq, op, coalesce(after.id, before.id) AS id, after
                  FROM ${readJson})
      SELECT unnest(l.after) FROM (SELECT arg_max({'op': op, 'after': after}, seq) AS l FROM ev GROUP BY id)
      WHERE l.op <> 'd')
    TO ${sqlString(o.out)} (FORMAT parquet, COMPRESSION zstd)`)
  const seconds = (performance.now() - t0) / 1000
  const rows = Number(result.getRows()[0][0])
  const version = (await conn.runAndReadAll('SELECT version()')).getRows()[0][0]
  conn.closeSync()
  instance.closeSync()
  console.log(JSON.stringify({
    rows,
    copy_seconds: Number(seconds.toFixed(4)),
    output_bytes: statSync(o.out).size,
    threads: o.threads,
    duckdb: version,
  }))
  return 0
}

process.exitCode = await main()
