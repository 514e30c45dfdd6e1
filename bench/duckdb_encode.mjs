#!/usr/bin/env node
// DuckDB side of the encoder benchmark (see bench/README.md).
//
//   node bench/duckdb_encode.mjs <events.ndjson> [--threads 1] [--event-id uuid|varchar]
//        [--runs 3] [--out bench/out/duckdb_events.parquet] [--end-to-end]
//
// Loads the NDJSON from bench/gen_events into an in-memory table with the same
// physical types firn writes (not timed), then times
//   COPY events TO out (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)
// with SET threads=N, best of --runs. With --end-to-end it instead times the
// whole NDJSON -> Parquet statement (read_json inside the COPY), which is the
// number in shared/notes/machine-and-peers.md.
// Prints one JSON object: rows, seconds (best), rows_per_s, input_mb_per_s
// (NDJSON bytes / seconds, MB = 10^6 bytes), output_bytes, peak_rss_mb, every
// run's seconds, and the best run's process CPU time.

import { mkdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'

function parseArgs(argv) {
  const o = { threads: 1, eventId: 'uuid', runs: 3, out: 'bench/out/duckdb_events.parquet', endToEnd: false, input: null }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--threads') o.threads = Number(argv[++i])
    else if (a === '--event-id') o.eventId = argv[++i]
    else if (a === '--runs') o.runs = Number(argv[++i])
    else if (a === '--out') o.out = argv[++i]
    else if (a === '--end-to-end') o.endToEnd = true
    else if (!a.startsWith('--') && o.input === null) o.input = a
    else throw new Error(`unknown argument ${a}`)
  }
  if (!o.input || !(o.threads >= 1) || !(o.runs >= 1) || !['uuid', 'varchar'].includes(o.eventId)) {
    throw new Error('usage: duckdb_encode.mjs <events.ndjson> [--threads N] [--event-id uuid|varchar] [--runs N] [--out FILE] [--end-to-end]')
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
  const inputBytes = statSync(o.input).size
  mkdirSync(path.dirname(path.resolve(o.out)), { recursive: true })

  // uuid: firn stores Iceberg uuid as FIXED_LEN_BYTE_ARRAY(16), DuckDB's UUID does the same.
  const columns = `{event_id: '${o.eventId === 'uuid' ? 'UUID' : 'VARCHAR'}', event_time: 'TIMESTAMPTZ', user_id: 'BIGINT',
    session_id: 'VARCHAR', event_type: 'VARCHAR', page: 'VARCHAR', amount: 'DOUBLE', country: 'VARCHAR',
    device: 'STRUCT(os VARCHAR, version VARCHAR)', tags: 'VARCHAR[]'}`
  const readJson = `read_json(${sqlString(o.input)}, format = 'newline_delimited', columns = ${columns})`
  const copyOptions = '(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)'

  const instance = await DuckDBInstance.create(':memory:')
  const conn = await instance.connect()
  await conn.run("SET TimeZone = 'UTC'")

  let rows
  let loadSeconds = null
  let source
  if (o.endToEnd) {
    source = `(SELECT * FROM ${readJson})`
    rows = Number((await conn.runAndReadAll(`SELECT count(*) FROM ${readJson}`)).getRows()[0][0])
  } else {
    const t0 = performance.now()
    await conn.run(`CREATE TABLE events AS SELECT * FROM ${readJson}`)
    loadSeconds = (performance.now() - t0) / 1000
    source = 'events'
    rows = Number((await conn.runAndReadAll('SELECT count(*) FROM events')).getRows()[0][0])
  }

  await conn.run(`SET threads = ${o.threads}`)
  const runs = []
  const cpuRuns = []
  for (let i = 0; i < o.runs; i++) {
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    await conn.run(`COPY ${source} TO ${sqlString(o.out)} ${copyOptions}`)
    runs.push((performance.now() - t0) / 1000)
    const c = process.cpuUsage(c0)
    cpuRuns.push((c.user + c.system) / 1e6)
  }
  const version = (await conn.runAndReadAll('SELECT version()')).getRows()[0][0]
  conn.closeSync()
  instance.closeSync()

  const seconds = Math.min(...runs)
  const round = (x, d = 3) => Number(x.toFixed(d))
  console.log(JSON.stringify({
    rows,
    seconds: round(seconds, 4),
    rows_per_s: Math.round(rows / seconds),
    input_mb_per_s: round(inputBytes / seconds / 1e6, 1),
    output_bytes: statSync(o.out).size,
    peak_rss_mb: round(process.resourceUsage().maxRSS / 1024, 1), // maxRSS is in KiB
    runs_seconds: runs.map(r => round(r, 4)),
    // CPU time of the whole process (DuckDB's threads included) per run: less
    // sensitive than wall time to other load on the machine.
    cpu_seconds: round(Math.min(...cpuRuns), 4),
    rows_per_cpu_s: Math.round(rows / Math.min(...cpuRuns)),
    threads: o.threads,
    event_id: o.eventId,
    mode: o.endToEnd ? 'ndjson-to-parquet' : 'table-to-parquet',
    load_seconds: loadSeconds === null ? null : round(loadSeconds),
    input_bytes: inputBytes,
    duckdb: version,
  }))
  return 0
}

process.exitCode = await main()
