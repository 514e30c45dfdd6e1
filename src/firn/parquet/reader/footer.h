// Reading and validating the footer of a Parquet file (parquet-format README, "File
// Format"):
//
//   "PAR1" <column chunks ...> <FileMetaData, compact Thrift> <uint32 LE footer length> "PAR1"
//
// ReadFooter checks the magic at both ends, the footer length against the file size,
// deserializes FileMetaData, rebuilds the schema (file_schema.h) and checks every row
// group and column chunk against it: one chunk per leaf, matching type and path, chunk
// byte ranges inside the data area, value counts consistent with row counts. Anything
// later code relies on is checked here once, so readers of a validated footer can index
// and slice without re-checking. Encrypted files ("PARE", or an encryption_algorithm in a
// plaintext footer) and chunks stored in other files are NotSupported.
//
// Thread-safety: pure functions; the InputFile is only read.
#pragma once

#include <cstdint>
#include <memory>

#include "firn/common/result.h"
#include "firn/io/file_io.h"
#include "firn/parquet/format/file_metadata.h"
#include "firn/parquet/schema/schema.h"

namespace firn::parquet {

struct FileFooter {
  format::FileMetaData metadata;         // as deserialized, validated
  std::shared_ptr<const Schema> schema;  // rebuilt from metadata.schema
  uint64_t file_size = 0;                // bytes
  uint64_t footer_offset = 0;            // first byte of the footer; chunks end before it
};

// Errors name the file.
Result<FileFooter> ReadFooter(const io::InputFile& file);

// The bytes a column chunk occupies: its dictionary page (if any) and data pages.
struct ChunkRange {
  uint64_t offset = 0;  // absolute file offset of the first page header
  uint64_t length = 0;  // total_compressed_size
};
// REQUIRES: `md` belongs to a footer that ReadFooter accepted.
ChunkRange ChunkByteRange(const format::ColumnMetaData& md);

}  // namespace firn::parquet
