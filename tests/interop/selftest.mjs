// Self-test of the interop harness: node --test tests/interop/selftest.mjs
//
// DuckDB writes the fixtures (duckdb_write_fixtures.mjs); check_parquet.mjs must
// then accept every file against its expected.json with both readers — which
// exercises hyparquet's canonicalisation independently of DuckDB's — and must
// reject deliberately damaged expectations with a precise report.

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { DuckDBDecimalValue, DuckDBTimestampTZValue, DuckDBTimestampValue } from '@duckdb/node-api'
import { checkParquet } from './check_parquet.mjs'
import { writeFixtures } from './duckdb_write_fixtures.mjs'
import { bigIntFromTwosComplement, compareCanonical, formatDecimal, formatFloat, fromDuckDB, fromHyparquet, TaggedTime } from './lib/canonical.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
let dir
let manifest

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'firn-interop-'))
  manifest = await writeFixtures(dir)
})
after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
})

const load = async name => JSON.parse(await readFile(path.join(dir, `${name}.expected.json`), 'utf8'))
const check = (name, expected, readers) => checkParquet(path.join(dir, `${name}.parquet`), expected, { readers, maxErrors: 50 })

describe('canonical conversions', () => {
  test('decimal formatting keeps exactly S fraction digits', () => {
    assert.equal(formatDecimal(-1230n, 2), '-12.30')
    assert.equal(formatDecimal(5n, 0), '5')
    assert.equal(formatDecimal(-5n, 3), '-0.005')
    assert.equal(formatDecimal(0n, 2), '0.00')
    assert.equal(formatDecimal(10n ** 38n - 1n, 10), '9999999999999999999999999999.9999999999')
  })
  test('two\'s complement decimals', () => {
    assert.equal(bigIntFromTwosComplement(Uint8Array.of(0xff, 0x85)), -123n)
    assert.equal(bigIntFromTwosComplement(Uint8Array.of(0x00, 0x85)), 133n)
    assert.equal(bigIntFromTwosComplement(new Uint8Array(0)), 0n)
  })
  test('floats', () => {
    assert.deepEqual([NaN, Infinity, -Infinity, -0, 0, 0.1, 1e21].map(formatFloat), ['NaN', 'Infinity', '-Infinity', '-0', '0', '0.1', '1e+21'])
    const diffs = []
    const rep = (...a) => diffs.push(a)
    compareCanonical('0.1', formatFloat(Math.fround(0.1)), 'float', 'f', rep) // float: fround on both sides
    compareCanonical('NaN', 'NaN', 'double', 'd', rep)
    assert.equal(diffs.length, 0)
    compareCanonical('0', '-0', 'double', 'd', rep)
    compareCanonical('0.1', formatFloat(Math.fround(0.1)), 'double', 'd', rep)
    compareCanonical('1.0x', '1', 'double', 'd', rep) // malformed expected is never equal
    assert.equal(diffs.length, 3)
  })
  test('DuckDB timestamptz_ns is relaxed to µs (truncation or floor), and only that type', () => {
    const diffs = []
    const rep = (...a) => diffs.push(a)
    compareCanonical('1700000000123456789', fromDuckDB(new DuckDBTimestampTZValue(1700000000123456n), 'timestamptz_ns'), 'timestamptz_ns', 't', rep)
    compareCanonical('-1', fromDuckDB(new DuckDBTimestampTZValue(0n), 'timestamptz_ns'), 'timestamptz_ns', 't', rep)
    compareCanonical('-1', fromDuckDB(new DuckDBTimestampTZValue(-1n), 'timestamptz_ns'), 'timestamptz_ns', 't', rep)
    assert.equal(diffs.length, 0)
    compareCanonical('1700000000124456789', fromDuckDB(new DuckDBTimestampTZValue(1700000000123456n), 'timestamptz_ns'), 'timestamptz_ns', 't', rep)
    assert.equal(diffs.length, 1)
    // a plain TIMESTAMP value where timestamptz is expected means isAdjustedToUTC is wrong
    assert.match(fromDuckDB(new DuckDBTimestampValue(5n), 'timestamptz'), /unexpected/)
  })
  test('decimals are rescaled exactly or flagged', () => {
    assert.equal(fromDuckDB(new DuckDBDecimalValue(1230n, 9, 2), 'decimal(9,3)'), '12.300')
    assert.match(fromDuckDB(new DuckDBDecimalValue(1231n, 9, 3), 'decimal(9,2)'), /unexpected/)
  })
  test('hyparquet raw values', () => {
    assert.equal(fromHyparquet(new TaggedTime('MILLIS', 5n), 'timestamp'), '5000')
    assert.equal(fromHyparquet(new TaggedTime('NANOS', 5000n), 'timestamptz'), '5')
    assert.match(fromHyparquet(new TaggedTime('NANOS', 5001n), 'timestamptz'), /unexpected/)
    assert.equal(fromHyparquet(Uint8Array.of(0xff, 0x85), 'decimal(4,1)'), '-12.3')
    assert.equal(fromHyparquet(-123, 'decimal(4,2)'), '-1.23')
  })
})

describe('DuckDB fixtures read back by both readers', () => {
  test('fixtures cover codecs, page versions, encodings, row groups and field ids', () => {
    const codecs = new Set(manifest.flatMap(m => m.codecs))
    for (const c of ['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'ZSTD', 'LZ4_RAW', 'BROTLI']) assert.ok(codecs.has(c), `codec ${c}`)
    const enc = new Set(manifest.flatMap(m => m.encodings))
    for (const e of ['PLAIN', 'DELTA_BINARY_PACKED', 'DELTA_LENGTH_BYTE_ARRAY', 'BYTE_STREAM_SPLIT', 'RLE_DICTIONARY', 'PLAIN_DICTIONARY']) {
      assert.ok(enc.has(e), `encoding ${e}`)
    }
    assert.ok(manifest.some(m => m.row_groups >= 3))
    assert.ok(manifest.some(m => m.options.field_ids) && manifest.some(m => !m.options.field_ids))
    assert.ok(manifest.length >= 20)
  })

  test('every fixture passes check_parquet with DuckDB and hyparquet', async () => {
    const failures = []
    for (const m of manifest) {
      const { ok, lines } = await check(m.name, await load(m.name))
      if (!ok) failures.push(`${m.name}:\n${lines.join('\n')}`)
    }
    assert.deepEqual(failures, [])
  })
})

describe('check_parquet rejects wrong expectations', () => {
  const problems = async (name, mutate, readers) => {
    const expected = await load(name)
    mutate(expected)
    const { ok, lines } = await check(name, expected, readers)
    assert.equal(ok, false, 'check must fail')
    return lines.join('\n')
  }
  const field = (e, name) => e.schema.fields.find(f => f.name === name)

  test('a changed value, reported with row, path and reader', async () => {
    const out = await problems('nested_zstd_v1_ids', e => { e.rows[3].mi[0][0] = '11' })
    assert.match(out, /\[duckdb\] row 3 column mi\{0\}\.key: expected "11", got "10"/)
    assert.match(out, /\[hyparquet\] row 3 column mi\{0\}\.key: expected "11", got "10"/)
  })
  test('map order matters', async () => {
    const out = await problems('nested_gzip_v2', e => { e.rows[3].mi.reverse() })
    assert.match(out, /\[hyparquet\] row 3 column mi\{0\}\.key/)
  })
  test('-0 versus 0, and NaN', async () => {
    const e0 = await load('primitives_uncompressed_v1')
    const r = e0.rows.findIndex(row => row.c_double === '-0')
    const n = e0.rows.findIndex(row => row.c_float === 'NaN')
    assert.ok(r >= 0 && n >= 0)
    const out = await problems('primitives_uncompressed_v1', e => { e.rows[r].c_double = '0'; e.rows[n].c_float = '0' })
    for (const reader of ['duckdb', 'hyparquet']) {
      assert.match(out, new RegExp(`\\[${reader}\\] row ${r} column c_double: expected "0", got "-0"`))
      assert.match(out, new RegExp(`\\[${reader}\\] row ${n} column c_float: expected "0", got "NaN"`))
    }
  })
  test('the last digits of long and decimal(38,10) values', async () => {
    const out = await problems('primitives_zstd_v2_smallrg', e => {
      e.rows[1].c_long = '9223372036854775806'
      e.rows[0].c_dec38 = e.rows[0].c_dec38.replace(/9$/, '8')
    })
    assert.match(out, /\[hyparquet\] row 1 column c_long/)
    assert.match(out, /\[hyparquet\] row 0 column c_dec38/)
    assert.match(out, /\[duckdb\] row 0 column c_dec38/)
  })
  test('a wrong field id, in a nested position', async () => {
    const out = await problems('nested_snappy_v2_smallrg_ids', e => { field(e, 'mi').type['value-id'] += 100 })
    assert.match(out, /\[duckdb\] schema mi\.value: field_id \d+, expected \d+/)
    assert.match(out, /\[hyparquet\] schema mi\.value: field_id \d+, expected \d+/)
  })
  test('missing field ids when the expectation says the file has them', async () => {
    const out = await problems('primitives_gzip_v2', e => { e['field-ids'] = true })
    assert.match(out, /schema c_bool: field_id missing, expected 1/)
  })
  test('a wrong type annotation', async () => {
    const out = await problems('primitives_brotli_v2', e => {
      field(e, 'c_tstz').type = 'timestamp'
      field(e, 'c_dec9').type = 'decimal(10,2)'
      field(e, 'c_binary').type = 'string'
    })
    assert.match(out, /\[hyparquet\] schema c_tstz: timestamp needs INT64 TIMESTAMP\(MICROS, isAdjustedToUTC=false\)/)
    assert.match(out, /\[duckdb\] row \d+ column c_tstz: .*unexpected DuckDBTimestampTZValue/)
    assert.match(out, /\[hyparquet\] schema c_dec9: decimal\(10,2\) needs DECIMAL\(10,2\)/)
    assert.match(out, /\[hyparquet\] schema c_binary: string needs BYTE_ARRAY STRING/)
  })
  test('required versus optional, and names', async () => {
    const out = await problems('nested_uncompressed_v1', e => {
      field(e, 'id').required = true
      field(e, 'st').type.fields[1].name = 'bee'
    })
    assert.match(out, /\[duckdb\] schema id: repetition OPTIONAL, expected REQUIRED/)
    assert.match(out, /\[hyparquet\] schema st\.bee: Parquet name "b", expected "bee"/)
  })
  test('row count and list length', async () => {
    const out = await problems('lowcard_zstd_v2_smallrg', e => {
      e.rows.pop()
      const r = e.rows.findIndex(row => Array.isArray(row.tags) && row.tags.length > 0)
      e.rows[r].tags.push('extra')
    })
    assert.match(out, /\[duckdb\] row count 2000, expected 1999/)
    assert.match(out, /\[hyparquet\] row \d+ column tags: .*list length/)
  })
  test('expected JSON that breaks the contract', async () => {
    const out = await problems('lowcard_uncompressed_v1', e => { e.rows[0].bogus = 1 })
    assert.match(out, /\[expected\] row 0 has key "bogus" not in the schema/)
    const out2 = await problems('lowcard_uncompressed_v1', e => { e.rows[0].seq = 0 })
    assert.match(out2, /row 0 column seq: expected 0, got "0"/)
  })
})

describe('check_parquet.mjs command line', () => {
  const run = async (...args) => {
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [path.join(here, 'check_parquet.mjs'), ...args])
      return { code: 0, stdout }
    } catch (e) {
      return { code: e.code, stdout: e.stdout }
    }
  }
  test('exit 0 on success, 1 on mismatch, 2 on bad usage', async () => {
    const name = 'nested_brotli_v2'
    const ok = await run(path.join(dir, `${name}.parquet`), path.join(dir, `${name}.expected.json`))
    assert.equal(ok.code, 0, ok.stdout)
    assert.match(ok.stdout, /^check_parquet: OK/)

    const bad = await load(name)
    bad.rows[5].id = '-5'
    const badPath = path.join(dir, 'bad.expected.json')
    await writeFile(badPath, JSON.stringify(bad))
    const mismatch = await run(path.join(dir, `${name}.parquet`), badPath)
    assert.equal(mismatch.code, 1)
    assert.match(mismatch.stdout, /MISMATCH[\s\S]*\[duckdb\] row 5 column id: expected "-5", got "5"/)

    assert.equal((await run('only-one-arg')).code, 2)
  })
})
