// Deterministic test data for the DuckDB-written fixtures, generated directly in
// canonical form (lib/canonical.mjs) from a seeded PRNG, plus the SQL literal of
// each canonical value so DuckDB stores exactly that value.
//
// Column types here are Iceberg types without ids; the Iceberg schema written to
// each expected.json is derived independently from DuckDB's read-back types
// (duckdb_write_fixtures.mjs) and must agree with these.

import { formatDecimal, formatFloat, uuidFromHex32 } from './canonical.mjs'
import { parsePrimitive } from './iceberg_types.mjs'

// ---------------------------------------------------------------------------
// PRNG: splitmix32-style, fixed seed, no dependence on Math.random.

export class Rng {
  constructor(seed) { this.s = seed >>> 0 }
  u32() {
    this.s = (this.s + 0x9e3779b9) >>> 0
    let z = this.s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
  float() { return this.u32() / 4294967296 }
  int(lo, hi) { return lo + Math.floor(this.float() * (hi - lo + 1)) } // inclusive, |range| < 2^32
  big(lo, hi) { // inclusive BigInt range
    const span = hi - lo + 1n
    const r = (BigInt(this.u32()) << 96n) | (BigInt(this.u32()) << 64n) | (BigInt(this.u32()) << 32n) | BigInt(this.u32())
    return lo + (r % span)
  }
  pick(arr) { return arr[this.int(0, arr.length - 1)] }
  chance(p) { return this.float() < p }
  bytes(n) { return Array.from({ length: n }, () => this.int(0, 255)) }
}

const hexOf = bytes => bytes.map(b => b.toString(16).padStart(2, '0')).join('')

// ---------------------------------------------------------------------------
// Value generators per Iceberg primitive, in canonical form. Each has a list
// of extremes that the first rows of a table cycle through.

const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'firn', 'névé', 'glacier', 'séracs', 'Gletscher',
  '氷河', 'лёд', 'παγετώνας', 'نهر جليدي', 'हिमनद', '🧊', '❄️', 'e\u0301', 'x', '']
const STRING_EXTREMES = ['', ' ', 'a', "it's \"quoted\" \\ back\\slash", 'line\nbreak\ttab\r', 'héllo wörld',
  '日本語のテキスト', '🧊❄️🏔️ emoji', 'مرحبا بالعالم', 'e\u0301 combining', '\u00a0nbsp\u2028sep', 'z'.repeat(300)]

export const MIN_LONG = -(2n ** 63n)
export const MAX_LONG = 2n ** 63n - 1n

const GEN = {
  boolean: {
    extremes: [true, false],
    random: r => r.chance(0.5),
  },
  int: {
    extremes: ['-2147483648', '2147483647', '0', '-1', '1'],
    random: r => String(r.chance(0.5) ? r.int(-1000, 1000) : r.int(-2147483648, 2147483647)),
  },
  long: {
    extremes: [MIN_LONG.toString(), MAX_LONG.toString(), '0', '-1', '9007199254740993', '-9007199254740993'],
    random: r => (r.chance(0.5) ? BigInt(r.int(-100000, 100000)) : r.big(MIN_LONG, MAX_LONG)).toString(),
  },
  float: {
    extremes: ['NaN', 'Infinity', '-Infinity', '-0', '0', '3.4028234663852886e+38', '-3.4028234663852886e+38',
      '1.401298464324817e-45', '1.1754943508222875e-38', '0.10000000149011612'],
    random: r => formatFloat(Math.fround((r.float() - 0.5) * 10 ** r.int(-10, 10))),
  },
  double: {
    extremes: ['NaN', 'Infinity', '-Infinity', '-0', '0', '1.7976931348623157e+308', '-1.7976931348623157e+308',
      '5e-324', '2.2250738585072014e-308', '0.1', '9007199254740993'],
    random: r => formatFloat((r.float() - 0.5) * 10 ** r.int(-20, 20)),
  },
  date: {
    extremes: ['-719162', '2932896', '-1', '0', '-25567', '19000'], // 0001-01-01, 9999-12-31, 1969-12-31, epoch, 1900-01-01
    random: r => String(r.int(-40000, 60000)),
  },
  time: {
    extremes: ['0', '86399999999', '1', '43200000000'],
    random: r => String(r.int(0, 86399) * 1000000 + r.int(0, 999999)),
  },
  timestamp: {
    extremes: ['-62135596800000000', '253402300799999999', '-1', '0', '1', '-2208988800000001'],
    random: r => (BigInt(r.int(-2208988800, 4102444800)) * 1000000n + BigInt(r.int(0, 999999))).toString(),
  },
  timestamp_ns: {
    // DuckDB's TIMESTAMP_NS spans the whole int64 range except its ±infinity sentinels.
    extremes: ['-9223286400000000000', '9223286400000000000', '-1', '0', '1', '-2208988800000000001'],
    random: r => (BigInt(r.int(-2208988800, 4102444800)) * 1000000000n + BigInt(r.int(0, 999999999))).toString(),
  },
  string: {
    extremes: STRING_EXTREMES,
    random: r => Array.from({ length: r.int(0, 6) }, () => r.pick(WORDS)).join(r.pick([' ', '-', '/', ''])),
  },
  binary: {
    extremes: ['', '00', 'ff', '00ff00ff', hexOf(Array.from({ length: 64 }, (_, i) => (i * 37) & 255))],
    random: r => hexOf(r.bytes(r.int(0, 40))),
  },
  uuid: {
    extremes: ['00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff',
      '123e4567-e89b-12d3-a456-426614174000'],
    random: r => {
      const b = r.bytes(16)
      b[6] = (b[6] & 0x0f) | 0x40
      b[8] = (b[8] & 0x3f) | 0x80
      return uuidFromHex32(hexOf(b))
    },
  },
}
GEN.timestamptz = GEN.timestamp

function decimalGen(precision, scale) {
  const max = 10n ** BigInt(precision) - 1n
  return {
    extremes: [formatDecimal(max, scale), formatDecimal(-max, scale), formatDecimal(0n, scale),
      formatDecimal(-1n, scale), formatDecimal(1n, scale)],
    random: r => formatDecimal(r.chance(0.5) ? r.big(-max, max) : BigInt(r.int(-100000, 100000)), scale),
  }
}

/**
 * Generates one canonical value of `type` (Iceberg type without ids: primitive
 * string or {type: struct|list|map, ...}). `row` < extremes count picks an extreme.
 */
export function genValue(r, type, row, nullRate = 0.1) {
  if (r.chance(nullRate)) return null
  if (typeof type === 'string') {
    const p = parsePrimitive(type)
    const g = p.kind === 'decimal' ? decimalGen(p.precision, p.scale) : GEN[p.kind]
    if (!g) throw new Error(`no generator for ${type}`)
    return row >= 0 && row < g.extremes.length ? g.extremes[row] : g.random(r)
  }
  switch (type.type) {
    case 'struct': {
      const out = {}
      for (const f of type.fields) out[f.name] = genValue(r, f.type, row, nullRate)
      return out
    }
    case 'list': {
      const n = row === 0 ? 0 : r.int(0, type.maxLength ?? 5) // row 0: an empty list
      return Array.from({ length: n }, () => genValue(r, type.element, -1, nullRate))
    }
    case 'map': {
      const n = row === 0 ? 0 : r.int(0, type.maxLength ?? 4)
      const seen = new Set()
      const out = []
      for (let i = 0; i < n; i++) {
        const k = genValue(r, type.key, -1, 0)
        if (seen.has(k)) continue // DuckDB rejects duplicate keys
        seen.add(k)
        out.push([k, genValue(r, type.value, -1, nullRate)])
      }
      return out
    }
    default:
      throw new Error(`bad type ${JSON.stringify(type)}`)
  }
}

// ---------------------------------------------------------------------------
// Types and SQL literals

/** DuckDB type name for an Iceberg type (without ids). */
export function duckType(type) {
  if (typeof type === 'string') {
    const p = parsePrimitive(type)
    const simple = {
      boolean: 'BOOLEAN', int: 'INTEGER', long: 'BIGINT', float: 'FLOAT', double: 'DOUBLE', date: 'DATE', time: 'TIME',
      timestamp: 'TIMESTAMP', timestamptz: 'TIMESTAMPTZ', timestamp_ns: 'TIMESTAMP_NS', string: 'VARCHAR',
      binary: 'BLOB', uuid: 'UUID',
    }
    if (p.kind === 'decimal') return `DECIMAL(${p.precision},${p.scale})`
    if (!simple[p.kind]) throw new Error(`DuckDB cannot write Iceberg ${type}`)
    return simple[p.kind]
  }
  switch (type.type) {
    case 'struct': return `STRUCT(${type.fields.map(f => `${quoteIdent(f.name)} ${duckType(f.type)}`).join(', ')})`
    case 'list': return `${duckType(type.element)}[]`
    case 'map': return `MAP(${duckType(type.key)}, ${duckType(type.value)})`
    default: throw new Error(`bad type ${JSON.stringify(type)}`)
  }
}

export const quoteIdent = s => `"${s.replaceAll('"', '""')}"`
const quoteStr = s => `'${s.replaceAll("'", "''")}'`

/** SQL expression producing exactly the canonical value `v` of `type`. */
export function sqlLiteral(v, type) {
  if (v === null) return 'NULL'
  if (typeof type === 'string') {
    const p = parsePrimitive(type)
    switch (p.kind) {
      case 'boolean': return v ? 'TRUE' : 'FALSE'
      case 'date': return `(DATE '1970-01-01' + CAST(${quoteStr(v)} AS INTEGER))`
      case 'time': return `(TIME '00:00:00' + to_microseconds(CAST(${quoteStr(v)} AS BIGINT)))`
      case 'timestamp': return `make_timestamp(CAST(${quoteStr(v)} AS BIGINT))`
      case 'timestamptz': return `CAST(make_timestamp(CAST(${quoteStr(v)} AS BIGINT)) AS TIMESTAMPTZ)` // session TZ is UTC
      case 'timestamp_ns': return `make_timestamp_ns(CAST(${quoteStr(v)} AS BIGINT))`
      case 'string': return quoteStr(v)
      case 'binary': return `from_hex(${quoteStr(v)})`
      default: return `CAST(${quoteStr(v)} AS ${duckType(type)})` // numbers, decimals, uuid: exact string casts
    }
  }
  switch (type.type) {
    case 'struct': return `{${type.fields.map(f => `${quoteStr(f.name)}: ${sqlLiteral(v[f.name], f.type)}`).join(', ')}}`
    case 'list': return `[${v.map(x => sqlLiteral(x, type.element)).join(', ')}]`
    case 'map': return `MAP {${v.map(([k, x]) => `${sqlLiteral(k, type.key)}: ${sqlLiteral(x, type.value)}`).join(', ')}}`
    default: throw new Error(`bad type ${JSON.stringify(type)}`)
  }
}

// ---------------------------------------------------------------------------
// The fixture tables

const struct = (...fields) => ({ type: 'struct', fields: fields.map(([name, type]) => ({ name, type })) })
const list = (element, maxLength) => ({ type: 'list', element, maxLength })
const map = (key, value) => ({ type: 'map', key, value })

const LOW_CARD = {
  country: ['US', 'US', 'US', 'DE', 'DE', 'GB', 'FR', 'JP', 'BR', 'IN', 'CA', 'AU', 'NL', 'SE', 'ES', 'IT', 'PL', 'MX',
    'KR', 'CH', 'AT', 'BE', 'DK', 'FI', 'NO', 'IE', 'PT', 'CZ', 'NZ', 'SG', 'ZA', 'AR'],
  event_type: ['page_view', 'page_view', 'page_view', 'click', 'click', 'scroll', 'search', 'add_to_cart', 'remove_from_cart',
    'begin_checkout', 'purchase', 'refund', 'login', 'logout', 'signup', 'share', 'video_play', 'video_pause',
    'wishlist_add', 'review', 'error'],
}

/**
 * Tables: name -> {type: struct type, rows: count, gen(r, i) -> row, optionSets?: suffixes}.
 * Rows 0..k-1 of primitive columns are the generators' extremes.
 */
export function fixtureTables() {
  const primitives = struct(
    ['c_bool', 'boolean'], ['c_int', 'int'], ['c_long', 'long'], ['c_float', 'float'], ['c_double', 'double'],
    ['c_dec9', 'decimal(9,2)'], ['c_dec18', 'decimal(18,4)'], ['c_dec38', 'decimal(38,10)'], ['c_date', 'date'],
    ['c_time', 'time'], ['c_ts', 'timestamp'], ['c_tstz', 'timestamptz'], ['c_tsns', 'timestamp_ns'],
    ['c_string', 'string'], ['c_binary', 'binary'], ['c_uuid', 'uuid'])

  const nested = struct(
    ['id', 'long'],
    ['st', struct(['a', 'int'], ['b', 'string'], ['inner', struct(['x', 'double'], ['d', 'date'])])],
    ['li', list('int', 6)],
    ['ls', list('string')],
    ['lol', list(list('long', 3), 3)],
    ['m', map('string', 'long')],
    ['mi', map('int', list('decimal(9,2)', 3))],
    ['los', list(struct(['k', 'string'], ['v', 'decimal(18,4)'], ['ts', 'timestamp']), 4)],
    ['sol', struct(['xs', list('long')], ['tags', list('string')], ['u', 'uuid'])],
    ['ms', map('string', struct(['a', 'int'], ['b', 'binary']))])

  const lowcard = struct(
    ['seq', 'long'], ['country', 'string'], ['event_type', 'string'], ['status', 'int'], ['flag', 'boolean'],
    ['price', 'decimal(9,2)'], ['day', 'date'], ['amount', 'double'], ['user_id', 'long'], ['event_time', 'timestamptz'],
    ['tags', list('string', 3)])

  return {
    primitives: {
      type: primitives,
      rows: 500,
      gen: (r, i) => {
        const row = {}
        for (const f of primitives.fields) row[f.name] = i === 3 ? null : genValue(r, f.type, i < 3 ? i : i - 1, i < 16 ? 0 : 0.1)
        return row
      },
    },
    nested: {
      type: nested,
      rows: 400,
      gen: (r, i) => {
        const row = {}
        for (const f of nested.fields) row[f.name] = f.name === 'id' ? String(i) : i === 1 ? null : genValue(r, f.type, i < 2 ? 0 : -1, 0.15)
        if (i === 2) { row.li = [null]; row.ls = ['', null, 'x']; row.lol = [[], null, ['1']]; row.m = [['k', null]] }
        if (i === 3) { row.mi = [['10', ['1.00']], ['2', []], ['-5', null]]; row.los = [null, { k: null, v: null, ts: null }] }
        if (i === 4) { row.st = { a: null, b: null, inner: null }; row.sol = { xs: null, tags: [], u: null } }
        return row
      },
    },
    lowcard: {
      type: lowcard,
      optionSets: ['uncompressed_v1', 'snappy_v1_smallrg', 'zstd_v2_smallrg', 'snappy_v2_smallrg_ids'],
      rows: 2000,
      gen: (r, i) => ({
        seq: String(i),
        country: r.pick(LOW_CARD.country),
        event_type: r.pick(LOW_CARD.event_type),
        status: r.pick(['200', '200', '200', '301', '404', '500']),
        flag: r.chance(0.9),
        price: r.chance(0.7) ? null : r.pick(['9.99', '19.99', '4.50', '0.00', '149.00', '-5.00']),
        day: String(20400 + r.int(0, 6)),
        // No '-0' next to '0' here: DuckDB 1.5.6's dictionary pages treat -0.0 and 0.0
        // as one key and read back whichever came first (the primitives table has
        // both, unique enough that DuckDB writes them PLAIN).
        amount: r.chance(0.5) ? null : r.pick(['0', '1.5', '2.25', '1e+21', '99.99', 'NaN']),
        user_id: String(1000000 + r.int(0, 99)),
        event_time: String(1780000000000000n + BigInt(i) * 1000n + BigInt(r.int(0, 999))),
        tags: r.chance(0.3) ? null : Array.from({ length: r.int(0, 3) }, () => r.pick(['new', 'sale', 'vip', 'mobile', null])),
      }),
    },
  }
}
