// Write-behind (PipelineOptions::write_threads): batches written on a pool thread while the
// next is decoded commit exactly the records read, with commits falling while writes are in
// flight; a write that fails there stops the run (never dead-letters a record), commits
// nothing, leaves no data file, and a re-run then writes every record once.
#include <gtest/gtest.h>

#include <fstream>

#include "firn/catalog/catalog_table_operations.h"
#include "firn/catalog/filesystem/filesystem_catalog.h"
#include "firn/common/macros.h"
#include "firn/iceberg/scan/scan_to_batches.h"
#include "firn/iceberg/types/schema_ddl.h"
#include "firn/ingest/offsets/stored_offsets.h"
#include "firn/ingest/pipeline/pipeline.h"
#include "firn/ingest/source/file_source.h"
#include "firn/io/fault_injecting_file_io.h"
#include "firn/io/tests/temp_dir.h"

namespace firn::ingest {
namespace {

using io::FaultMode;
using io::FaultOp;

constexpr int kRecords = 100'000;

class WriteBehindTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = catalog::FilesystemCatalog::Make("/wh", &io_);
    ASSERT_TRUE(c) << c.error().ToString();
    catalog_ = std::move(*c);
    ASSERT_TRUE(catalog_->CreateNamespace(*catalog::Namespace::Parse("db"), {}));
    auto schema = iceberg::ParseSchemaDdl("id long not null, name string, ts timestamptz");
    ASSERT_TRUE(schema);
    // Small files: they roll (finish, fsync, rename) inside the batches' writes, on the
    // pool thread.
    catalog::NewTable t{*schema, iceberg::PartitionSpec{}, iceberg::SortOrder::Unsorted(),
                        {{"write.target-file-size-bytes", "65536"}}, "", 2};
    ASSERT_TRUE(catalog::CreateTable(*catalog_, io_, *catalog::TableIdentifier::Parse("db.events"), t));
    path_ = dir_.path() + "/events.ndjson";
    std::ofstream f(path_);
    for (int i = 0; i < kRecords; ++i) {
      f << fmt::format(R"({{"id":{},"name":"name-{}","ts":"2026-12-02T10:{:02}:{:02}.{:06}Z"}})", i, i * 7919 % 100'003,
                       i / 60 % 60, i % 60, i)
        << "\n";
    }
  }

  Result<PipelineStats> Run(PipelineOptions options) {
    FIRN_ASSIGN_OR_RETURN(auto source, FileSource::Make({path_}));
    options.offsets_key = std::string(kFileOffsetsKey);
    FIRN_ASSIGN_OR_RETURN(Router router, Router::Make({.table = "db.events"}));
    FIRN_ASSIGN_OR_RETURN(auto p, Pipeline::Make(*catalog_, io_, *source, std::move(router), options));
    FIRN_RETURN_NOT_OK(p->Run());
    return p->stats();
  }

  // Every id in the table's current snapshot, sorted (duplicates kept).
  std::vector<int64_t> Ids() {
    catalog::CatalogTableOperations ops(*catalog_, io_, *catalog::TableIdentifier::Parse("db.events"));
    auto state = ops.Refresh();
    EXPECT_TRUE(state) << state.error().ToString();
    std::vector<int64_t> ids;
    if (!state || state->metadata->CurrentSnapshot() == nullptr) return ids;
    auto scan = iceberg::ScanToBatches(io_, *state->metadata, {});
    EXPECT_TRUE(scan) << scan.error().ToString();
    if (!scan) return ids;
    for (const parquet::RecordBatch& b : scan->batches) {
      for (int64_t i = 0; i < b.num_rows; ++i) ids.push_back(b.columns[0].ValueAt<int64_t>(i));
    }
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  static std::vector<int64_t> AllIds() {
    std::vector<int64_t> ids(kRecords);
    for (int i = 0; i < kRecords; ++i) ids[static_cast<size_t>(i)] = i;
    return ids;
  }

  int ParquetFiles() {
    auto files = io_.List(FilePath("/wh/db/events/data"));
    int n = 0;
    if (files) {
      for (const auto& f : *files) n += f.path.value().ends_with(".parquet") ? 1 : 0;
    }
    return n;
  }

  io::testing::TempDir dir_;
  io::FaultInjectingFileIO io_;
  std::unique_ptr<catalog::Catalog> catalog_;
  std::string path_;
};

TEST_F(WriteBehindTest, CommitsExactlyTheRecordsReadWithCommitsWhileWritesAreInFlight) {
  PipelineOptions options;
  options.write_threads = 1;
  options.commit_max_records = 23'456;  // not a multiple of the batch (16,384 rows)
  auto stats = Run(options);
  ASSERT_TRUE(stats) << stats.error().ToString();
  EXPECT_EQ(stats->records_written, kRecords);
  EXPECT_EQ(stats->commits, 5);
  EXPECT_GT(stats->files_committed, stats->commits);  // files rolled inside the background writes
  EXPECT_EQ(Ids(), AllIds());
}

// With write-threads 1 the failure happens on the pool thread; with 0 on the ingest
// thread. Either way the run stops with the disk's error, not a dead letter.
class WriteFailureTest : public WriteBehindTest, public ::testing::WithParamInterface<int> {};

TEST_P(WriteFailureTest, AFailedWriteStopsTheRunCommitsNothingAndLosesNothing) {
  // The second file's creation fails: it happens when the first file rolls, inside a
  // batch's write. Bad records are dead-lettered in this run: a disk error must not be
  // taken for one.
  io_.InjectFault(FaultOp::kCreate, 2, FaultMode::kPersistent);
  PipelineOptions options;
  options.write_threads = GetParam();
  options.errors = ErrorPolicy::kDeadLetter;
  auto failed = Run(options);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().kind(), ErrorKind::kIOError) << failed.error().ToString();
  EXPECT_NE(failed.error().message().find("injected fault"), std::string::npos) << failed.error().ToString();
  if (GetParam() > 0) {  // the pool's context
    EXPECT_NE(failed.error().message().find("writing a batch of 16384 records"), std::string::npos)
        << failed.error().ToString();
  }
  EXPECT_TRUE(Ids().empty());    // nothing committed
  EXPECT_EQ(ParquetFiles(), 0);  // and nothing left behind
  auto dlq = catalog_->LoadTable(*catalog::TableIdentifier::Parse("db.events__dlq"));
  EXPECT_FALSE(dlq) << "a disk error was dead-lettered";

  io_.ClearFaults();
  auto again = Run(options);
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_EQ(again->records_dead_lettered, 0);
  EXPECT_EQ(Ids(), AllIds());
}

INSTANTIATE_TEST_SUITE_P(WriteThreads, WriteFailureTest, ::testing::Values(0, 1),
                         [](const ::testing::TestParamInfo<int>& info) { return "w" + std::to_string(info.param); });

}  // namespace
}  // namespace firn::ingest
