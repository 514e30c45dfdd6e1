// FileSource: every non-blank line becomes one record whose offsets are its byte
// positions, across read-chunk and buffer boundaries (lines of every length, one longer
// than the whole buffer), CRLF endings, a last line without '\n', and seeks; every record
// is followed by kRecordPadding readable bytes (the decoder parses in place).
#include "firn/ingest/source/file_source.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "firn/io/tests/temp_dir.h"

namespace firn::ingest {
namespace {

struct Line {
  std::string text;
  int64_t offset = 0, next = 0;
};

// Polls everything; checks each record's padding promise by reading it.
std::vector<Line> ReadAll(FileSource& src, size_t max_records) {
  std::vector<Line> got;
  std::vector<SourceRecord> batch;
  for (int polls = 0; polls < 100'000; ++polls) {
    EXPECT_TRUE(src.Poll(0, max_records, &batch));
    for (const SourceRecord& r : batch) {
      EXPECT_TRUE(r.padded);
      volatile char sink = 0;
      for (size_t i = 0; i < kRecordPadding; ++i) sink = sink ^ r.value.data()[r.value.size() + i];
      got.push_back({std::string(r.value), r.offset.value(), r.next_offset.value()});
    }
    if (batch.empty() && src.Exhausted()) break;
  }
  return got;
}

TEST(FileSourceTest, LinesAcrossChunksBuffersAndAHugeLine) {
  io::testing::TempDir dir;
  const std::string path = dir.path() + "/in.ndjson";
  std::mt19937_64 rng(42);
  std::string text;
  std::vector<Line> expected;
  for (int i = 0; i < 40'000; ++i) {
    size_t n = rng() % 700;
    if (i == 17'000) n = 12 << 20;  // longer than the buffer (8 MiB): it must grow
    std::string line(n, 'x');
    for (size_t k = 0; k < std::min<size_t>(n, 32); ++k) line[k] = static_cast<char>('a' + rng() % 26);
    const bool blank = n == 0 || rng() % 97 == 0;
    if (blank) line = rng() % 2 ? "" : " \t ";
    const bool crlf = rng() % 13 == 0;
    const auto offset = static_cast<int64_t>(text.size());
    text += line + (crlf ? "\r\n" : "\n");
    if (!blank) expected.push_back({line, offset, static_cast<int64_t>(text.size())});
  }
  text += "last-without-newline";
  expected.push_back({"last-without-newline", static_cast<int64_t>(text.size() - 20), static_cast<int64_t>(text.size())});
  std::ofstream(path, std::ios::binary) << text;

  for (size_t max_records : {size_t{1}, size_t{777}, size_t{8192}}) {
    auto src = FileSource::Make({path});
    ASSERT_TRUE(src);
    const std::vector<Line> got = ReadAll(**src, max_records);
    ASSERT_EQ(got.size(), expected.size()) << "max_records " << max_records;
    for (size_t i = 0; i < got.size(); ++i) {
      ASSERT_EQ(got[i].text.size(), expected[i].text.size()) << "line " << i;
      ASSERT_EQ(got[i].text, expected[i].text) << "line " << i;
      ASSERT_EQ(got[i].offset, expected[i].offset) << "line " << i;
      ASSERT_EQ(got[i].next, expected[i].next) << "line " << i;
    }
    EXPECT_EQ((*src)->bytes_read(), static_cast<int64_t>(text.size()));
  }

  // A seek (what the pipeline does from the offsets a table holds) resumes at that line.
  auto src = FileSource::Make({path});
  ASSERT_TRUE(src);
  const Line& resume = expected[expected.size() / 2];
  char resolved[PATH_MAX];
  ASSERT_NE(::realpath(path.c_str(), resolved), nullptr);
  ASSERT_TRUE((*src)->Seek({{TopicPartition{resolved, KafkaPartition(0)}, KafkaOffset(resume.offset)}}));
  const std::vector<Line> rest = ReadAll(**src, 500);
  ASSERT_EQ(rest.size(), expected.size() - expected.size() / 2);
  EXPECT_EQ(rest.front().text, resume.text);
  EXPECT_EQ(rest.front().offset, resume.offset);
  EXPECT_EQ(rest.back().text, "last-without-newline");
}

}  // namespace
}  // namespace firn::ingest
