// Thrift compact-protocol serialization of the Parquet metadata structs (metadata.h), as
// Apache Thrift would write them from parquet.thrift: fields in id order, absent optional
// fields omitted.
//
// Deserializers take untrusted bytes and never crash or over-allocate on damaged input:
//   - a required field that is missing is kCorrupt naming the struct and field;
//   - a known field with the wrong wire type is kCorrupt;
//   - unknown fields are skipped (forward compatibility), unknown union members are kept
//     as "unknown" values (see logical_type.h, ColumnOrder) for the caller to reject;
//   - enum values outside the spec are kept as raw values (see enums.h);
//   - input that ends early is kOutOfRange (see compact_protocol.h).
// Errors name the struct, field id and byte offset, e.g.
//   "FileMetaData field 4: RowGroup field 1: ColumnChunk: thrift: i64 at byte offset ...".
//
// Thread-safety: free functions on values; safe to call from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "firn/common/buffer.h"
#include "firn/common/result.h"
#include "firn/parquet/format/metadata.h"

namespace firn::parquet::format {

// Each appends the serialized struct to *out (which is not cleared).
void Serialize(const FileMetaData& metadata, Buffer* out);
void Serialize(const PageHeader& header, Buffer* out);
void Serialize(const OffsetIndex& index, Buffer* out);
void Serialize(const ColumnIndex& index, Buffer* out);

// Reads a footer. `in` is exactly the footer bytes (between the first byte of the footer
// and its 4-byte length); bytes after the struct's stop field are ignored, as other
// readers do.
Result<FileMetaData> DeserializeFileMetaData(std::span<const uint8_t> in);

// Reads one PageHeader from the start of `in`, which may extend past it (into the page
// data). On success *consumed is the header's length in bytes. kOutOfRange means `in`
// ended inside the header: retry with a longer prefix if there is one.
Result<PageHeader> DeserializePageHeader(std::span<const uint8_t> in, size_t* consumed);

// Read a page-index struct; `in` is exactly ColumnChunk.{offset,column}_index_length bytes.
Result<OffsetIndex> DeserializeOffsetIndex(std::span<const uint8_t> in);
Result<ColumnIndex> DeserializeColumnIndex(std::span<const uint8_t> in);

}  // namespace firn::parquet::format
