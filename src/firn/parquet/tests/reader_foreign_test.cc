// Parquet files other engines wrote: parquet-java (with page CRCs) and pyarrow files of
// the shared Iceberg fixtures (FIRN_ICEBERG_FIXTURES, default
// ../shared/fixtures/iceberg beside the checkout), and DuckDB's if FIRN_DUCKDB_FIXTURES names a directory
// of tests/interop/duckdb_write_fixtures.mjs output (their values are checked against the
// expected JSON by tests/interop/read_canonical). Each test skips when no files exist.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include "firn/common/bytes.h"
#include "firn/parquet/format/metadata_thrift.h"
#include "reader_test_util.h"

namespace firn::parquet {
namespace {

using testing::ReadEverything;

std::vector<std::string> ForeignFiles(uintmax_t max_size) {
  std::vector<std::string> paths;
  const char* iceberg = std::getenv("FIRN_ICEBERG_FIXTURES");
  for (const char* dir : std::vector<const char*>{iceberg ? iceberg : FIRN_SHARED_ICEBERG_FIXTURES,
                                                  std::getenv("FIRN_DUCKDB_FIXTURES")}) {
    if (dir == nullptr || !std::filesystem::is_directory(dir)) continue;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
      if (e.path().extension() == ".parquet" && e.file_size() <= max_size) paths.push_back(e.path());
    }
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

::testing::AssertionResult Acceptable(const Result<int64_t>& r) {
  if (r.has_value()) return ::testing::AssertionSuccess();
  const ErrorKind k = r.error().kind();
  if (k == ErrorKind::kCorrupt || k == ErrorKind::kNotSupported || k == ErrorKind::kOutOfRange) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << r.error().ToString();
}

TEST(ReaderForeignTest, ReadsEveryFile) {
  const auto paths = ForeignFiles(UINTMAX_MAX);
  if (paths.empty()) GTEST_SKIP() << "no foreign Parquet files on this machine";
  for (const auto& path : paths) {
    auto reader = testing::OpenBytes(Slurp(path));
    ASSERT_TRUE(reader.has_value()) << path << ": " << reader.error().ToString();
    auto all = (*reader)->ReadAll();
    ASSERT_TRUE(all.has_value()) << path << ": " << all.error().ToString();
    EXPECT_EQ(all->num_rows, (*reader)->num_rows()) << path;
    for (int g = 0; g < (*reader)->num_row_groups(); ++g) {
      for (size_t c = 0; c < (*reader)->schema()->num_columns(); ++c) {
        auto stats = (*reader)->ChunkStatistics(g, static_cast<int>(c));
        EXPECT_TRUE(stats.has_value()) << path << ": " << stats.error().ToString();
      }
    }
  }
}

// parquet-java writes a CRC-32 on every page; a flipped byte in a page body is caught.
TEST(ReaderForeignTest, PageChecksumsVerified) {
  int checked = 0;
  for (const auto& path : ForeignFiles(64 * 1024)) {
    const std::string bytes = Slurp(path);
    const uint32_t len = LoadLE<uint32_t>(bytes.data() + bytes.size() - 8);
    auto md = format::DeserializeFileMetaData(
        {reinterpret_cast<const uint8_t*>(bytes.data()) + bytes.size() - 8 - len, len});
    ASSERT_TRUE(md.has_value());
    const auto& cm = *md->row_groups.at(0).columns.at(0).meta_data;
    size_t consumed = 0;
    const size_t at = static_cast<size_t>(cm.dictionary_page_offset.value_or(cm.data_page_offset));
    auto h = format::DeserializePageHeader(
        {reinterpret_cast<const uint8_t*>(bytes.data()) + at, bytes.size() - at}, &consumed);
    ASSERT_TRUE(h.has_value());
    if (!h->crc || h->compressed_page_size == 0) continue;
    std::string damaged = bytes;
    damaged[at + consumed + static_cast<size_t>(h->compressed_page_size) / 2] ^= 0x10;
    auto r = ReadEverything(damaged);
    ASSERT_FALSE(r.has_value()) << path;
    EXPECT_NE(r.error().message().find("CRC"), std::string::npos) << r.error().ToString();
    ++checked;
  }
  if (checked == 0) GTEST_SKIP() << "no foreign files with page checksums on this machine";
}

// Byte flips in foreign files exercise what firn does not write: DELTA_*,
// BYTE_STREAM_SPLIT, PLAIN_DICTIONARY, page CRCs.
TEST(ReaderForeignTest, ByteFlips) {
  const auto paths = ForeignFiles(64 * 1024);
  if (paths.empty()) GTEST_SKIP() << "no foreign Parquet files on this machine";
  std::mt19937_64 rng(99);
  int read = 0, refused = 0;
  for (const auto& path : paths) {
    const std::string bytes = Slurp(path);
    auto intact = ReadEverything(bytes);
    ASSERT_TRUE(intact.has_value()) << path << ": " << intact.error().ToString();
    for (int trial = 0; trial < 200; ++trial) {
      std::string damaged = bytes;
      damaged[rng() % damaged.size()] ^= static_cast<char>(1 + rng() % 255);
      auto r = ReadEverything(damaged);
      ASSERT_TRUE(Acceptable(r)) << path << " trial " << trial;
      ++(r.has_value() ? read : refused);
    }
  }
  std::printf("foreign byte flips over %zu files: %d read, %d refused\n", paths.size(), read, refused);
}

}  // namespace
}  // namespace firn::parquet
