// Reading Parquet files with hyparquet (pure JavaScript, independent of DuckDB).
//
// hyparquet's default conversions are lossy for our purposes (see the header of
// lib/canonical.mjs), so this reader:
//  * parses the footer itself and gives hyparquet a copy in which DECIMAL and MAP
//    annotations are removed: decimals then arrive as their physical values and
//    maps as {key_value: [{key, value}, ...]} in file order;
//  * installs parsers that return raw integers tagged with their unit instead of
//    Date objects, raw days for DATE and raw bytes for UUID;
//  * turns off utf8 guessing so un-annotated BYTE_ARRAY (Iceberg binary) stays
//    bytes, and decodes annotated strings with a fatal UTF-8 decoder.
// The untouched footer is returned too, for the schema checks.

import { readFile } from 'node:fs/promises'
import { parquetMetadata, parquetReadObjects } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'
import { TaggedTime } from './canonical.mjs'

const utf8 = new TextDecoder('utf-8', { fatal: true })

const parsers = {
  timestampFromMilliseconds: v => new TaggedTime('MILLIS', v),
  timestampFromMicroseconds: v => new TaggedTime('MICROS', v),
  timestampFromNanoseconds: v => new TaggedTime('NANOS', v),
  dateFromDays: days => days,
  uuidFromBytes: bytes => bytes,
  stringFromBytes: bytes => bytes && utf8.decode(bytes),
}

function withoutLossyAnnotations(metadata) {
  const schema = metadata.schema.map(e => {
    const lossy = e.converted_type === 'DECIMAL' || e.converted_type === 'MAP' || e.converted_type === 'MAP_KEY_VALUE' ||
      e.logical_type?.type === 'DECIMAL' || e.logical_type?.type === 'MAP'
    return lossy ? { ...e, converted_type: undefined, logical_type: undefined } : e
  })
  return { ...metadata, schema }
}

/**
 * @returns {Promise<{metadata: object, rows: Record<string, any>[]}>} metadata is
 * the file's real footer; rows are objects keyed by top-level column name.
 */
export async function readHyparquet(file) {
  const buf = await readFile(file)
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)
  const metadata = parquetMetadata(ab)
  const rows = await parquetReadObjects({
    file: ab,
    metadata: withoutLossyAnnotations(metadata),
    compressors,
    parsers,
    utf8: false,
    geoparquet: false,
  })
  return { metadata, rows }
}
