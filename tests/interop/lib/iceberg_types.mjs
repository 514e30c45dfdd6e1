// Iceberg schema JSON (spec "Appendix C: JSON serialization") helpers.
//
// A type is either a primitive string ("long", "decimal(9,2)", "fixed[16]", ...)
// or an object {type: "struct" | "list" | "map", ...}. These helpers parse the
// parametrised primitives once and walk nested types with stable path names.

const PRIMITIVES = new Set([
  'boolean', 'int', 'long', 'float', 'double', 'date', 'time', 'timestamp', 'timestamptz',
  'timestamp_ns', 'timestamptz_ns', 'string', 'uuid', 'binary',
])

/**
 * Parses a primitive type string.
 * @returns {{kind: string, precision?: number, scale?: number, length?: number}}
 * Throws on anything that is not an Iceberg primitive: an unknown type must
 * never be compared loosely.
 */
export function parsePrimitive(t) {
  if (typeof t !== 'string') throw new Error(`not a primitive type: ${JSON.stringify(t)}`)
  const s = t.trim()
  if (PRIMITIVES.has(s)) return { kind: s }
  let m = /^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$/.exec(s)
  if (m) {
    const precision = Number(m[1]), scale = Number(m[2])
    if (precision < 1 || precision > 38 || scale > precision) throw new Error(`bad decimal type ${s}`)
    return { kind: 'decimal', precision, scale }
  }
  m = /^fixed\[\s*(\d+)\s*\]$/.exec(s)
  if (m) return { kind: 'fixed', length: Number(m[1]) }
  throw new Error(`unknown Iceberg primitive type ${JSON.stringify(t)}`)
}

export function isPrimitive(t) {
  return typeof t === 'string'
}

/** Short printable form of a type, for reports. */
export function typeToString(t) {
  if (typeof t === 'string') return t
  switch (t.type) {
    case 'struct': return `struct<${t.fields.map(f => `${f.name}: ${typeToString(f.type)}`).join(', ')}>`
    case 'list': return `list<${typeToString(t.element)}>`
    case 'map': return `map<${typeToString(t.key)}, ${typeToString(t.value)}>`
    default: throw new Error(`unknown Iceberg type ${JSON.stringify(t)}`)
  }
}

/**
 * Validates the shape of a schema JSON (not the field-id uniqueness rules of a
 * table, only what the harness relies on). Returns a list of problems.
 */
export function validateSchema(schema) {
  const problems = []
  if (!schema || schema.type !== 'struct' || !Array.isArray(schema.fields)) {
    return ['schema must be {"type":"struct","fields":[...]}']
  }
  const ids = new Map()
  const seeId = (id, where) => {
    if (!Number.isInteger(id)) problems.push(`${where}: missing or non-integer id`)
    else if (ids.has(id)) problems.push(`${where}: id ${id} already used by ${ids.get(id)}`)
    else ids.set(id, where)
  }
  const walk = (t, path) => {
    if (typeof t === 'string') {
      try { parsePrimitive(t) } catch (e) { problems.push(`${path}: ${e.message}`) }
      return
    }
    if (t === null || typeof t !== 'object') { problems.push(`${path}: bad type ${JSON.stringify(t)}`); return }
    if (t.type === 'struct') {
      for (const f of t.fields ?? []) {
        const p = path ? `${path}.${f.name}` : f.name
        seeId(f.id, p)
        if (typeof f.required !== 'boolean') problems.push(`${p}: "required" must be a boolean`)
        walk(f.type, p)
      }
    } else if (t.type === 'list') {
      seeId(t['element-id'], `${path}.element`)
      walk(t.element, `${path}.element`)
    } else if (t.type === 'map') {
      seeId(t['key-id'], `${path}.key`)
      seeId(t['value-id'], `${path}.value`)
      walk(t.key, `${path}.key`)
      walk(t.value, `${path}.value`)
    } else {
      problems.push(`${path}: unknown nested type ${JSON.stringify(t.type)}`)
    }
  }
  walk(schema, '')
  return problems
}
