// Canonical value form shared with firn's C++ side (see tests/interop/README.md).
//
// Converts the values two independent Parquet readers hand back — DuckDB
// (@duckdb/node-api) and hyparquet — into the canonical JSON form, GIVEN the
// Iceberg type, and compares canonical values.
//
// Canonical form: null -> null; boolean -> true/false; int, long, date (days),
// time (µs since midnight), timestamp[tz] (µs since epoch), timestamp[tz]_ns
// (ns since epoch) -> decimal string; float, double -> "NaN" | "Infinity" |
// "-Infinity" | a string that parses back; decimal(P,S) -> string with exactly S
// fraction digits; string -> string; uuid -> lowercase 8-4-4-4-12; fixed,
// binary -> lowercase hex; struct -> object by field name; list -> array;
// map -> array of [key, value] in file order.
//
// Exactness per reader — every case that is NOT exact is listed here:
//
//  DuckDB 1.5.6
//   * timestamptz_ns is RELAXED to microseconds. DuckDB has no
//     "TIMESTAMP_NS WITH TIME ZONE" type: it reads INT64 TIMESTAMP(NANOS,
//     isAdjustedToUTC=true) as TIMESTAMPTZ (µs), dropping the sub-µs digits
//     (1.5.6 truncates toward zero: -1 ns reads as 0 µs), and a schema cast
//     cannot recover them. We compare DuckDB's µs with the expected ns divided by
//     1000, accepting truncation or floor (they differ only for negative values
//     that are not whole µs). The hyparquet pass checks this type exactly.
//   * Everything else is exact: BIGINT/HUGEINT-backed values are BigInt, DECIMAL
//     arrives as an unscaled BigInt with its scale, temporal values as integer
//     days/µs/ns, BLOB/UUID as bytes/128-bit integers, FLOAT as the exact float32
//     value widened to a double.
//
//  hyparquet 1.31.5 (read through lib/read_hyparquet.mjs)
//   * DECIMAL would be converted to a JS number (unscaled * 10^-S, loses digits
//     past 2^53 and rounds the scale). read_hyparquet.mjs removes the DECIMAL
//     annotation from its copy of the footer so hyparquet hands back the raw
//     physical value (INT32 number, INT64 BigInt, FIXED/BYTE_ARRAY two's-complement
//     big-endian bytes); we scale it here with the Iceberg scale. Exact. The
//     removed annotation is checked separately (lib/parquet_schema_check.mjs), so
//     a wrong precision/scale in the file is still reported.
//   * MAP would be assembled into a JS object keyed by String(key): that loses the
//     key type, reorders integer-like keys and merges duplicates. The MAP
//     annotation is likewise removed, so the map arrives as a struct holding the
//     repeated key_value group: {key_value: [{key, value}, ...]} in file order.
//     Exact; the annotation is checked separately.
//   * Timestamps, dates, uuids: custom parsers return the raw integers / bytes
//     (tagged with the unit) instead of Date objects, which would drop µs and ns.
//     Exact.
//   * Strings are decoded with a fatal UTF-8 decoder, so invalid UTF-8 is an
//     error instead of U+FFFD replacement.
//  Both readers
//   * NaN is compared as "is NaN": payload bits are not compared. -0 and 0 are
//     distinguished (Object.is). float values are compared after Math.fround on
//     both sides.

import { DuckDBBlobValue, DuckDBDateValue, DuckDBDecimalValue, DuckDBListValue, DuckDBMapValue,
  DuckDBStructValue, DuckDBTimeValue, DuckDBTimestampNanosecondsValue, DuckDBTimestampTZValue,
  DuckDBTimestampValue, DuckDBUUIDValue } from '@duckdb/node-api'
import { parsePrimitive, typeToString } from './iceberg_types.mjs'

// ---------------------------------------------------------------------------
// Scalar formatting

/** Canonical string for a float/double JS number. */
export function formatFloat(x) {
  if (Number.isNaN(x)) return 'NaN'
  if (x === Infinity) return 'Infinity'
  if (x === -Infinity) return '-Infinity'
  if (Object.is(x, -0)) return '-0'
  return String(x) // shortest round-trip form, e.g. "0.1", "1e+21", "5e-324"
}

/** Formats an unscaled integer as a decimal with exactly `scale` fraction digits. */
export function formatDecimal(unscaled, scale) {
  const neg = unscaled < 0n
  let digits = (neg ? -unscaled : unscaled).toString()
  if (scale === 0) return (neg ? '-' : '') + digits
  digits = digits.padStart(scale + 1, '0')
  return `${neg ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`
}

export function hex(bytes) {
  let s = ''
  for (const b of bytes) s += b.toString(16).padStart(2, '0')
  return s
}

export function uuidFromHex32(h) {
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`
}

/** Big-endian two's-complement bytes -> BigInt (Parquet DECIMAL on FIXED/BYTE_ARRAY). */
export function bigIntFromTwosComplement(bytes) {
  if (bytes.length === 0) return 0n
  let v = 0n
  for (const b of bytes) v = (v << 8n) | BigInt(b)
  if (bytes[0] & 0x80) v -= 1n << BigInt(bytes.length * 8)
  return v
}

/** Marker for a value a reader could not represent: it never equals an expected value. */
function unexpected(what, type) {
  return `«unexpected ${what} for ${typeToString(type)}»`
}

function describe(v) {
  if (v === null) return 'null'
  if (v === undefined) return 'undefined'
  if (typeof v === 'object') return `${v.constructor?.name ?? 'object'} ${safeJson(v)}`
  return `${typeof v} ${String(v)}`
}

function safeJson(v) {
  try {
    return JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? `${x}n` : x))?.slice(0, 80)
  } catch {
    return '?'
  }
}

/** A timestamptz_ns value only known to the microsecond (see header). */
export class RelaxedMicros {
  constructor(micros) { this.micros = micros }
  toJSON() { return `${this.micros}µs(relaxed)` }
}

// ---------------------------------------------------------------------------
// DuckDB values -> canonical

/** Converts one value from @duckdb/node-api (DuckDBValue) to canonical form. */
export function fromDuckDB(v, type) {
  if (v === null || v === undefined) return null
  if (typeof type !== 'string') return nestedFromDuckDB(v, type)
  const p = parsePrimitive(type)
  switch (p.kind) {
    case 'boolean':
      return typeof v === 'boolean' ? v : unexpected(describe(v), type)
    case 'int':
      return typeof v === 'number' && Number.isInteger(v) ? String(v) : unexpected(describe(v), type)
    case 'long':
      return typeof v === 'bigint' ? v.toString() : unexpected(describe(v), type)
    case 'float':
    case 'double':
      return typeof v === 'number' ? formatFloat(v) : unexpected(describe(v), type)
    case 'decimal': {
      if (!(v instanceof DuckDBDecimalValue)) return unexpected(describe(v), type)
      return rescale(v.value, v.scale, p.scale, type)
    }
    case 'date':
      return v instanceof DuckDBDateValue ? String(v.days) : unexpected(describe(v), type)
    case 'time':
      return v instanceof DuckDBTimeValue ? v.micros.toString() : unexpected(describe(v), type)
    case 'timestamp':
      // Exact class check: a TZ value here means isAdjustedToUTC is wrong.
      return v instanceof DuckDBTimestampValue && !(v instanceof DuckDBTimestampTZValue)
        ? v.micros.toString() : unexpected(describe(v), type)
    case 'timestamptz':
      return v instanceof DuckDBTimestampTZValue ? v.micros.toString() : unexpected(describe(v), type)
    case 'timestamp_ns':
      return v instanceof DuckDBTimestampNanosecondsValue ? v.nanos.toString() : unexpected(describe(v), type)
    case 'timestamptz_ns':
      // RELAXED: DuckDB reads TIMESTAMP(NANOS, UTC) as TIMESTAMPTZ in µs.
      return v instanceof DuckDBTimestampTZValue ? new RelaxedMicros(v.micros) : unexpected(describe(v), type)
    case 'string':
      return typeof v === 'string' ? v : unexpected(describe(v), type)
    case 'uuid':
      return v instanceof DuckDBUUIDValue
        ? uuidFromHex32(v.toUint128().toString(16).padStart(32, '0')) : unexpected(describe(v), type)
    case 'fixed':
    case 'binary':
      return v instanceof DuckDBBlobValue ? hex(v.bytes) : unexpected(describe(v), type)
    default:
      return unexpected(describe(v), type)
  }
}

function rescale(unscaled, fromScale, toScale, type) {
  if (fromScale === toScale) return formatDecimal(unscaled, toScale)
  if (fromScale < toScale) return formatDecimal(unscaled * 10n ** BigInt(toScale - fromScale), toScale)
  const f = 10n ** BigInt(fromScale - toScale)
  if (unscaled % f !== 0n) return unexpected(`decimal with scale ${fromScale}: ${formatDecimal(unscaled, fromScale)}`, type)
  return formatDecimal(unscaled / f, toScale)
}

function nestedFromDuckDB(v, type) {
  switch (type.type) {
    case 'struct': {
      if (!(v instanceof DuckDBStructValue)) return unexpected(describe(v), type)
      const out = {}
      for (const f of type.fields) {
        out[f.name] = f.name in v.entries ? fromDuckDB(v.entries[f.name], f.type) : '«missing struct field»'
      }
      return out
    }
    case 'list':
      if (!(v instanceof DuckDBListValue)) return unexpected(describe(v), type)
      return v.items.map(x => fromDuckDB(x, type.element))
    case 'map':
      if (!(v instanceof DuckDBMapValue)) return unexpected(describe(v), type)
      return v.entries.map(e => [fromDuckDB(e.key, type.key), fromDuckDB(e.value, type.value)])
    default:
      throw new Error(`unknown Iceberg type ${JSON.stringify(type)}`)
  }
}

// ---------------------------------------------------------------------------
// hyparquet values -> canonical
//
// Expects values read by lib/read_hyparquet.mjs: DECIMAL and MAP annotations
// removed, temporal parsers returning TaggedTime, utf8 disabled for plain
// BYTE_ARRAY.

/** Raw temporal value from a hyparquet parser, with the unit the file declared. */
export class TaggedTime {
  constructor(unit, value) { this.unit = unit; this.value = value } // unit: MILLIS | MICROS | NANOS
}

const PER_UNIT = { MILLIS: 1000000n, MICROS: 1000n, NANOS: 1n } // ns per unit

function convertTagged(v, wantUnit, type) {
  if (!(v instanceof TaggedTime)) return unexpected(describe(v), type)
  const ns = BigInt(v.value) * PER_UNIT[v.unit]
  const per = PER_UNIT[wantUnit]
  if (ns % per !== 0n) return unexpected(`${v.unit} value ${v.value}`, type)
  return (ns / per).toString()
}

/** Converts one value produced by hyparquet to canonical form. */
export function fromHyparquet(v, type) {
  if (v === null || v === undefined) return null
  if (typeof type !== 'string') return nestedFromHyparquet(v, type)
  const p = parsePrimitive(type)
  switch (p.kind) {
    case 'boolean':
      return typeof v === 'boolean' ? v : unexpected(describe(v), type)
    case 'int':
      return typeof v === 'number' && Number.isInteger(v) ? String(v) : unexpected(describe(v), type)
    case 'long':
      return typeof v === 'bigint' ? v.toString() : unexpected(describe(v), type)
    case 'float':
    case 'double':
      return typeof v === 'number' ? formatFloat(v) : unexpected(describe(v), type)
    case 'decimal':
      if (typeof v === 'number' && Number.isInteger(v)) return formatDecimal(BigInt(v), p.scale) // INT32
      if (typeof v === 'bigint') return formatDecimal(v, p.scale) // INT64
      if (v instanceof Uint8Array) return formatDecimal(bigIntFromTwosComplement(v), p.scale)
      return unexpected(describe(v), type)
    case 'date':
      return typeof v === 'number' && Number.isInteger(v) ? String(v) : unexpected(describe(v), type)
    case 'time':
      // hyparquet applies no conversion to TIME: INT64 micros arrive as BigInt.
      return typeof v === 'bigint' ? v.toString() : unexpected(describe(v), type)
    case 'timestamp':
    case 'timestamptz':
      return convertTagged(v, 'MICROS', type)
    case 'timestamp_ns':
    case 'timestamptz_ns':
      return convertTagged(v, 'NANOS', type)
    case 'string':
      return typeof v === 'string' ? v : unexpected(describe(v), type)
    case 'uuid':
      return v instanceof Uint8Array && v.length === 16 ? uuidFromHex32(hex(v)) : unexpected(describe(v), type)
    case 'fixed':
    case 'binary':
      return v instanceof Uint8Array ? hex(v) : unexpected(describe(v), type)
    default:
      return unexpected(describe(v), type)
  }
}

function nestedFromHyparquet(v, type) {
  switch (type.type) {
    case 'struct': {
      if (typeof v !== 'object' || Array.isArray(v) || v instanceof Uint8Array) return unexpected(describe(v), type)
      const out = {}
      for (const f of type.fields) {
        out[f.name] = f.name in v ? fromHyparquet(v[f.name], f.type) : '«missing struct field»'
      }
      return out
    }
    case 'list':
      if (!Array.isArray(v)) return unexpected(describe(v), type)
      return v.map(x => fromHyparquet(x, type.element))
    case 'map': {
      // With the MAP annotation removed the group reads as {<repeated group name>: [{key, value}]}.
      const keys = typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : []
      if (keys.length !== 1 || !Array.isArray(v[keys[0]])) return unexpected(describe(v), type)
      return v[keys[0]].map(kv => {
        const [k, val] = Object.values(kv ?? {})
        return [fromHyparquet(k, type.key), fromHyparquet(val, type.value)]
      })
    }
    default:
      throw new Error(`unknown Iceberg type ${JSON.stringify(type)}`)
  }
}

// ---------------------------------------------------------------------------
// Comparison

const FLOAT_RE = /^(NaN|[-+]?Infinity|[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?)$/

function parseFloatStrict(s) {
  if (typeof s !== 'string' || !FLOAT_RE.test(s)) return undefined
  return Number(s)
}

/**
 * Compares an expected canonical value with an actual canonical value.
 * Calls report(path, expected, actual, note) for every difference.
 */
export function compareCanonical(expected, actual, type, path, report) {
  if (expected === undefined) { report(path, expected, actual, 'expected JSON lacks this value'); return }
  if (expected === null || actual === null) {
    if (expected !== actual) report(path, expected, actual)
    return
  }
  if (typeof type === 'string') {
    const p = parsePrimitive(type)
    if (p.kind === 'float' || p.kind === 'double') {
      const e = parseFloatStrict(expected)
      if (e === undefined) { report(path, expected, actual, 'malformed expected float'); return }
      const a = parseFloatStrict(actual)
      const round = p.kind === 'float' ? Math.fround : x => x
      if (a === undefined || !Object.is(round(e), round(a))) report(path, expected, actual)
      return
    }
    if (actual instanceof RelaxedMicros) {
      let ns
      try { ns = BigInt(expected) } catch { report(path, expected, actual, 'malformed expected'); return }
      const trunc = ns / 1000n // BigInt division truncates toward zero
      const floor = ns < 0n && ns % 1000n !== 0n ? trunc - 1n : trunc
      if (actual.micros !== trunc && actual.micros !== floor) {
        report(path, expected, actual, 'relaxed to µs: DuckDB has no timestamptz_ns')
      }
      return
    }
    if (expected !== actual) report(path, expected, actual)
    return
  }
  switch (type.type) {
    case 'struct':
      if (typeof expected !== 'object' || Array.isArray(expected)) { report(path, expected, actual, 'expected is not an object'); return }
      for (const f of type.fields) {
        compareCanonical(expected[f.name], actual[f.name], f.type, `${path}.${f.name}`, report)
      }
      return
    case 'list':
      if (!Array.isArray(expected) || !Array.isArray(actual)) { report(path, expected, actual, 'not a list'); return }
      if (expected.length !== actual.length) { report(path, expected, actual, `list length ${expected.length} vs ${actual.length}`); return }
      for (let i = 0; i < expected.length; i++) compareCanonical(expected[i], actual[i], type.element, `${path}[${i}]`, report)
      return
    case 'map':
      if (!Array.isArray(expected) || !Array.isArray(actual)) { report(path, expected, actual, 'not a map'); return }
      if (expected.length !== actual.length) { report(path, expected, actual, `map size ${expected.length} vs ${actual.length}`); return }
      for (let i = 0; i < expected.length; i++) {
        if (!Array.isArray(expected[i]) || expected[i].length !== 2) { report(`${path}{${i}}`, expected[i], actual[i], 'expected map entry is not [key, value]'); continue }
        compareCanonical(expected[i][0], actual[i][0], type.key, `${path}{${i}}.key`, report)
        compareCanonical(expected[i][1], actual[i][1], type.value, `${path}{${i}}.value`, report)
      }
      return
    default:
      throw new Error(`unknown Iceberg type ${JSON.stringify(type)}`)
  }
}

/** JSON for reports: BigInt-safe, truncated. */
export function show(v, max = 120) {
  let s
  if (v === undefined) s = 'undefined'
  else if (v instanceof RelaxedMicros) s = v.toJSON()
  else s = JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? `${x}n` : x))
  return s.length > max ? `${s.slice(0, max)}…` : s
}
