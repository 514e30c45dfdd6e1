#include "firn/ingest/sample/sample_run.h"

#include <gtest/gtest.h>

#include "event_test_util.h"
#include "firn/io/memory_file_io.h"
#include "firn/parquet/reader/file_reader.h"

namespace firn::ingest {
namespace {

TEST(SampleRunTest, WritesAndRollsFiles) {
  io::MemoryFileIO io;
  SampleRunOptions o;
  o.events = 30'000;
  o.batch_rows = 4096;
  o.target_file_size_bytes = 256 << 10;  // ~ 6 batches of compressed events per file
  o.data_dir = "mem://wh/demo/events/data/";
  o.run_id = "run";
  int callbacks = 0;
  auto stats = RunSampleStream(&io, o, [&](const SampleRunStats& s) {
    ++callbacks;
    EXPECT_EQ(s.events, std::min<int64_t>(callbacks * 4096, 30'000));
  });
  ASSERT_TRUE(stats.has_value()) << stats.error().ToString();
  EXPECT_EQ(callbacks, 8);
  EXPECT_EQ(stats->events, 30'000);
  EXPECT_EQ(stats->input_bytes, static_cast<int64_t>(testing::Generate(1, 30'000).size()));
  ASSERT_GE(stats->files.size(), 2u);

  auto listed = io.List(FilePath("mem://wh/demo/events/data"));
  ASSERT_TRUE(listed.has_value());
  ASSERT_EQ(listed->size(), stats->files.size());
  EXPECT_EQ(stats->files[0].path, "mem://wh/demo/events/data/run-00001.parquet");

  // The files hold the stream in order: the first row of each file is the next event.
  const auto lines = testing::Lines(testing::Generate(1, 30'000));
  int64_t rows = 0;
  for (size_t f = 0; f < stats->files.size(); ++f) {
    const auto& file = stats->files[f];
    if (f + 1 < stats->files.size()) {
      // Rolled when the writer's size estimate reached the target. The estimate of pages
      // not yet compressed is rough for files this small (most of a file sits in open
      // pages), so only check that files are near the target.
      EXPECT_GE(file.size_bytes, o.target_file_size_bytes * 6 / 10);
      EXPECT_LE(file.size_bytes, o.target_file_size_bytes * 3 / 2);
    }
    auto in = io.OpenInputFile(FilePath(file.path));
    ASSERT_TRUE(in.has_value());
    auto reader = parquet::FileReader::Open(std::move(*in));
    ASSERT_TRUE(reader.has_value()) << reader.error().ToString();
    EXPECT_EQ((*reader)->num_rows(), file.rows);
    auto batch = (*reader)->ReadRowGroup(0);
    ASSERT_TRUE(batch.has_value()) << batch.error().ToString();
    EXPECT_EQ(testing::RenderRow(*batch, 0), lines[rows]);
    rows += file.rows;
  }
  EXPECT_EQ(rows, 30'000);
  EXPECT_EQ(stats->file_bytes(), [&] {
    int64_t n = 0;
    for (const auto& i : *listed) n += static_cast<int64_t>(i.size);
    return n;
  }());
}

TEST(SampleRunTest, ZeroEventsWritesNothing) {
  io::MemoryFileIO io;
  SampleRunOptions o;
  o.events = 0;
  o.data_dir = "mem://wh";
  o.run_id = "r";
  auto stats = RunSampleStream(&io, o);
  ASSERT_TRUE(stats.has_value());
  EXPECT_TRUE(stats->files.empty());
}

TEST(SampleRunTest, RejectsBadOptions) {
  io::MemoryFileIO io;
  SampleRunOptions o;
  o.data_dir = "mem://wh";
  o.run_id = "r";
  o.target_file_size_bytes = 0;
  EXPECT_FALSE(RunSampleStream(&io, o).has_value());
  o.target_file_size_bytes = 1;
  o.batch_rows = 0;
  EXPECT_FALSE(RunSampleStream(&io, o).has_value());
}

}  // namespace
}  // namespace firn::ingest
