#include "firn/parquet/reader/column_chunk_reader.h"

#include <algorithm>
#include <limits>

#include "firn/common/macros.h"
#include "firn/parquet/encoding/levels.h"
#include "firn/parquet/reader/footer.h"

namespace firn::parquet {

namespace f = format;

void ColumnChunkData::Clear() {
  num_levels = 0;
  def.clear();
  rep.clear();
  num_values = 0;
  values.Clear();
  offsets.clear();
}

Result<CompressionKind> CompressionKindOf(f::CompressionCodec codec) {
  switch (codec) {
    case f::CompressionCodec::UNCOMPRESSED: return CompressionKind::kUncompressed;
    case f::CompressionCodec::SNAPPY: return CompressionKind::kSnappy;
    case f::CompressionCodec::GZIP: return CompressionKind::kGzip;
    case f::CompressionCodec::ZSTD: return CompressionKind::kZstd;
    case f::CompressionCodec::LZ4_RAW: return CompressionKind::kLz4Raw;
    case f::CompressionCodec::BROTLI: return CompressionKind::kBrotli;
    case f::CompressionCodec::LZ4:
      return NotSupported("codec LZ4 (the deprecated Hadoop-framed LZ4) is not supported; "
                          "writers should use LZ4_RAW");
    case f::CompressionCodec::LZO:
      return NotSupported("codec LZO is not supported");
  }
  return NotSupported("unknown compression codec {}", static_cast<int>(codec));
}

Result<Decompressor*> ColumnChunkReader::GetDecompressor(CompressionKind kind) {
  if (kind == CompressionKind::kUncompressed) return nullptr;
  auto& slot = decompressors_[static_cast<size_t>(kind)];
  if (!slot) {
    FIRN_ASSIGN_OR_RETURN(slot, Decompressor::Make(kind));
  }
  return slot.get();
}

Status ColumnChunkReader::Read(const f::ColumnChunk& chunk, const ColumnDescriptor& column,
                               int row_group, ColumnChunkData* out) {
  int ordinal = -1;
  uint64_t offset = 0;
  Status s = ReadChunk(*chunk.meta_data, column, out, &ordinal, &offset);
  if (s) return s;
  Error e = std::move(s).error();
  if (ordinal >= 0) e.WithContext(fmt::format("page {} at offset {}", ordinal, offset));
  e.WithContext(fmt::format("column '{}', row group {}", column.PathString(), row_group));
  return std::unexpected(std::move(e));
}

Status ColumnChunkReader::ReadChunk(const f::ColumnMetaData& md, const ColumnDescriptor& column,
                                    ColumnChunkData* out, int* page_ordinal, uint64_t* page_offset) {
  out->Clear();
  FIRN_ASSIGN_OR_RETURN(CompressionKind kind, CompressionKindOf(md.codec));
  const ChunkRange range = ChunkByteRange(md);

  // What the chunk may decode to, per level entry: its levels, the value or offset of its
  // leaf slot, and a validity byte and an offset for each enclosing vector.
  const bool has_def = column.max_def_level > 0, has_rep = column.max_rep_level > 0;
  const int32_t width = ValueWidth(*column.node);
  const uint64_t per_level = 2 * (has_def + has_rep) + 1 + static_cast<uint64_t>(width == 0 ? 8 : width) +
                             9 * column.path.size();
  const uint64_t limit = static_cast<uint64_t>(std::max<int64_t>(0, options_.max_chunk_bytes));
  const uint64_t num_values = static_cast<uint64_t>(md.num_values);
  if (range.length > limit || num_values > (limit - range.length) / per_level) {
    return OutOfRange("the chunk's {} values ({} bytes stored) would exceed the reader's limit of {} "
                      "bytes per column chunk", md.num_values, range.length, limit);
  }

  chunk_.Resize(range.length);
  FIRN_RETURN_NOT_OK(file_.ReadAt(range.offset, {chunk_.data(), chunk_.size()}));
  FIRN_ASSIGN_OR_RETURN(Decompressor* decompressor, GetDecompressor(kind));
  PageReader pages(chunk_.span(), range.offset, decompressor, &page_scratch_, options_);
  decoder_.Reset(*column.node);
  if (has_def) out->def.reserve(num_values);
  if (has_rep) out->rep.reserve(num_values);
  if (width == 0) {
    // Whole-chunk reservation: per-page std::vector::reserve(size + n) calls in the
    // decoders would otherwise grow it linearly, page by page.
    out->offsets.reserve(num_values + 1);
    out->offsets.push_back(0);
  }

  bool seen_data = false;
  Page page;
  while (true) {
    auto more = pages.Next(&page);
    if (!more) {
      *page_ordinal = pages.ordinal();
      *page_offset = pages.offset();
      return std::unexpected(std::move(more).error());
    }
    if (!*more) break;
    *page_ordinal = page.ordinal;
    *page_offset = page.offset;
    if (page.header.type == f::PageType::DICTIONARY_PAGE) {
      if (seen_data || decoder_.has_dictionary()) {
        return Corrupt("a dictionary page after the chunk's first page");
      }
      FIRN_RETURN_NOT_OK(decoder_.SetDictionary(*page.header.dictionary_page_header, page.body));
      continue;
    }
    seen_data = true;
    FIRN_RETURN_NOT_OK(ReadDataPage(page, column, md.num_values, out));
  }
  *page_ordinal = -1;
  if (out->num_levels != md.num_values) {
    return Corrupt("the pages hold {} values, the chunk's num_values says {}", out->num_levels,
                   md.num_values);
  }
  return OkStatus();
}

Status ColumnChunkReader::ReadDataPage(const Page& page, const ColumnDescriptor& column,
                                       int64_t chunk_values, ColumnChunkData* out) {
  const bool v2 = page.header.type == f::PageType::DATA_PAGE_V2;
  const int32_t num_values = v2 ? page.header.data_page_header_v2->num_values
                                : page.header.data_page_header->num_values;
  if (num_values < 0 || num_values > chunk_values - out->num_levels) {
    return Corrupt("the page's num_values {} does not fit the chunk's {} ({} read so far)",
                   num_values, chunk_values, out->num_levels);
  }
  const size_t n = static_cast<size_t>(num_values);
  const int16_t max_def = column.max_def_level, max_rep = column.max_rep_level;
  const size_t rep_start = out->rep.size(), def_start = out->def.size();
  if (max_rep > 0) out->rep.resize(rep_start + n);
  if (max_def > 0) out->def.resize(def_start + n);
  std::span<const uint8_t> body = page.body;
  f::Encoding encoding;
  if (v2) {
    const f::DataPageHeaderV2& h = *page.header.data_page_header_v2;
    const size_t rep_len = static_cast<size_t>(h.repetition_levels_byte_length);
    const size_t def_len = static_cast<size_t>(h.definition_levels_byte_length);
    if (max_rep > 0) {
      FIRN_RETURN_NOT_OK_CTX(DecodeLevelsV2(body.subspan(0, rep_len), max_rep, n, &out->rep[rep_start]),
                             "repetition levels");
    }
    if (max_def > 0) {
      FIRN_RETURN_NOT_OK_CTX(DecodeLevelsV2(body.subspan(rep_len, def_len), max_def, n, &out->def[def_start]),
                             "definition levels");
    }
    body = body.subspan(rep_len + def_len);
    encoding = h.encoding;
  } else {
    const f::DataPageHeader& h = *page.header.data_page_header;
    auto check = [](f::Encoding e, const char* what) -> Status {
      if (e == f::Encoding::RLE) return OkStatus();
      if (e == f::Encoding::BIT_PACKED) return NotSupported("{} levels use the deprecated BIT_PACKED encoding", what);
      return Corrupt("{} levels use encoding {}", what, static_cast<int>(e));
    };
    if (max_rep > 0) {
      FIRN_RETURN_NOT_OK(check(h.repetition_level_encoding, "repetition"));
      FIRN_ASSIGN_OR_RETURN_CTX(size_t used, DecodeLevelsV1(body, max_rep, n, &out->rep[rep_start]),
                                "repetition levels");
      body = body.subspan(used);
    }
    if (max_def > 0) {
      FIRN_RETURN_NOT_OK(check(h.definition_level_encoding, "definition"));
      FIRN_ASSIGN_OR_RETURN_CTX(size_t used, DecodeLevelsV1(body, max_def, n, &out->def[def_start]),
                                "definition levels");
      body = body.subspan(used);
    }
    encoding = h.encoding;
  }
  const size_t present = max_def == 0 ? n
      : static_cast<size_t>(std::count(out->def.begin() + static_cast<ptrdiff_t>(def_start), out->def.end(), max_def));
  if (v2) {
    const f::DataPageHeaderV2& h = *page.header.data_page_header_v2;
    if (static_cast<size_t>(std::max(0, h.num_nulls)) != n - present || h.num_nulls < 0) {
      return Corrupt("num_nulls {} but the definition levels hold {} nulls", h.num_nulls, n - present);
    }
    const size_t rows = max_rep == 0 ? n
        : static_cast<size_t>(std::count(out->rep.begin() + static_cast<ptrdiff_t>(rep_start), out->rep.end(), int16_t{0}));
    if (h.num_rows < 0 || static_cast<size_t>(h.num_rows) != rows) {
      return Corrupt("num_rows {} but the repetition levels start {} rows", h.num_rows, rows);
    }
  }
  FIRN_RETURN_NOT_OK_CTX(decoder_.Decode(encoding, body, present, static_cast<uint64_t>(options_.max_chunk_bytes),
                                         out->values, out->offsets),
                         fmt::format("{} values", f::ToString(encoding)));
  out->num_levels += num_values;
  out->num_values += static_cast<int64_t>(present);
  return OkStatus();
}

}  // namespace firn::parquet
