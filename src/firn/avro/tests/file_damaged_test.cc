// Damaged and truncated object container files: the reader must return an error (or, for
// a cut exactly at a block boundary, a valid prefix) and never crash or read out of
// bounds. Each case copies the damaged bytes into an exactly-sized heap buffer, so that
// ASan catches any read past the end.
#include <gtest/gtest.h>

#include <memory>
#include <set>

#include "firn/avro/file_reader.h"
#include "firn/avro/file_writer.h"
#include "firn/avro/schema_json.h"
#include "firn/avro/tests/test_schemas.h"
#include "firn/avro/tests/test_values.h"
#include "firn/io/memory_file_io.h"

namespace firn::avro {
namespace {

struct Written {
  std::string bytes;
  std::set<size_t> boundaries;         // file sizes at which a cut leaves a valid file
  std::vector<size_t> records_before;  // records in complete blocks, per boundary (sorted)
};

Written WriteSample(Codec codec) {
  auto schema = ParseSchema(testing::kEveryTypeSchema);
  EXPECT_TRUE(schema.has_value());
  io::MemoryFileIO fio;
  auto out = fio.NewOutputFile(FilePath("mem://d.avro"));
  EXPECT_TRUE(out.has_value());
  FileWriterOptions opts;
  opts.codec = codec;
  opts.block_size = 300;
  auto w =
      FileWriter::Make(std::move(*out), std::make_shared<const Schema>(std::move(*schema)), opts);
  EXPECT_TRUE(w.has_value());
  Written result;
  result.boundaries.insert((*w)->BytesWritten());
  result.records_before.push_back(0);
  for (int i = 0; i < 12; ++i) {
    uint64_t before = (*w)->BytesWritten();
    EXPECT_TRUE((*w)->Append(testing::EveryTypeValue(i, 1)).has_value());
    if ((*w)->BytesWritten() != before) {
      result.boundaries.insert((*w)->BytesWritten());
      result.records_before.push_back(i + 1);
    }
  }
  EXPECT_TRUE((*w)->Finish().has_value());
  result.bytes = *fio.ReadAll(FilePath("mem://d.avro"));
  result.boundaries.insert(result.bytes.size());
  return result;
}

// Reads every record of `bytes`; the count, or the error.
Result<size_t> ReadCount(const std::string& bytes) {
  auto copy = std::make_unique<uint8_t[]>(bytes.size());
  std::memcpy(copy.get(), bytes.data(), bytes.size());
  auto r = FileReader::Make(std::span<const uint8_t>(copy.get(), bytes.size()));
  if (!r) return std::unexpected(r.error());
  auto all = (*r)->ReadAll();
  if (!all) return std::unexpected(all.error());
  return all->size();
}

class DamagedFileTest : public ::testing::TestWithParam<Codec> {};

TEST_P(DamagedFileTest, EveryTruncationFailsOrIsABlockBoundary) {
  Written w = WriteSample(GetParam());
  ASSERT_GE(w.boundaries.size(), 4u);  // header, several blocks
  for (size_t len = 0; len < w.bytes.size(); ++len) {
    auto count = ReadCount(w.bytes.substr(0, len));
    if (w.boundaries.count(len) != 0) {
      ASSERT_TRUE(count.has_value()) << len << ": " << count.error().ToString();
      size_t index =
          static_cast<size_t>(std::distance(w.boundaries.begin(), w.boundaries.find(len)));
      EXPECT_EQ(*count, w.records_before[index]) << len;
    } else {
      ASSERT_FALSE(count.has_value()) << "truncated to " << len << " bytes, read " << *count;
      EXPECT_TRUE(count.error().kind() == ErrorKind::kCorrupt) << count.error().ToString();
    }
  }
  EXPECT_EQ(*ReadCount(w.bytes), 12u);
}

TEST_P(DamagedFileTest, FlippedBytesNeverCrash) {
  Written w = WriteSample(GetParam());
  size_t errors = 0;
  for (size_t pos = 0; pos < w.bytes.size(); ++pos) {
    for (uint8_t mask : {0x01, 0x80, 0xff}) {
      std::string damaged = w.bytes;
      damaged[pos] = static_cast<char>(damaged[pos] ^ mask);
      auto count = ReadCount(damaged);
      if (!count) {
        ++errors;
        EXPECT_TRUE(count.error().kind() == ErrorKind::kCorrupt ||
                    count.error().kind() == ErrorKind::kNotSupported)
            << pos << ": " << count.error().ToString();
      }
    }
  }
  // Flips inside string contents decode fine; flips in the magic, sync markers, lengths
  // and compressed data must not. Most flips are caught.
  EXPECT_GT(errors, w.bytes.size());
}

TEST_P(DamagedFileTest, DamagedSyncMarkerNamesTheOffset) {
  Written w = WriteSample(GetParam());
  size_t second = *std::next(w.boundaries.begin());  // end of the first block
  std::string damaged = w.bytes;
  damaged[second - 1] ^= 0x20;
  auto count = ReadCount(damaged);
  ASSERT_FALSE(count.has_value());
  EXPECT_NE(count.error().message().find(fmt::format("sync marker at offset {}", second - 16)),
            std::string::npos)
      << count.error().ToString();
}

INSTANTIATE_TEST_SUITE_P(Codecs, DamagedFileTest,
                         ::testing::Values(Codec::kNull, Codec::kDeflate, Codec::kSnappy),
                         [](const auto& info) { return std::string(CodecName(info.param)); });

TEST(DamagedFileTest, BadMagicAndMissingSchema) {
  auto bad = ReadCount("Obj\x02");
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message().find("magic"), std::string::npos);
  std::string no_schema = std::string("Obj\x01\x00", 5) + std::string(16, 's');
  auto r = ReadCount(no_schema);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message().find("no 'avro.schema'"), std::string::npos)
      << r.error().ToString();
}

}  // namespace
}  // namespace firn::avro
