// The scheduler compacts beside a writer that keeps appending: every appended row is in the
// table exactly once, and no append ever lost its compare-and-swap to maintenance.
#include "firn/maintain/schedule/maintenance_scheduler.h"

#include <gtest/gtest.h>

#include <thread>

#include "firn/catalog/catalog_table_operations.h"
#include "firn/catalog/catalog_uri.h"
#include "firn/iceberg/commit/snapshot_update.h"
#include "firn/iceberg/data/parquet_schema.h"
#include "firn/iceberg/data/partitioned_writer.h"
#include "firn/iceberg/partition/partition_spec_parser.h"
#include "firn/iceberg/scan/table_scan.h"
#include "firn/iceberg/types/schema_ddl.h"
#include "firn/io/local_file_io.h"
#include "firn/io/tests/temp_dir.h"

namespace firn::maintain {
namespace {

using namespace std::chrono_literals;

TEST(MaintenanceSchedulerTest, CompactsBesideAWriterThatNeverLosesACommit) {
  io::testing::TempDir dir;
  io::LocalFileIO io;
  const catalog::CatalogConfig settings{.uri = "", .warehouse = dir.path() + "/wh"};
  auto catalog = catalog::OpenCatalog(settings, &io);
  ASSERT_TRUE(catalog) << catalog.error().ToString();
  ASSERT_TRUE((*catalog)->CreateNamespace(*catalog::Namespace::Parse("db"), {}));
  auto schema = iceberg::ParseSchemaDdl("id long not null, k int not null");
  auto spec = iceberg::ParsePartitionSpec("k", *schema, 0, {}, 999);
  const auto ident = *catalog::TableIdentifier::Parse("db.t");
  ASSERT_TRUE(catalog::CreateTable(**catalog, io, ident,
                                   {*schema, spec->spec, iceberg::SortOrder::Unsorted(), {}, "", 2}));

  CommitGate gate;
  MaintenanceSettings ms;
  ms.check_interval_ms = 20;
  ms.compaction_interval_ms = 150;
  ms.small_file_trigger = 3;
  ms.compaction.min_input_files = 2;
  std::atomic<int64_t> compactions{0};
  auto scheduler = MaintenanceScheduler::Start([&] { return catalog::OpenCatalog(settings, &io); }, io, &gate, ms,
                                               [&](const std::string&, const CompactionResult& r) {
                                                 compactions += r.commits;
                                               });
  scheduler->AddTable("db.t");

  // The writer: one small file per partition per commit, as ingest with short intervals.
  catalog::CatalogTableOperations ops(**catalog, io, ident);
  int64_t next_id = 0;
  int appends = 0, retried = 0;
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while ((compactions < 3 || appends < 20) && std::chrono::steady_clock::now() < deadline) {
    auto state = ops.Refresh();
    ASSERT_TRUE(state);
    const iceberg::TableMetadata& m = *state->metadata;
    auto pschema = iceberg::ToParquetSchema(m.CurrentSchema());
    auto w = iceberg::PartitionedWriter::Make(io, m.CurrentSchema(), *m.SpecById(m.default_spec_id),
                                              *iceberg::DataWriterOptionsFromTable(m, **pschema));
    parquet::RecordBatch b = parquet::MakeBatch(**pschema);
    for (int i = 0; i < 40; ++i, ++next_id) {
      b.columns[0].AppendValue<int64_t>(next_id);
      b.columns[1].AppendValue<int32_t>(static_cast<int32_t>(next_id % 2));
    }
    b.num_rows = 40;
    ASSERT_TRUE((*w)->Write(b));
    auto files = (*w)->Finish();
    ASSERT_TRUE(files);
    {
      IngestCommitScope scope(&gate);
      iceberg::SnapshotUpdate append(ops, iceberg::SnapshotOperation::kAppend);
      for (auto& f : *files) append.AddFile(std::move(f));
      append.SetSummaryProperty("firn.kafka.offsets.g", std::to_string(next_id));
      ASSERT_TRUE(append.Commit());
      retried += append.stats().attempts > 1;
    }
    ++appends;
    std::this_thread::sleep_for(10ms);
  }
  scheduler->Stop();
  ASSERT_GE(compactions.load(), 3) << "no compaction within the deadline";
  EXPECT_EQ(retried, 0);  // maintenance never made an append retry
  EXPECT_EQ(scheduler->stats().errors, 0);
  EXPECT_GT(gate.maintenance_commits(), 0);

  auto state = ops.Refresh();
  ASSERT_TRUE(state);
  EXPECT_EQ(state->metadata->CurrentSnapshot()->summary.at("firn.kafka.offsets.g"), std::to_string(next_id));
  auto scan = iceberg::TableScan::Make(io, *state->metadata, {});
  auto tasks = (*scan)->PlanFiles();
  ASSERT_TRUE(tasks);
  std::vector<int> seen(static_cast<size_t>(next_id), 0);
  for (const auto& t : *tasks) {
    auto batches = (*scan)->ReadTask(t);
    ASSERT_TRUE(batches);
    for (const auto& batch : *batches) {
      for (int64_t i = 0; i < batch.num_rows; ++i) ++seen[static_cast<size_t>(batch.columns[0].ValueAt<int64_t>(i))];
    }
  }
  for (int64_t id = 0; id < next_id; ++id) ASSERT_EQ(seen[static_cast<size_t>(id)], 1) << "id " << id;
  EXPECT_LT(static_cast<int>(tasks->size()), appends * 2);  // fewer files than were appended
}

}  // namespace
}  // namespace firn::maintain
