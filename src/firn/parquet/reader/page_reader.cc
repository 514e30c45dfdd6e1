#include "firn/parquet/reader/page_reader.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>

#include "firn/common/macros.h"
#include "firn/parquet/format/metadata_thrift.h"

namespace firn::parquet {

namespace f = format;

uint64_t MaxUncompressedPageSize(CompressionKind kind, uint64_t compressed) {
  constexpr uint64_t kAlwaysAllowed = uint64_t{1} << 20;
  uint64_t ratio = 1;
  switch (kind) {
    case CompressionKind::kUncompressed: return compressed;
    case CompressionKind::kSnappy: ratio = 24; break;     // 64 bytes per 3-byte copy tag
    case CompressionKind::kLz4Raw: ratio = 256; break;    // 255 bytes per length byte
    case CompressionKind::kGzip: ratio = 1032; break;     // deflate's 258 bytes per 2 bits
    case CompressionKind::kZstd: ratio = 32768; break;    // 4-byte RLE block per 128 KiB
    case CompressionKind::kBrotli: return UINT64_MAX;     // unbounded; max_chunk_bytes applies
  }
  return std::max(kAlwaysAllowed, compressed * ratio);
}

Status PageReader::Decompress(std::span<const uint8_t> in, size_t out_size, size_t prefix) {
  const CompressionKind kind = decompressor_->kind();
  if (out_size > MaxUncompressedPageSize(kind, in.size())) {
    return Corrupt("{} bytes of {} cannot decompress to the {} bytes the header claims", in.size(),
                   CompressionKindName(kind), out_size);
  }
  scratch_->Resize(prefix + out_size);
  if (out_size == 0 && in.empty()) return OkStatus();
  return decompressor_->Decompress(in, {scratch_->data() + prefix, out_size});
}

Result<bool> PageReader::Next(Page* page) {
  while (pos_ < chunk_.size()) {
    page_start_ = pos_;
    ++ordinal_;
    size_t consumed = 0;
    auto parsed = f::DeserializePageHeader(chunk_.subspan(pos_), &consumed);
    if (!parsed) {
      if (parsed.error().kind() == ErrorKind::kOutOfRange) {
        return Corrupt("the page header runs past the end of the chunk ({} bytes left): {}",
                       chunk_.size() - pos_, parsed.error().message());
      }
      return std::unexpected(std::move(parsed).error().WithContext("page header"));
    }
    pos_ += consumed;
    f::PageHeader& h = *parsed;
    if (h.compressed_page_size < 0 || h.uncompressed_page_size < 0) {
      return Corrupt("negative page size (compressed {}, uncompressed {})", h.compressed_page_size,
                     h.uncompressed_page_size);
    }
    const size_t stored = static_cast<size_t>(h.compressed_page_size);
    const size_t size = static_cast<size_t>(h.uncompressed_page_size);
    if (stored > chunk_.size() - pos_) {
      return Corrupt("the page's {} bytes run past the end of the chunk ({} bytes left)", stored,
                     chunk_.size() - pos_);
    }
    const std::span<const uint8_t> raw = chunk_.subspan(pos_, stored);
    pos_ += stored;
    if (!f::IsKnown(h.type) || h.type == f::PageType::INDEX_PAGE) continue;
    if (static_cast<int64_t>(size) > options_.max_chunk_bytes) {
      return OutOfRange("a page of {} bytes exceeds the reader's limit of {} bytes", size,
                        options_.max_chunk_bytes);
    }
    if (h.crc && options_.verify_page_checksums) {
      const uint32_t crc = static_cast<uint32_t>(
          crc32(0, raw.data(), static_cast<uInt>(raw.size())));
      if (crc != static_cast<uint32_t>(*h.crc)) {
        return Corrupt("page CRC mismatch: stored {:08x}, computed {:08x}",
                       static_cast<uint32_t>(*h.crc), crc);
      }
    }
    size_t values_start = 0;  // bytes of the body stored uncompressed (v2 levels)
    bool compressed = decompressor_ != nullptr;
    switch (h.type) {
      case f::PageType::DATA_PAGE:
        if (!h.data_page_header) return Corrupt("DATA_PAGE without a data_page_header");
        break;
      case f::PageType::DICTIONARY_PAGE:
        if (!h.dictionary_page_header) return Corrupt("DICTIONARY_PAGE without a dictionary_page_header");
        break;
      case f::PageType::DATA_PAGE_V2: {
        if (!h.data_page_header_v2) return Corrupt("DATA_PAGE_V2 without a data_page_header_v2");
        const f::DataPageHeaderV2& v2 = *h.data_page_header_v2;
        if (v2.definition_levels_byte_length < 0 || v2.repetition_levels_byte_length < 0) {
          return Corrupt("negative level section lengths");
        }
        values_start = static_cast<size_t>(v2.definition_levels_byte_length) +
                       static_cast<size_t>(v2.repetition_levels_byte_length);
        if (values_start > stored || values_start > size) {
          return Corrupt("level sections of {} bytes exceed the page ({} stored, {} uncompressed)",
                         values_start, stored, size);
        }
        compressed = compressed && v2.is_compressed.value_or(true);
        break;
      }
      default:
        continue;
    }
    if (!compressed) {
      if (stored != size) {
        return Corrupt("an uncompressed page of {} bytes claims {} uncompressed bytes", stored, size);
      }
      page->body = raw;
    } else {
      if (values_start > 0) {
        scratch_->Resize(values_start);
        std::memcpy(scratch_->data(), raw.data(), values_start);
      }
      FIRN_RETURN_NOT_OK_CTX(Decompress(raw.subspan(values_start), size - values_start, values_start),
                             "decompressing the page");
      page->body = scratch_->span();
    }
    page->header = std::move(h);
    page->ordinal = ordinal_;
    page->offset = chunk_offset_ + page_start_;
    return true;
  }
  return false;
}

}  // namespace firn::parquet
