// firn writes, independent readers read: for each seed, tests/interop/write_random (C++)
// writes a random table with firn's Parquet writer plus the rows every reader must see;
// DuckDB and hyparquet read the file back and every value, the schema and the field ids
// must match (check_parquet.mjs).
//
//   FIRN_WRITE_RANDOM=build/tests/interop/write_random FIRN_SEEDS=50 node --test tests/interop/firn_writes_test.mjs
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkParquet } from './check_parquet.mjs'

const tool = process.env.FIRN_WRITE_RANDOM
const seeds = Number(process.env.FIRN_SEEDS ?? 50)
const first = Number(process.env.FIRN_FIRST_SEED ?? 1)

if (!tool) throw new Error('set FIRN_WRITE_RANDOM to the write_random binary')

const dir = mkdtempSync(join(tmpdir(), 'firn-writes-'))
process.on('exit', () => rmSync(dir, { recursive: true, force: true }))

for (let seed = first; seed < first + seeds; seed++) {
  test(`seed ${seed}: DuckDB and hyparquet read firn's file exactly`, async () => {
    execFileSync(tool, ['--seed', String(seed), '--out', dir], { stdio: ['ignore', 'inherit', 'inherit'] })
    const file = join(dir, `${seed}.parquet`)
    const expected = JSON.parse(readFileSync(join(dir, `${seed}.expected.json`), 'utf8'))
    const { ok, lines } = await checkParquet(file, expected)
    assert.ok(ok, `seed ${seed}:\n${lines.join('\n')}`)
  })
}
