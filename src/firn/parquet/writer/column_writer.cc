#include "firn/parquet/writer/column_writer.h"

#include <algorithm>
#include <limits>

#include "firn/common/macros.h"
#include "firn/parquet/encoding/levels.h"
#include "firn/parquet/format/metadata_thrift.h"

namespace firn::parquet {

namespace f = format;

f::CompressionCodec ToThriftCodec(CompressionKind kind) {
  switch (kind) {
    case CompressionKind::kUncompressed: return f::CompressionCodec::UNCOMPRESSED;
    case CompressionKind::kSnappy: return f::CompressionCodec::SNAPPY;
    case CompressionKind::kGzip: return f::CompressionCodec::GZIP;
    case CompressionKind::kZstd: return f::CompressionCodec::ZSTD;
    case CompressionKind::kLz4Raw: return f::CompressionCodec::LZ4_RAW;
    case CompressionKind::kBrotli: return f::CompressionCodec::BROTLI;
  }
  return f::CompressionCodec::UNCOMPRESSED;
}

ColumnWriter::ColumnWriter(const ColumnDescriptor& column, const WriterOptions& options,
                           std::unique_ptr<Compressor> compressor)
    : column_(column),
      options_(options),
      chunk_stats_(*column.node),
      compressor_(std::move(compressor)),
      codec_(ToThriftCodec(options.compression)),
      file_stats_(*column.node) {}

int64_t ColumnWriter::SegmentEnd(const LeafLevels& l, int64_t begin) const {
  int64_t end = std::min(l.num_levels, begin + step_);
  if (column_.max_rep_level > 0) {
    // Pages start at record boundaries (required for DATA_PAGE_V2, and what page indexes
    // and row-based readers expect of v1 pages too).
    while (end < l.num_levels && l.rep[end] != 0) ++end;
  }
  return end;
}

Status ColumnWriter::Write(const LeafLevels& l) {
  const bool has_def = column_.max_def_level > 0, has_rep = column_.max_rep_level > 0;
  int64_t value_cursor = 0;
  int64_t level = 0;
  while (level < l.num_levels) {
    const int64_t end = SegmentEnd(l, level);
    const int64_t n = end - level;
    int64_t values = n, rows = n;
    if (has_def) {
      page_def_.insert(page_def_.end(), l.def.begin() + level, l.def.begin() + end);
      values = std::count(l.def.begin() + level, l.def.begin() + end, column_.max_def_level);
    }
    if (has_rep) {
      page_rep_.insert(page_rep_.end(), l.rep.begin() + level, l.rep.begin() + end);
      rows = std::count(l.rep.begin() + level, l.rep.begin() + end, int16_t{0});
    }
    const int64_t bytes_before = PageValueBytes();
    if (l.dense) {
      PutDense(*l.leaf, level, end);
    } else {
      PutSparse(*l.leaf, l.value_slots.data() + value_cursor, values);
      value_cursor += values;
    }
    chunk_stats_.AddNulls(n - values);
    page_levels_ += n;
    page_values_ += values;
    page_rows_ += rows;
    chunk_levels_ += n;
    chunk_rows_ += rows;
    level = end;

    // Aim for about 8 segments per page, between 16 and 4096 levels each.
    const int64_t seg_bytes = std::max<int64_t>(1, PageValueBytes() - bytes_before + n / 4);
    step_ = std::clamp<int64_t>(options_.page_size_bytes * n / (8 * seg_bytes), 16, 4096);

    if (DictionaryFull() && !AbandonDictionary()) {
      FIRN_RETURN_NOT_OK(ClosePage());
      FallBackToPlain();
    } else if (PageValueBytes() + (page_levels_ / 4) >= options_.page_size_bytes ||
               page_rows_ >= options_.page_row_limit) {
      FIRN_RETURN_NOT_OK(ClosePage());
    }
  }
  return OkStatus();
}

Status ColumnWriter::AppendPage(f::PageHeader header, std::span<const uint8_t> body, int64_t uncompressed) {
  if (uncompressed > std::numeric_limits<int32_t>::max() ||
      body.size() > static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
    return InvalidArgument("column '{}': a page of {} bytes exceeds Parquet's 2 GiB page limit",
                           column_.PathString(), uncompressed);
  }
  header.uncompressed_page_size = static_cast<int32_t>(uncompressed);
  header.compressed_page_size = static_cast<int32_t>(body.size());
  page_header_.Clear();
  f::Serialize(header, &page_header_);
  const auto header_bytes = static_cast<int64_t>(page_header_.size());
  pages_.Append(page_header_.span());
  pages_.Append(body);
  chunk_uncompressed_ += header_bytes + uncompressed;
  return OkStatus();
}

Status ColumnWriter::ClosePage() {
  if (page_levels_ == 0) return OkStatus();
  const bool v2 = options_.write_page_v2;
  const bool has_def = column_.max_def_level > 0, has_rep = column_.max_rep_level > 0;
  scratch_.Clear();
  f::PageHeader header;
  int64_t rep_bytes = 0, def_bytes = 0;
  if (has_rep) {
    size_t before = scratch_.size();
    if (v2) EncodeLevelsV2(page_rep_, column_.max_rep_level, &scratch_);
    else EncodeLevelsV1(page_rep_, column_.max_rep_level, &scratch_);
    rep_bytes = static_cast<int64_t>(scratch_.size() - before);
  }
  if (has_def) {
    size_t before = scratch_.size();
    if (v2) EncodeLevelsV2(page_def_, column_.max_def_level, &scratch_);
    else EncodeLevelsV1(page_def_, column_.max_def_level, &scratch_);
    def_bytes = static_cast<int64_t>(scratch_.size() - before);
  }
  const size_t levels_end = scratch_.size();
  const int64_t plain_bytes = PageValueBytes();
  const f::Encoding encoding = FinishPageValues(&scratch_);
  const int64_t uncompressed = static_cast<int64_t>(scratch_.size());

  // v1 compresses levels and values together; v2 compresses the values only.
  const size_t compress_from = v2 ? levels_end : 0;
  std::span<const uint8_t> body = scratch_.span();
  if (codec_ != f::CompressionCodec::UNCOMPRESSED) {
    compressed_.Clear();
    compressed_.Append(scratch_.data(), compress_from);
    FIRN_RETURN_NOT_OK_CTX(
        compressor_->Compress({scratch_.data() + compress_from, scratch_.size() - compress_from}, &compressed_),
        fmt::format("column '{}': compressing a data page", column_.PathString()));
    body = compressed_.span();
  }
  if (v2) {
    f::DataPageHeaderV2 h;
    h.num_values = static_cast<int32_t>(page_levels_);
    h.num_nulls = static_cast<int32_t>(page_levels_ - page_values_);
    h.num_rows = static_cast<int32_t>(page_rows_);
    h.encoding = encoding;
    h.definition_levels_byte_length = static_cast<int32_t>(def_bytes);
    h.repetition_levels_byte_length = static_cast<int32_t>(rep_bytes);
    h.is_compressed = codec_ != f::CompressionCodec::UNCOMPRESSED;
    header.type = f::PageType::DATA_PAGE_V2;
    header.data_page_header_v2 = h;
  } else {
    f::DataPageHeader h;
    h.num_values = static_cast<int32_t>(page_levels_);
    h.encoding = encoding;
    h.definition_level_encoding = f::Encoding::RLE;
    h.repetition_level_encoding = f::Encoding::RLE;
    header.type = f::PageType::DATA_PAGE;
    header.data_page_header = h;
  }
  FIRN_RETURN_NOT_OK(AppendPage(std::move(header), body, uncompressed));
  compression_ratio_ = static_cast<double>(pages_.size()) / static_cast<double>(std::max<int64_t>(1, chunk_uncompressed_));

  auto it = std::find_if(page_stats_.begin(), page_stats_.end(), [&](const f::PageEncodingStats& s) {
    return s.encoding == encoding;
  });
  if (it == page_stats_.end()) {
    page_stats_.push_back({v2 ? f::PageType::DATA_PAGE_V2 : f::PageType::DATA_PAGE, encoding, 1});
  } else {
    ++it->count;
  }
  OnPageClosed(page_values_, plain_bytes);
  page_def_.clear();
  page_rep_.clear();
  page_levels_ = page_values_ = page_rows_ = 0;
  return OkStatus();
}

int64_t ColumnWriter::BufferedBytes() const {
  return static_cast<int64_t>(pages_.size()) + PageValueBytes() +
         static_cast<int64_t>((page_def_.size() + page_rep_.size()) * sizeof(int16_t)) + DictionaryBytes();
}

int64_t ColumnWriter::MemoryUsage() const {
  return static_cast<int64_t>(pages_.capacity() + scratch_.capacity() + compressed_.capacity() +
                              header_buf_.capacity() + page_header_.capacity() +
                              (page_def_.capacity() + page_rep_.capacity()) * sizeof(int16_t)) +
         EncoderMemoryUsage();
}

void ColumnWriter::ReleaseMemory() {
  pages_.Release();
  scratch_.Release();
  compressed_.Release();
  header_buf_.Release();
  page_header_.Release();
  std::vector<int16_t>().swap(page_def_);
  std::vector<int16_t>().swap(page_rep_);
  ReleaseEncoderMemory();
}

int64_t ColumnWriter::EstimatedChunkBytes() const {
  // The open page and the dictionary page are compressed when written; assume they
  // compress like the pages before them.
  double open = static_cast<double>(PageValueBytes() + page_levels_ / 4 + DictionaryBytes()) * compression_ratio_;
  return static_cast<int64_t>(pages_.size()) + static_cast<int64_t>(open);
}

Result<f::ColumnChunk> ColumnWriter::FinishChunk(io::OutputFile* out) {
  FIRN_RETURN_NOT_OK(ClosePage());
  const int64_t chunk_offset = static_cast<int64_t>(out->Position());
  const std::string ctx = fmt::format("writing {}: column '{}'", out->path().value(), column_.PathString());
  f::ColumnMetaData md;
  md.type = static_cast<f::Type>(column_.node->physical);
  md.path_in_schema = column_.path;
  md.codec = codec_;
  md.num_values = chunk_levels_;

  int64_t dict_uncompressed = 0, dict_compressed = 0;
  if (ChunkHasDictionary()) {
    scratch_.Clear();
    int32_t entries = WriteDictionary(&scratch_);
    std::span<const uint8_t> body = scratch_.span();
    if (codec_ != f::CompressionCodec::UNCOMPRESSED) {
      compressed_.Clear();
      FIRN_RETURN_NOT_OK_CTX(compressor_->Compress(scratch_.span(), &compressed_), ctx + ": dictionary page");
      body = compressed_.span();
    }
    f::PageHeader h;
    h.type = f::PageType::DICTIONARY_PAGE;
    h.uncompressed_page_size = static_cast<int32_t>(scratch_.size());
    h.compressed_page_size = static_cast<int32_t>(body.size());
    h.dictionary_page_header = f::DictionaryPageHeader{entries, f::Encoding::PLAIN, std::nullopt};
    header_buf_.Clear();
    f::Serialize(h, &header_buf_);
    dict_uncompressed = static_cast<int64_t>(header_buf_.size() + scratch_.size());
    dict_compressed = static_cast<int64_t>(header_buf_.size() + body.size());
    FIRN_RETURN_NOT_OK_CTX(out->Write(header_buf_.span()), ctx);
    FIRN_RETURN_NOT_OK_CTX(out->Write(body), ctx);
    md.dictionary_page_offset = chunk_offset;
    page_stats_.insert(page_stats_.begin(), {f::PageType::DICTIONARY_PAGE, f::Encoding::PLAIN, 1});
  }
  md.data_page_offset = chunk_offset + dict_compressed;
  for (const Buffer& segment : pages_.segments()) FIRN_RETURN_NOT_OK_CTX(out->Write(segment.span()), ctx);
  md.total_compressed_size = dict_compressed + static_cast<int64_t>(pages_.size());
  md.total_uncompressed_size = chunk_uncompressed_ + dict_uncompressed;

  // Encodings: levels are RLE; values as the pages say.
  if (column_.max_def_level > 0 || column_.max_rep_level > 0) md.encodings.push_back(f::Encoding::RLE);
  for (const auto& s : page_stats_) {
    if (std::find(md.encodings.begin(), md.encodings.end(), s.encoding) == md.encodings.end())
      md.encodings.push_back(s.encoding);
  }
  md.encoding_stats = page_stats_;

  f::Statistics st;
  st.null_count = chunk_stats_.null_count();
  if (chunk_stats_.has_min_max() && chunk_stats_.min().size() <= 4096 && chunk_stats_.max().size() <= 4096) {
    st.min_value = chunk_stats_.min();
    st.max_value = chunk_stats_.max();
    st.is_min_value_exact = true;
    st.is_max_value_exact = true;
  }
  if (column_.node->physical == PhysicalType::kFloat || column_.node->physical == PhysicalType::kDouble) {
    st.nan_count = chunk_stats_.nan_count();
  }
  md.statistics = std::move(st);

  f::ColumnChunk cc;
  cc.file_offset = chunk_offset;  // deprecated; readers that still use it expect the chunk start
  cc.meta_data = std::move(md);

  file_stats_.Merge(chunk_stats_);
  file_compressed_bytes_ += cc.meta_data->total_compressed_size;
  file_num_values_ += chunk_levels_;

  chunk_stats_.Reset();
  pages_.Clear();
  page_stats_.clear();
  chunk_rows_ = chunk_levels_ = chunk_uncompressed_ = 0;
  ResetChunk();
  return cc;
}

}  // namespace firn::parquet
