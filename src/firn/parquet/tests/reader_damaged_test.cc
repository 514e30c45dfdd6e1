// Damaged input (LevelDB's log_test style): files written by firn, then truncated, cut,
// bit-flipped, or with targeted damage to the footer length, the magic, page headers,
// dictionary indices, level runs and compressed payloads. Every case must end in an error
// or, where only value bytes changed, in a valid batch; never a crash, hang or sanitizer
// report. kInternal would mean the reader's own consistency checks caught something its
// validation missed, so it counts as a failure too.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <random>

#include "firn/common/bytes.h"
#include "firn/parquet/format/metadata_thrift.h"
#include "reader_test_util.h"

namespace firn::parquet {
namespace {

namespace f = format;
using testing::ReadEverything;
using testing::WriteParquet;
using P = IcebergPrimitiveType;

using testing::Root;

// An error of an expected kind, or success (damage only in value bytes).
::testing::AssertionResult Acceptable(const Result<int64_t>& r) {
  if (r.has_value()) return ::testing::AssertionSuccess();
  const ErrorKind k = r.error().kind();
  if (k == ErrorKind::kCorrupt || k == ErrorKind::kNotSupported || k == ErrorKind::kOutOfRange) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << r.error().ToString();
}

::testing::AssertionResult IsError(const Result<int64_t>& r, ErrorKind kind) {
  if (!r.has_value() && r.error().kind() == kind) return ::testing::AssertionSuccess();
  if (r.has_value()) return ::testing::AssertionFailure() << "read " << *r << " rows";
  return ::testing::AssertionFailure() << r.error().ToString();
}

struct Footer {
  f::FileMetaData md;
  size_t offset;
};

Footer ParseFooter(const std::string& bytes) {
  const uint32_t len = LoadLE<uint32_t>(bytes.data() + bytes.size() - 8);
  const size_t offset = bytes.size() - 8 - len;
  auto md = f::DeserializeFileMetaData({reinterpret_cast<const uint8_t*>(bytes.data()) + offset, len});
  EXPECT_TRUE(md.has_value());
  return {std::move(*md), offset};
}

std::string RewriteFooter(const std::string& bytes, const std::function<void(f::FileMetaData&)>& edit) {
  Footer footer = ParseFooter(bytes);
  edit(footer.md);
  Buffer out;
  out.Append(std::string_view(bytes).substr(0, footer.offset));
  const size_t start = out.size();
  f::Serialize(footer.md, &out);
  out.AppendValue(static_cast<uint32_t>(out.size() - start));
  out.Append(std::string_view("PAR1"));
  return std::string(out.view());
}

struct PageLocation {
  size_t offset;       // of the header
  size_t header_size;
  f::PageHeader header;
};

// Every page of every chunk, in file order.
std::vector<PageLocation> Pages(const std::string& bytes) {
  std::vector<PageLocation> pages;
  Footer footer = ParseFooter(bytes);
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  for (const auto& rg : footer.md.row_groups) {
    for (const auto& cc : rg.columns) {
      const auto& md = *cc.meta_data;
      size_t pos = static_cast<size_t>(md.dictionary_page_offset.value_or(md.data_page_offset));
      const size_t end = pos + static_cast<size_t>(md.total_compressed_size);
      while (pos < end) {
        size_t consumed = 0;
        auto h = f::DeserializePageHeader({data + pos, end - pos}, &consumed);
        if (!h) break;
        pages.push_back({pos, consumed, *h});
        pos += consumed + static_cast<size_t>(h->compressed_page_size);
      }
    }
  }
  return pages;
}

// Re-serializes the page header at `page` after `edit`; nullopt if its size changed.
std::optional<std::string> EditPageHeader(const std::string& bytes, const PageLocation& page,
                                          const std::function<void(f::PageHeader&)>& edit) {
  f::PageHeader h = page.header;
  edit(h);
  Buffer out;
  f::Serialize(h, &out);
  if (out.size() != page.header_size) return std::nullopt;
  std::string copy = bytes;
  std::memcpy(copy.data() + page.offset, out.data(), out.size());
  return copy;
}

std::vector<std::pair<std::string, std::string>> Files() {
  std::vector<std::pair<std::string, std::string>> files;
  files.emplace_back("flat_v1_uncompressed", testing::FlatFile(CompressionKind::kUncompressed, false));
  files.emplace_back("flat_v2_snappy_tinydict", testing::FlatFile(CompressionKind::kSnappy, true, 64));
  files.emplace_back("nested_v1_gzip", testing::NestedFile(CompressionKind::kGzip, false));
  files.emplace_back("nested_v2_zstd", testing::NestedFile(CompressionKind::kZstd, true));
  files.emplace_back("nested_v2_uncompressed", testing::NestedFile(CompressionKind::kUncompressed, true));
  files.emplace_back("flat_v1_lz4", testing::FlatFile(CompressionKind::kLz4Raw, false));
  files.emplace_back("nested_v1_brotli", testing::NestedFile(CompressionKind::kBrotli, false));
  return files;
}

TEST(ReaderDamagedTest, IntactFilesRead) {
  for (const auto& [name, bytes] : Files()) {
    auto r = ReadEverything(bytes);
    ASSERT_TRUE(r.has_value()) << name << ": " << r.error().ToString();
    EXPECT_GT(*r, 0) << name;
  }
}

TEST(ReaderDamagedTest, TruncatedAtEveryOffset) {
  for (const auto& [name, bytes] : Files()) {
    const size_t step = bytes.size() > 20000 ? 7 : 1;
    for (size_t len = 0; len < bytes.size(); len += step) {
      auto r = ReadEverything(bytes.substr(0, len));
      ASSERT_FALSE(r.has_value()) << name << " truncated to " << len;
      ASSERT_TRUE(Acceptable(r)) << name << " truncated to " << len;
    }
  }
}

// The data area cut short while the footer survives: offsets then point past the data.
TEST(ReaderDamagedTest, DataCutFooterKept) {
  for (const auto& [name, bytes] : Files()) {
    const Footer footer = ParseFooter(bytes);
    const std::string tail = bytes.substr(footer.offset);
    for (size_t len = 0; len < footer.offset; len += 3) {
      ASSERT_TRUE(Acceptable(ReadEverything(bytes.substr(0, len) + tail))) << name << " cut at " << len;
    }
  }
}

TEST(ReaderDamagedTest, RandomByteFlips) {
  std::mt19937_64 rng(20261124);
  int read = 0, refused = 0;
  for (const auto& [name, bytes] : Files()) {
    for (int trial = 0; trial < 1500; ++trial) {
      std::string damaged = bytes;
      const int flips = 1 + static_cast<int>(rng() % 4);
      for (int i = 0; i < flips; ++i) {
        damaged[rng() % damaged.size()] ^= static_cast<char>(1 + rng() % 255);
      }
      ReaderOptions options;
      options.max_chunk_bytes = 64 << 20;
      auto r = ReadEverything(damaged, options);
      ASSERT_TRUE(Acceptable(r)) << name << " trial " << trial;
      ++(r.has_value() ? read : refused);
    }
  }
  std::printf("byte flips: %d files read, %d refused\n", read, refused);
}

TEST(ReaderDamagedTest, FlipsInsidePageBodies) {
  std::mt19937_64 rng(7);
  for (const auto& [name, bytes] : Files()) {
    const auto pages = Pages(bytes);
    ASSERT_FALSE(pages.empty());
    for (int trial = 0; trial < 600; ++trial) {
      const PageLocation& p = pages[rng() % pages.size()];
      const size_t size = static_cast<size_t>(p.header.compressed_page_size);
      if (size == 0) continue;
      std::string damaged = bytes;
      damaged[p.offset + p.header_size + rng() % size] ^= static_cast<char>(1 + rng() % 255);
      ASSERT_TRUE(Acceptable(ReadEverything(damaged))) << name << " trial " << trial;
    }
  }
}

TEST(ReaderDamagedTest, FooterLength) {
  const std::string bytes = testing::FlatFile(CompressionKind::kZstd, false);
  const uint32_t real = LoadLE<uint32_t>(bytes.data() + bytes.size() - 8);
  for (uint32_t len : {0u, 1u, real - 1, real + 1, static_cast<uint32_t>(bytes.size() - 12),
                       static_cast<uint32_t>(bytes.size() - 11), static_cast<uint32_t>(bytes.size()),
                       0xFFFFFFFFu, 0x80000000u}) {
    std::string damaged = bytes;
    StoreLE<uint32_t>(damaged.data() + damaged.size() - 8, len);
    auto r = ReadEverything(damaged);
    ASSERT_FALSE(r.has_value()) << "footer length " << len;
    EXPECT_TRUE(Acceptable(r)) << "footer length " << len;
  }
}

TEST(ReaderDamagedTest, Magic) {
  const std::string bytes = testing::FlatFile(CompressionKind::kUncompressed, false);
  std::string head = bytes;
  head[3] = '2';
  EXPECT_TRUE(IsError(ReadEverything(head), ErrorKind::kCorrupt));
  std::string tail = bytes;
  tail[tail.size() - 1] = 'X';
  EXPECT_TRUE(IsError(ReadEverything(tail), ErrorKind::kCorrupt));
  std::string encrypted = bytes;
  encrypted.replace(encrypted.size() - 4, 4, "PARE");
  EXPECT_TRUE(IsError(ReadEverything(encrypted), ErrorKind::kNotSupported));
  EXPECT_TRUE(IsError(ReadEverything("PAR1PAR1"), ErrorKind::kCorrupt));
  EXPECT_TRUE(IsError(ReadEverything(std::string("PAR1\0\0\0\0PAR1", 12)), ErrorKind::kCorrupt));
}

TEST(ReaderDamagedTest, PageHeaderSizes) {
  for (const auto& [name, bytes] : Files()) {
    int edited = 0;
    for (const auto& page : Pages(bytes)) {
      for (int32_t delta : {-1, 1, 1000}) {
        for (bool compressed : {true, false}) {
          auto damaged = EditPageHeader(bytes, page, [&](f::PageHeader& h) {
            (compressed ? h.compressed_page_size : h.uncompressed_page_size) += delta;
          });
          if (!damaged) continue;
          ++edited;
          auto r = ReadEverything(*damaged);
          ASSERT_FALSE(r.has_value()) << name << " page at " << page.offset << " delta " << delta;
          ASSERT_TRUE(Acceptable(r)) << name;
        }
      }
      auto negative = EditPageHeader(bytes, page, [](f::PageHeader& h) { h.compressed_page_size = -h.compressed_page_size; });
      if (negative && page.header.compressed_page_size > 0) {
        EXPECT_TRUE(IsError(ReadEverything(*negative), ErrorKind::kCorrupt)) << name;
      }
    }
    EXPECT_GT(edited, 0) << name;
  }
}

TEST(ReaderDamagedTest, PageValueCounts) {
  for (const auto& [name, bytes] : Files()) {
    for (const auto& page : Pages(bytes)) {
      for (int32_t delta : {-1, 1}) {
        auto damaged = EditPageHeader(bytes, page, [&](f::PageHeader& h) {
          if (h.data_page_header) h.data_page_header->num_values += delta;
          if (h.data_page_header_v2) h.data_page_header_v2->num_values += delta;
          if (h.dictionary_page_header) h.dictionary_page_header->num_values += delta;
        });
        if (!damaged) continue;
        ASSERT_TRUE(Acceptable(ReadEverything(*damaged))) << name;
      }
    }
  }
}

// In an uncompressed v1 file: the bit width of dictionary indices, and the indices.
TEST(ReaderDamagedTest, DictionaryIndices) {
  const std::string bytes = testing::FlatFile(CompressionKind::kUncompressed, false);
  int tried = 0;
  for (const auto& page : Pages(bytes)) {
    if (!page.header.data_page_header || page.header.data_page_header->encoding != f::Encoding::RLE_DICTIONARY) continue;
    // The name column is optional, so its values follow the 4-byte-prefixed def levels.
    const size_t body = page.offset + page.header_size;
    const uint32_t levels = LoadLE<uint32_t>(bytes.data() + body);
    const size_t values = body + 4 + levels;
    if (values >= body + static_cast<size_t>(page.header.compressed_page_size)) continue;
    ++tried;
    std::string wide = bytes;
    wide[values] = 32;  // indices now 32 bits wide: out of range or truncated
    EXPECT_TRUE(IsError(ReadEverything(wide), ErrorKind::kCorrupt));
    std::string bad_width = bytes;
    bad_width[values] = 40;
    EXPECT_TRUE(IsError(ReadEverything(bad_width), ErrorKind::kCorrupt));
    std::string ones = bytes;
    const size_t end = body + static_cast<size_t>(page.header.compressed_page_size);
    for (size_t i = values + 1; i < end; ++i) ones[i] = static_cast<char>(0xFF);
    EXPECT_TRUE(Acceptable(ReadEverything(ones)));
  }
  EXPECT_GT(tried, 0);
}

// Definition-level sections: the 4-byte length and the first run header.
TEST(ReaderDamagedTest, LevelRuns) {
  const std::string bytes = testing::FlatFile(CompressionKind::kUncompressed, false);
  int tried = 0;
  for (const auto& page : Pages(bytes)) {
    if (!page.header.data_page_header) continue;
    const size_t body = page.offset + page.header_size;
    const uint32_t levels = LoadLE<uint32_t>(bytes.data() + body);
    if (levels == 0 || levels > static_cast<uint32_t>(page.header.compressed_page_size)) continue;
    ++tried;
    for (uint32_t len : {0u, levels - 1, levels + 1, 0x7FFFFFFFu}) {
      std::string damaged = bytes;
      StoreLE<uint32_t>(damaged.data() + body, len);
      EXPECT_TRUE(Acceptable(ReadEverything(damaged)));
    }
    for (uint8_t header : {0x00, 0xFF, 0x03, 0x7E}) {
      std::string damaged = bytes;
      damaged[body + 4] = static_cast<char>(header);
      EXPECT_TRUE(Acceptable(ReadEverything(damaged)));
    }
  }
  EXPECT_GT(tried, 0);
}

TEST(ReaderDamagedTest, FooterContents) {
  const std::string bytes = testing::FlatFile(CompressionKind::kZstd, false);
  auto expect = [&](ErrorKind kind, const std::function<void(f::FileMetaData&)>& edit) {
    return IsError(ReadEverything(RewriteFooter(bytes, edit)), kind);
  };
  auto md0 = [](f::FileMetaData& m) -> f::ColumnMetaData& { return *m.row_groups[0].columns[1].meta_data; };
  EXPECT_TRUE(expect(ErrorKind::kNotSupported, [](auto& m) { m.encryption_algorithm = std::string("\x1c\x00\x00", 3); }));  // AES_GCM_V1 {}
  EXPECT_TRUE(expect(ErrorKind::kNotSupported, [](auto& m) { m.row_groups[0].columns[0].file_path = "other.parquet"; }));
  EXPECT_TRUE(expect(ErrorKind::kNotSupported, [](auto& m) { m.row_groups[0].columns[0].crypto_metadata = std::string("\x1c\x00\x00", 3); }));
  EXPECT_TRUE(expect(ErrorKind::kNotSupported, [&](auto& m) { md0(m).codec = f::CompressionCodec::LZ4; }));
  EXPECT_TRUE(expect(ErrorKind::kNotSupported, [&](auto& m) { md0(m).codec = f::CompressionCodec::LZO; }));
  EXPECT_TRUE(expect(ErrorKind::kNotSupported, [&](auto& m) { md0(m).codec = static_cast<f::CompressionCodec>(42); }));
  EXPECT_TRUE(expect(ErrorKind::kCorrupt, [&](auto& m) { md0(m).codec = f::CompressionCodec::GZIP; }));
  EXPECT_TRUE(expect(ErrorKind::kCorrupt, [](auto& m) { m.num_rows += 1; }));
  EXPECT_TRUE(expect(ErrorKind::kCorrupt, [](auto& m) { m.num_rows = -1; }));
  EXPECT_TRUE(expect(ErrorKind::kCorrupt, [](auto& m) { m.row_groups[0].num_rows += 1; }));
  EXPECT_TRUE(expect(ErrorKind::kCorrupt, [](auto& m) { m.row_groups[0].columns.pop_back(); }));
  EXPECT_TRUE(expect(ErrorKind::kCorrupt, [&](auto& m) { md0(m).type = f::Type::INT32; }));
  EXPECT_TRUE(expect(ErrorKind::kCorrupt, [&](auto& m) { md0(m).path_in_schema = {"nope"}; }));
  EXPECT_TRUE(expect(ErrorKind::kCorrupt, [&](auto& m) { md0(m).num_values += 1; }));
  EXPECT_TRUE(expect(ErrorKind::kCorrupt, [&](auto& m) { md0(m).total_compressed_size += 1 << 20; }));
  EXPECT_TRUE(expect(ErrorKind::kCorrupt, [&](auto& m) { md0(m).total_compressed_size = -5; }));
  EXPECT_TRUE(expect(ErrorKind::kCorrupt, [&](auto& m) { md0(m).data_page_offset = 1; }));
  EXPECT_TRUE(expect(ErrorKind::kCorrupt, [](auto& m) { m.row_groups[0].columns[0].meta_data.reset(); }));
  EXPECT_TRUE(expect(ErrorKind::kCorrupt, [](auto& m) { m.schema.pop_back(); }));
  EXPECT_TRUE(expect(ErrorKind::kCorrupt, [](auto& m) { m.schema[0].num_children = 99; }));
  EXPECT_TRUE(expect(ErrorKind::kCorrupt, [](auto& m) { m.column_orders->pop_back(); }));
  // A bare repeated field (the un-annotated legacy list) is refused, not misread.
  EXPECT_TRUE(expect(ErrorKind::kNotSupported, [](auto& m) { m.schema[2].repetition_type = f::FieldRepetitionType::REPEATED; }));
  // The reader's memory limit.
  ReaderOptions small;
  small.max_chunk_bytes = 1000;
  EXPECT_TRUE(IsError(ReadEverything(bytes, small), ErrorKind::kOutOfRange));
}

TEST(ReaderDamagedTest, DeprecatedBitPackedLevels) {
  const std::string bytes = testing::FlatFile(CompressionKind::kUncompressed, false);
  for (const auto& page : Pages(bytes)) {
    if (!page.header.data_page_header) continue;
    if (page.header.data_page_header->num_values == 0) continue;
    auto damaged = EditPageHeader(bytes, page, [](f::PageHeader& h) {
      h.data_page_header->definition_level_encoding = f::Encoding::BIT_PACKED;
    });
    ASSERT_TRUE(damaged.has_value());
    auto r = ReadEverything(*damaged);
    // The first column is required (no levels); any other page must be refused.
    if (!r.has_value()) {
      EXPECT_EQ(r.error().kind(), ErrorKind::kNotSupported) << r.error().ToString();
      return;
    }
  }
  FAIL() << "no page with definition levels";
}

// Legacy maps: MAP_KEY_VALUE on the repeated group is accepted and read as a map.
TEST(ReaderDamagedTest, LegacyMapKeyValueAnnotation) {
  auto schema = *Schema::Make(Root({IcebergMap("m", 1, false, IcebergPrimitive("k", 2, true, P::kString),
                                               IcebergPrimitive("v", 3, false, P::kInt))}));
  testing::RandomVectors gen(3);
  std::vector<RecordBatch> batches;
  batches.push_back(gen.Batch(*schema, 50));
  const std::string bytes = WriteParquet(schema, batches, WriterOptions());
  const std::string legacy = RewriteFooter(bytes, [](f::FileMetaData& m) {
    m.schema[2].converted_type = f::ConvertedType::MAP_KEY_VALUE;  // the key_value group
  });
  auto reader = testing::OpenBytes(legacy);
  ASSERT_TRUE(reader.has_value()) << reader.error().ToString();
  auto all = (*reader)->ReadAll();
  ASSERT_TRUE(all.has_value()) << all.error().ToString();
  EXPECT_TRUE(testing::BatchesEqual(*schema, batches, *all));
}

}  // namespace
}  // namespace firn::parquet
