#include "firn/parquet/reader/footer.h"

#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "firn/common/buffer.h"
#include "firn/common/bytes.h"
#include "firn/common/macros.h"
#include "firn/parquet/format/metadata_thrift.h"
#include "firn/parquet/reader/file_schema.h"

namespace firn::parquet {
namespace {

namespace f = format;

constexpr size_t kMagicSize = 4;
constexpr char kMagic[] = "PAR1";
constexpr char kEncryptedMagic[] = "PARE";

// The first byte of the chunk: the dictionary page if the writer recorded a plausible
// offset for it. Some writers set dictionary_page_offset to 0 when there is none, so only
// an offset before the first data page counts (as Arrow and parquet-java read it).
uint64_t ChunkStart(const f::ColumnMetaData& md) {
  if (md.dictionary_page_offset && *md.dictionary_page_offset >= static_cast<int64_t>(kMagicSize) &&
      *md.dictionary_page_offset < md.data_page_offset) {
    return static_cast<uint64_t>(*md.dictionary_page_offset);
  }
  return static_cast<uint64_t>(md.data_page_offset);
}

Status ValidateChunk(const f::ColumnChunk& cc, const ColumnDescriptor& column,
                     const f::RowGroup& rg, uint64_t data_end) {
  if (cc.file_path) {
    return NotSupported("the chunk is stored in another file ('{}')", *cc.file_path);
  }
  if (cc.crypto_metadata || cc.encrypted_column_metadata) {
    return NotSupported("the chunk is encrypted; firn does not read encrypted Parquet");
  }
  if (!cc.meta_data) return Corrupt("the chunk has no ColumnMetaData");
  const f::ColumnMetaData& md = *cc.meta_data;
  if (static_cast<int>(md.type) != static_cast<int>(column.node->physical)) {
    return Corrupt("the chunk's type {} differs from the schema's", f::ToString(md.type));
  }
  if (md.path_in_schema != column.path) return Corrupt("the chunk's path_in_schema differs from the schema");
  if (md.num_values < 0) return Corrupt("num_values {} is negative", md.num_values);
  if (column.max_rep_level == 0 ? md.num_values != rg.num_rows : md.num_values < rg.num_rows) {
    return Corrupt("num_values {} does not fit the row group's {} rows", md.num_values, rg.num_rows);
  }
  if (md.total_compressed_size < 0 || md.data_page_offset < static_cast<int64_t>(kMagicSize)) {
    return Corrupt("data_page_offset {} / total_compressed_size {} are invalid", md.data_page_offset,
                   md.total_compressed_size);
  }
  const uint64_t start = ChunkStart(md);
  const uint64_t length = static_cast<uint64_t>(md.total_compressed_size);
  if (start > data_end || length > data_end - start) {
    return Corrupt("the chunk's bytes [{}, +{}) run past the column data, which ends at {}", start,
                   length, data_end);
  }
  if (static_cast<uint64_t>(md.data_page_offset) >= start + length && md.num_values > 0) {
    return Corrupt("data_page_offset {} lies outside the chunk's bytes [{}, +{})",
                   md.data_page_offset, start, length);
  }
  return OkStatus();
}

Status ValidateMetadata(const f::FileMetaData& md, const Schema& schema, uint64_t data_end) {
  if (md.encryption_algorithm) {
    return NotSupported("the file is encrypted (plaintext footer); firn does not read encrypted Parquet");
  }
  if (md.num_rows < 0) return Corrupt("num_rows {} is negative", md.num_rows);
  if (md.column_orders && md.column_orders->size() != schema.num_columns()) {
    return Corrupt("{} column orders for {} columns", md.column_orders->size(), schema.num_columns());
  }
  int64_t rows = 0;
  for (size_t g = 0; g < md.row_groups.size(); ++g) {
    const f::RowGroup& rg = md.row_groups[g];
    if (rg.num_rows < 0 || rg.num_rows > std::numeric_limits<int64_t>::max() - rows) {
      return Corrupt("row group {}: num_rows {} is invalid", g, rg.num_rows);
    }
    rows += rg.num_rows;
    if (rg.columns.size() != schema.num_columns()) {
      return Corrupt("row group {} has {} column chunks, the schema {} columns", g,
                     rg.columns.size(), schema.num_columns());
    }
    for (size_t c = 0; c < rg.columns.size(); ++c) {
      const ColumnDescriptor& column = schema.columns()[c];
      FIRN_RETURN_NOT_OK_CTX(ValidateChunk(rg.columns[c], column, rg, data_end),
                             fmt::format("row group {}, column '{}'", g, column.PathString()));
    }
  }
  if (rows != md.num_rows) {
    return Corrupt("the row groups hold {} rows, the footer's num_rows says {}", rows, md.num_rows);
  }
  return OkStatus();
}

Result<FileFooter> ReadFooterImpl(const io::InputFile& file) {
  FIRN_ASSIGN_OR_RETURN(uint64_t size, file.Size());
  if (size < 2 * kMagicSize + 4) {
    return Corrupt("{} bytes is too small for a Parquet file (at least 12)", size);
  }
  uint8_t head[kMagicSize], tail[4 + kMagicSize];
  FIRN_RETURN_NOT_OK(file.ReadAt(0, head));
  FIRN_RETURN_NOT_OK(file.ReadAt(size - sizeof(tail), tail));
  if (std::memcmp(tail + 4, kEncryptedMagic, kMagicSize) == 0) {
    return NotSupported("the file is encrypted (magic \"PARE\"); firn does not read encrypted Parquet");
  }
  if (std::memcmp(tail + 4, kMagic, kMagicSize) != 0) return Corrupt("the file does not end with \"PAR1\"");
  if (std::memcmp(head, kMagic, kMagicSize) != 0) return Corrupt("the file does not start with \"PAR1\"");
  const uint64_t footer_len = LoadLE<uint32_t>(tail);
  if (footer_len > size - 2 * kMagicSize - 4) {
    return Corrupt("footer length {} exceeds the {} bytes between the magic numbers", footer_len,
                   size - 2 * kMagicSize - 4);
  }
  FileFooter footer;
  footer.file_size = size;
  footer.footer_offset = size - sizeof(tail) - footer_len;
  Buffer bytes;
  bytes.Resize(footer_len);
  FIRN_RETURN_NOT_OK(file.ReadAt(footer.footer_offset, {bytes.data(), bytes.size()}));
  auto metadata = f::DeserializeFileMetaData(bytes.span());
  if (!metadata) {
    // The footer's length is known, so running out of bytes means a damaged footer.
    if (metadata.error().kind() == ErrorKind::kOutOfRange) return Corrupt("footer: {}", metadata.error().message());
    return std::unexpected(std::move(metadata).error().WithContext("footer"));
  }
  footer.metadata = std::move(*metadata);
  FIRN_ASSIGN_OR_RETURN(footer.schema, SchemaFromFooter(footer.metadata.schema));
  FIRN_RETURN_NOT_OK(ValidateMetadata(footer.metadata, *footer.schema, footer.footer_offset));
  return footer;
}

}  // namespace

Result<FileFooter> ReadFooter(const io::InputFile& file) {
  auto footer = ReadFooterImpl(file);
  if (!footer) return std::unexpected(std::move(footer).error().WithContext("reading " + file.path().value()));
  return footer;
}

ChunkRange ChunkByteRange(const f::ColumnMetaData& md) {
  return ChunkRange{ChunkStart(md), static_cast<uint64_t>(md.total_compressed_size)};
}

}  // namespace firn::parquet
