// ValueDecoder: decodes the values section of data pages for one leaf column, and holds
// the chunk's dictionary (Encodings.md):
//
//   PLAIN                    every physical type
//   PLAIN_DICTIONARY,        indices into the dictionary page's PLAIN entries (the two
//   RLE_DICTIONARY           names mean the same on data pages)
//   RLE                      BOOLEAN only: 4-byte length, then bit-width-1 hybrid runs
//   DELTA_BINARY_PACKED      INT32, INT64
//   DELTA_LENGTH_BYTE_ARRAY  BYTE_ARRAY
//   DELTA_BYTE_ARRAY         BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY
//   BYTE_STREAM_SPLIT        INT32, INT64, FLOAT, DOUBLE, FIXED_LEN_BYTE_ARRAY
// An encoding not valid for the column's type is Corrupt; one this build does not know is
// NotSupported.
//
// Output, appended: fixed-width values back to back (BOOLEAN as one byte 0/1, INT96 as 12
// bytes, FIXED_LEN_BYTE_ARRAY as type_length bytes); byte arrays as their bytes plus one
// end offset each. Byte-array output that the input does not bound (dictionary gathers,
// shared prefixes of DELTA_BYTE_ARRAY) is measured first and refused past `max_bytes`.
//
// Thread-safety: none; one per ColumnChunkReader.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "firn/common/buffer.h"
#include "firn/common/result.h"
#include "firn/parquet/encoding/delta_byte_array.h"
#include "firn/parquet/format/enums.h"
#include "firn/parquet/format/page_header.h"
#include "firn/parquet/schema/schema.h"

namespace firn::parquet {

class ValueDecoder {
 public:
  // Starts a new chunk of column `leaf` (which must outlive the chunk): forgets the
  // dictionary, keeps the memory.
  void Reset(const SchemaNode& leaf);

  // Decodes the chunk's dictionary page body.
  Status SetDictionary(const format::DictionaryPageHeader& header, std::span<const uint8_t> body);
  bool has_dictionary() const { return has_dictionary_; }

  // Appends the n values encoded at the start of `in`. Bytes after them are ignored, as
  // other readers do, except for BYTE_STREAM_SPLIT, whose size defines its value count.
  // `values` may not grow past max_bytes bytes (OutOfRange).
  Status Decode(format::Encoding encoding, std::span<const uint8_t> in, size_t n,
                uint64_t max_bytes, Buffer& values, std::vector<int64_t>& offsets);

 private:
  Status DecodeDictionaryIndices(std::span<const uint8_t> in, size_t n, uint64_t max_bytes,
                                 Buffer& values, std::vector<int64_t>& offsets);
  Status DecodeDeltaInt32(std::span<const uint8_t> in, size_t n, Buffer& values);
  Status DecodeDeltaByteArray(std::span<const uint8_t> in, size_t n, uint64_t max_bytes,
                              Buffer& values, std::vector<int64_t>& offsets);

  const SchemaNode* leaf_ = nullptr;
  PhysicalType physical_ = PhysicalType::kInt32;
  size_t width_ = 0;  // bytes per value; 0 for BYTE_ARRAY
  bool has_dictionary_ = false;
  uint32_t dict_size_ = 0;
  Buffer dict_values_;
  std::vector<int64_t> dict_offsets_;  // BYTE_ARRAY dictionaries: dict_size_ + 1
  std::vector<uint32_t> indices_;
  DeltaLengthByteArrayDecoder dlba_;
  DeltaByteArrayDecoder dba_;
  Buffer scratch_;
  std::vector<int64_t> scratch_offsets_;
};

}  // namespace firn::parquet
