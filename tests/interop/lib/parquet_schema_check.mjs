// Checks a Parquet file's schema against the Iceberg schema it should carry.
//
// Input is the footer's flat, depth-first list of SchemaElements (root first),
// either hyparquet's metadata.schema or the rows of DuckDB's parquet_schema()
// (lib/read_duckdb.mjs). Checked, per the Iceberg spec's "Parquet" section and the
// Parquet LogicalTypes spec:
//  * structure and names: top-level columns in schema order; structs as plain
//    groups; lists as 3-level LIST groups (<name> / repeated "list" / "element");
//    maps as MAP groups (<name> / repeated "key_value" / "key", "value");
//  * repetition: required -> REQUIRED, optional -> OPTIONAL; map keys REQUIRED;
//  * field ids (when checkIds): every field, list element, map key and value
//    carries its Iceberg id;
//  * physical types and annotations, including LIST/MAP on groups (when
//    checkTypes; needs hyparquet's structured logical_type, DuckDB only renders
//    it as text).

import { parsePrimitive, typeToString } from './iceberg_types.mjs'

/** Rebuilds the schema tree from the flat element list. */
export function schemaTree(elements) {
  let i = 0
  const take = () => {
    if (i >= elements.length) throw new Error('schema element list ends early (num_children too large)')
    const el = elements[i++]
    const node = { el, children: [] }
    for (let c = 0; c < (el.num_children ?? 0); c++) node.children.push(take())
    return node
  }
  const root = take()
  if (i !== elements.length) throw new Error(`schema has ${elements.length - i} elements outside the root`)
  return root
}

function isGroup(node) {
  return node.el.type === undefined || node.el.type === null
}

function annotation(el) {
  if (el.logical_type && typeof el.logical_type === 'object') return el.logical_type
  // Converted types only (older writers, or DuckDB for DATE/UTF8): map to the logical form.
  switch (el.converted_type) {
    case 'UTF8': return { type: 'STRING' }
    case 'DATE': return { type: 'DATE' }
    case 'DECIMAL': return { type: 'DECIMAL', precision: el.precision, scale: el.scale }
    case 'LIST': return { type: 'LIST' }
    case 'MAP': case 'MAP_KEY_VALUE': return { type: 'MAP' }
    case 'INT_32': return { type: 'INTEGER', bitWidth: 32, isSigned: true }
    case 'INT_64': return { type: 'INTEGER', bitWidth: 64, isSigned: true }
    // TIME_*/TIMESTAMP_* converted types imply isAdjustedToUTC=true, which
    // is wrong for Iceberg time/timestamp: require the logical type instead.
    case undefined: case null: return null
    default: return { type: `converted:${el.converted_type}` }
  }
}

function describeAnn(a) {
  if (!a) return 'no annotation'
  const extra = Object.entries(a).filter(([k]) => k !== 'type').map(([k, v]) => `${k}=${v}`)
  return extra.length ? `${a.type}(${extra.join(', ')})` : a.type
}

/** Problems with one primitive column's physical type and annotation. */
function primitiveProblems(el, iceType) {
  const p = parsePrimitive(iceType)
  const a = annotation(el)
  const t = el.type
  const problems = []
  const want = (ok, what) => { if (!ok) problems.push(`${typeToString(iceType)} needs ${what}, file has ${t}${el.type_length ? `[${el.type_length}]` : ''} ${describeAnn(a)}`) }
  const plainInt = bits => !a || (a.type === 'INTEGER' && a.bitWidth === bits && a.isSigned)
  const ts = (unit, utc) => a?.type === 'TIMESTAMP' && a.unit === unit && a.isAdjustedToUTC === utc
  switch (p.kind) {
    case 'boolean': want(t === 'BOOLEAN' && !a, 'BOOLEAN'); break
    case 'int': want(t === 'INT32' && plainInt(32), 'INT32'); break
    case 'long': want(t === 'INT64' && plainInt(64), 'INT64'); break
    case 'float': want(t === 'FLOAT' && !a, 'FLOAT'); break
    case 'double': want(t === 'DOUBLE' && !a, 'DOUBLE'); break
    case 'decimal': {
      const okPhys = t === 'INT32' ? p.precision <= 9 : t === 'INT64' ? p.precision <= 18
        : t === 'FIXED_LEN_BYTE_ARRAY' || t === 'BYTE_ARRAY'
      want(okPhys && a?.type === 'DECIMAL' && a.precision === p.precision && (a.scale ?? 0) === p.scale,
        `DECIMAL(${p.precision},${p.scale}) on INT32/INT64/FIXED`)
      break
    }
    case 'date': want(t === 'INT32' && a?.type === 'DATE', 'INT32 DATE'); break
    case 'time': want(t === 'INT64' && a?.type === 'TIME' && a.unit === 'MICROS' && a.isAdjustedToUTC === false, 'INT64 TIME(MICROS, isAdjustedToUTC=false)'); break
    case 'timestamp': want(t === 'INT64' && ts('MICROS', false), 'INT64 TIMESTAMP(MICROS, isAdjustedToUTC=false)'); break
    case 'timestamptz': want(t === 'INT64' && ts('MICROS', true), 'INT64 TIMESTAMP(MICROS, isAdjustedToUTC=true)'); break
    case 'timestamp_ns': want(t === 'INT64' && ts('NANOS', false), 'INT64 TIMESTAMP(NANOS, isAdjustedToUTC=false)'); break
    case 'timestamptz_ns': want(t === 'INT64' && ts('NANOS', true), 'INT64 TIMESTAMP(NANOS, isAdjustedToUTC=true)'); break
    case 'string': want(t === 'BYTE_ARRAY' && a?.type === 'STRING', 'BYTE_ARRAY STRING'); break
    case 'uuid': want(t === 'FIXED_LEN_BYTE_ARRAY' && el.type_length === 16 && a?.type === 'UUID', 'FIXED_LEN_BYTE_ARRAY[16] UUID'); break
    case 'fixed': want(t === 'FIXED_LEN_BYTE_ARRAY' && el.type_length === p.length && !a, `FIXED_LEN_BYTE_ARRAY[${p.length}]`); break
    case 'binary': want(t === 'BYTE_ARRAY' && !a, 'BYTE_ARRAY without annotation'); break
  }
  return problems
}

/**
 * @param {object} schema Iceberg schema JSON (struct)
 * @param {object[]} elements flat SchemaElement list
 * @param {{checkIds: boolean, checkTypes: boolean}} opts
 * @returns {string[]} problems, each prefixed with the column path
 */
export function checkParquetSchema(schema, elements, { checkIds, checkTypes }) {
  const problems = []
  let root
  try {
    root = schemaTree(elements)
  } catch (e) {
    return [`<schema>: ${e.message}`]
  }
  const say = (path, msg) => problems.push(`${path}: ${msg}`)

  const checkNode = (node, path, { name, id, required }, type) => {
    const el = node.el
    if (name !== undefined && el.name !== name) say(path, `Parquet name ${JSON.stringify(el.name)}, expected ${JSON.stringify(name)}`)
    const rep = required ? 'REQUIRED' : 'OPTIONAL'
    if (el.repetition_type !== rep) say(path, `repetition ${el.repetition_type}, expected ${rep}`)
    if (checkIds && el.field_id !== id) say(path, `field_id ${el.field_id ?? 'missing'}, expected ${id}`)
    checkType(node, path, type)
  }

  const checkType = (node, path, type) => {
    const el = node.el
    if (typeof type === 'string') {
      if (isGroup(node)) { say(path, `group in file, expected primitive ${type}`); return }
      if (checkTypes) for (const p of primitiveProblems(el, type)) say(path, p)
      return
    }
    if (!isGroup(node)) { say(path, `primitive ${el.type} in file, expected ${type.type}`); return }
    const a = annotation(el)
    if (type.type === 'struct') {
      if (checkTypes && a) say(path, `struct group must not be annotated, has ${describeAnn(a)}`)
      checkFields(node, path, type.fields)
    } else if (type.type === 'list') {
      if (checkTypes && a?.type !== 'LIST') say(path, `list needs LIST annotation, has ${describeAnn(a)}`)
      const mid = node.children[0]
      if (node.children.length !== 1 || mid.el.repetition_type !== 'REPEATED' || !isGroup(mid) || mid.children.length !== 1) {
        say(path, 'list must be 3-level: <name> / repeated group list / element')
        return
      }
      if (mid.el.name !== 'list') say(path, `repeated group named ${JSON.stringify(mid.el.name)}, expected "list"`)
      checkNode(mid.children[0], `${path}[]`, { name: 'element', id: type['element-id'], required: type['element-required'] }, type.element)
    } else if (type.type === 'map') {
      if (checkTypes && a?.type !== 'MAP') say(path, `map needs MAP annotation, has ${describeAnn(a)}`)
      const kv = node.children[0]
      if (node.children.length !== 1 || kv.el.repetition_type !== 'REPEATED' || !isGroup(kv) || kv.children.length !== 2) {
        say(path, 'map must be <name> / repeated group key_value / (key, value)')
        return
      }
      if (kv.el.name !== 'key_value') say(path, `repeated group named ${JSON.stringify(kv.el.name)}, expected "key_value"`)
      checkNode(kv.children[0], `${path}.key`, { name: 'key', id: type['key-id'], required: true }, type.key)
      checkNode(kv.children[1], `${path}.value`, { name: 'value', id: type['value-id'], required: type['value-required'] }, type.value)
    }
  }

  const checkFields = (node, path, fields) => {
    const n = Math.min(node.children.length, fields.length)
    for (let i = 0; i < n; i++) {
      const f = fields[i]
      const p = path ? `${path}.${f.name}` : f.name
      checkNode(node.children[i], p, { name: f.name, id: f.id, required: f.required }, f.type)
    }
    for (const f of fields.slice(n)) say(path ? `${path}.${f.name}` : f.name, 'missing from the Parquet file')
    for (const c of node.children.slice(n)) say(path ? `${path}.${c.el.name}` : c.el.name, 'in the Parquet file but not in the Iceberg schema')
  }

  checkFields(root, '', schema.fields)
  return problems
}
