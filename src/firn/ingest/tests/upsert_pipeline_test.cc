// Upserts end to end through the pipeline (file source, SQLite catalog in a temp dir):
// a seeded stream of inserts, updates and deletes (keys repeated within a commit and
// across commits, deletes of keys that never existed, re-inserts) against an in-memory
// model, for an unpartitioned table, one partitioned by the key and one partitioned by a
// column outside the key (global equality deletes, rows moving between partitions).
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <random>

#include "firn/catalog/catalog_table_operations.h"
#include "firn/catalog/catalog_uri.h"
#include "firn/common/macros.h"
#include "firn/iceberg/metadata/table_metadata_builder.h"
#include "firn/iceberg/partition/partition_spec_parser.h"
#include "firn/iceberg/scan/scan_to_batches.h"
#include "firn/iceberg/types/schema_ddl.h"
#include "firn/ingest/offsets/stored_offsets.h"
#include "firn/ingest/pipeline/pipeline.h"
#include "firn/ingest/source/file_source.h"
#include "firn/io/local_file_io.h"
#include "firn/io/tests/temp_dir.h"

namespace firn::ingest {
namespace {

struct Row {
  std::string name;
  std::string region;
  bool operator==(const Row&) const = default;
};
using Model = std::map<int64_t, Row>;

class UpsertPipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = catalog::OpenCatalog({.uri = "", .warehouse = dir_.path() + "/wh"}, &io_);
    ASSERT_TRUE(c) << c.error().ToString();
    catalog_ = std::move(*c);
    ASSERT_TRUE(catalog_->CreateNamespace(*catalog::Namespace::Parse("db"), {}));
  }

  void CreateTable(const std::string& name, const std::string& partition_by) {
    auto schema = iceberg::ParseSchemaDdl("id long not null, name string, region string");
    ASSERT_TRUE(schema);
    auto keyed = iceberg::Schema::Make(0, schema->fields(), {FieldId(1)});
    ASSERT_TRUE(keyed) << keyed.error().ToString();
    auto spec = iceberg::ParsePartitionSpec(partition_by, *keyed, 0, {}, 999);
    ASSERT_TRUE(spec) << spec.error().ToString();
    catalog::NewTable t{*keyed, spec->spec, iceberg::SortOrder::Unsorted(), {}, "", 2};
    ASSERT_TRUE(catalog::CreateTable(*catalog_, io_, *catalog::TableIdentifier::Parse(name), t));
  }

  std::string WriteFile(const std::string& name, const std::string& text) {
    const std::string path = dir_.path() + "/" + name;
    std::ofstream(path) << text;
    return path;
  }

  // `batch_rows`: rows decoded before they go to the writer; small batches make a key
  // change again in a later batch of the same commit (position deletes).
  Result<PipelineStats> Run(const std::string& path, const std::string& table, int64_t max_records,
                            CdcFormat format = CdcFormat::kField, int64_t batch_rows = 16 * 1024,
                            int64_t memory_budget = 512LL << 20) {
    FIRN_ASSIGN_OR_RETURN(auto source, FileSource::Make({path}));
    PipelineOptions options;
    options.memory_budget_bytes = memory_budget;
    options.offsets_key = std::string(kFileOffsetsKey);
    options.commit_max_records = max_records;
    options.configure_upsert = [format, batch_rows](const std::string&, TableSinkOptions* o) {
      o->upsert = true;
      o->batch_rows = batch_rows;
      o->cdc.format = format;
      if (format == CdcFormat::kField) o->cdc.field = "op";
    };
    FIRN_ASSIGN_OR_RETURN(Router router, Router::Make({.table = table}));
    FIRN_ASSIGN_OR_RETURN(auto p, Pipeline::Make(*catalog_, io_, *source, std::move(router), options));
    FIRN_RETURN_NOT_OK(p->Run());
    return p->stats();
  }

  Model Scan(const std::string& table) {
    catalog::CatalogTableOperations ops(*catalog_, io_, *catalog::TableIdentifier::Parse(table));
    auto state = ops.Refresh();
    EXPECT_TRUE(state) << state.error().ToString();
    Model rows;
    if (!state || state->metadata->CurrentSnapshot() == nullptr) return rows;
    auto scan = iceberg::ScanToBatches(io_, *state->metadata, {});
    EXPECT_TRUE(scan) << scan.error().ToString();
    if (!scan) return rows;
    for (const parquet::RecordBatch& b : scan->batches) {
      for (int64_t i = 0; i < b.num_rows; ++i) {
        const int64_t id = b.columns[0].ValueAt<int64_t>(i);
        Row r{std::string(b.columns[1].BytesAt(i)), std::string(b.columns[2].BytesAt(i))};
        EXPECT_FALSE(rows.contains(id)) << "key " << id << " appears twice";
        rows[id] = std::move(r);
      }
    }
    return rows;
  }

  std::map<std::string, std::string> Summary(const std::string& table) {
    catalog::CatalogTableOperations ops(*catalog_, io_, *catalog::TableIdentifier::Parse(table));
    auto state = ops.Refresh();
    return state->metadata->CurrentSnapshot()->summary;
  }

  io::testing::TempDir dir_;
  io::LocalFileIO io_;
  std::unique_ptr<catalog::Catalog> catalog_;
};

// A seeded change stream over `keys` keys and the model it leaves.
std::string Changes(uint32_t seed, int events, int keys, Model* model) {
  std::mt19937 rng(seed);
  std::string out;
  for (int i = 0; i < events; ++i) {
    const int64_t id = std::uniform_int_distribution<int>(0, keys - 1)(rng);
    const int what = std::uniform_int_distribution<int>(0, 9)(rng);
    if (what < 3) {
      // Deletes: of live keys and of keys that never existed (ids >= keys).
      const int64_t victim = what == 0 ? keys + id : id;
      out += fmt::format(R"({{"op":"D","id":{}}})", victim) + "\n";
      model->erase(victim);
    } else {
      Row r{fmt::format("n{}-{}", id, i), fmt::format("r{}", (id + i) % 3)};
      out += fmt::format(R"({{"op":"{}","id":{},"name":"{}","region":"{}"}})", what < 6 ? "I" : "U", id, r.name,
                         r.region) + "\n";
      (*model)[id] = r;
    }
  }
  return out;
}

class UpsertModelTest : public UpsertPipelineTest, public ::testing::WithParamInterface<std::string> {};

TEST_P(UpsertModelTest, TableEqualsTheModelAfterEveryRun) {
  CreateTable("db.t", GetParam());
  Model model;
  for (uint32_t seed = 1; seed <= 12; ++seed) {
    SCOPED_TRACE(fmt::format("spec '{}', seed {}", GetParam(), seed));
    // Each seed continues the same table: the first seed's rows are earlier commits for
    // the second. Commits every 1..40 records, so keys repeat within and across commits.
    const std::string path = WriteFile(fmt::format("changes-{}.ndjson", seed), Changes(seed, 300, 40, &model));
    // Odd seeds decode 1..5 records per batch: keys change again in later batches of the
    // same commit, and those rows are removed by position.
    const int64_t batch_rows = seed % 2 == 1 ? 1 + seed % 5 : 16 * 1024;
    auto stats = Run(path, "db.t", 1 + static_cast<int64_t>(seed * 7 % 40), CdcFormat::kField, batch_rows);
    ASSERT_TRUE(stats) << stats.error().ToString();
    EXPECT_EQ(stats->records_written, 300);
    ASSERT_EQ(Scan("db.t"), model);
  }
  // The odd seeds did replace rows within a commit.
  EXPECT_NE(Summary("db.t").at("total-position-deletes"), "0");
}

// The key index of a commit is freed only by the commit: past half the memory budget the
// commit comes early, whatever commit.max-records says.
TEST_F(UpsertPipelineTest, KeyIndexPastHalfTheBudgetCommitsEarly) {
  CreateTable("db.t", "");
  Model model;
  // 30,000 changes over 2,000 keys (four polls of the file source), one commit by the
  // settings (no max-records); the index of 2,000 keys is past half of a 64 KiB budget.
  // The budget is checked after each poll, so the commit comes at the end of the next.
  const std::string path = WriteFile("m.ndjson", Changes(7, 30000, 2000, &model));
  auto stats = Run(path, "db.t", 0, CdcFormat::kField, 50, 64 << 10);
  ASSERT_TRUE(stats) << stats.error().ToString();
  EXPECT_GE(stats->commits, 2);
  EXPECT_EQ(Scan("db.t"), model);
}

// A partitioned equality delete applies only to data files of its own spec. After the
// table's spec changes, rows written under the old spec must still be replaced: deletes
// are then written unpartitioned.
TEST_F(UpsertPipelineTest, DeletesReachRowsWrittenUnderAnEarlierPartitionSpec) {
  CreateTable("db.t", "");
  Model model;
  ASSERT_TRUE(Run(WriteFile("a.ndjson", Changes(1, 300, 40, &model)), "db.t", 50));
  ASSERT_EQ(Scan("db.t"), model);
  {
    catalog::CatalogTableOperations ops(*catalog_, io_, *catalog::TableIdentifier::Parse("db.t"));
    auto state = ops.Refresh();
    ASSERT_TRUE(state);
    const iceberg::TableMetadata& m = *state->metadata;
    auto spec = iceberg::ParsePartitionSpec("bucket(2, id)", m.CurrentSchema(), 1, m.partition_specs,
                                            m.last_partition_id);
    ASSERT_TRUE(spec) << spec.error().ToString();
    iceberg::TableMetadataBuilder b(m, state->metadata_location);
    b.SetDefaultSpec(b.AddPartitionSpec(spec->spec));
    auto built = std::move(b).Build(m.last_updated_ms + 1);
    ASSERT_TRUE(built) << built.error().ToString();
    ASSERT_TRUE(ops.Commit(*state, *built));
  }
  for (uint32_t seed = 2; seed <= 4; ++seed) {
    SCOPED_TRACE(seed);
    auto stats = Run(WriteFile(fmt::format("b{}.ndjson", seed), Changes(seed, 300, 40, &model)), "db.t", 60);
    ASSERT_TRUE(stats) << stats.error().ToString();
    ASSERT_EQ(Scan("db.t"), model);
  }
}

INSTANTIATE_TEST_SUITE_P(Specs, UpsertModelTest,
                         ::testing::Values("", "bucket(4, id)", "region"),
                         [](const auto& info) {
                           return info.param.empty() ? std::string("unpartitioned")
                                  : info.param == "region" ? std::string("by_region")
                                                           : std::string("by_key_bucket");
                         });

TEST_F(UpsertPipelineTest, SameKeyTwiceInOneCommitKeepsTheLastAndWritesDeletes) {
  CreateTable("db.t", "");
  const std::string first = WriteFile("a.ndjson",
                                      R"({"op":"I","id":1,"name":"a","region":"x"})" "\n"
                                      R"({"op":"I","id":2,"name":"b","region":"x"})" "\n");
  ASSERT_TRUE(Run(first, "db.t", 0));
  EXPECT_EQ(Summary("db.t").at("total-data-files"), "1");
  // One commit replaces key 1 twice (the second write needs a position delete if the
  // first one reached a file; within one batch it is never written) and deletes key 2 and
  // a key that never existed.
  const std::string second = WriteFile("b.ndjson",
                                       R"({"op":"U","id":1,"name":"a2","region":"x"})" "\n"
                                       R"({"op":"U","id":1,"name":"a3","region":"y"})" "\n"
                                       R"({"op":"D","id":2})" "\n"
                                       R"({"op":"D","id":99})" "\n");
  auto stats = Run(second, "db.t", 0);
  ASSERT_TRUE(stats) << stats.error().ToString();
  EXPECT_EQ(Scan("db.t"), (Model{{1, {"a3", "y"}}}));
  const auto summary = Summary("db.t");
  EXPECT_EQ(summary.at("total-records"), "3");           // 2 rows of the first commit + a3
  EXPECT_EQ(summary.at("added-equality-deletes"), "3");  // keys 1, 2 and 99
  // Every key's first change in a commit deletes it from earlier commits, the first
  // commit's keys 1 and 2 included (firn does not assume an empty table stays empty:
  // Debezium delivers at least once and may repeat a "c").
  EXPECT_EQ(summary.at("total-equality-deletes"), "5");
}

TEST_F(UpsertPipelineTest, DebeziumEnvelopesWithDeletesAndTombstones) {
  CreateTable("db.t", "bucket(2, id)");
  const std::string path = WriteFile(
      "d.ndjson",
      R"({"before":null,"after":{"id":1,"name":"a","region":"x"},"op":"c","source":{"ts_ms":1764000000000}})" "\n"
      R"({"before":null,"after":{"id":2,"name":"b","region":"x"},"op":"r","source":{"ts_ms":1764000000001}})" "\n"
      R"({"before":{"id":1,"name":"a","region":"x"},"after":{"id":1,"name":"a2","region":"z"},"op":"u","source":{"ts_ms":1764000000002}})" "\n"
      R"({"before":{"id":2,"name":null,"region":null},"after":null,"op":"d","source":{"ts_ms":1764000000003}})" "\n"
      "null\n"
      R"({"schema":{"type":"struct"},"payload":{"before":null,"after":{"id":3,"name":"c","region":"y"},"op":"c","source":{"ts_ms":1764000000004}}})" "\n");
  auto stats = Run(path, "db.t", 0, CdcFormat::kDebezium);
  ASSERT_TRUE(stats) << stats.error().ToString();
  EXPECT_EQ(Scan("db.t"), (Model{{1, {"a2", "z"}}, {3, {"c", "y"}}}));
  // The watermark is the database's commit time of the newest change.
  EXPECT_EQ(Summary("db.t").at("firn.watermark.event-time-ms"), "1764000000004");
}

TEST_F(UpsertPipelineTest, UpsertWithoutAKeyIsAClearError) {
  auto schema = iceberg::ParseSchemaDdl("id long not null, name string, region string");
  ASSERT_TRUE(schema);
  catalog::NewTable t{*schema, iceberg::PartitionSpec{}, iceberg::SortOrder::Unsorted(), {}, "", 2};
  ASSERT_TRUE(catalog::CreateTable(*catalog_, io_, *catalog::TableIdentifier::Parse("db.nokey"), t));
  const std::string path = WriteFile("k.ndjson", R"({"op":"I","id":1,"name":"a","region":"x"})" "\n");
  auto stats = Run(path, "db.nokey", 0);
  ASSERT_FALSE(stats);
  EXPECT_NE(stats.error().message().find("needs a key"), std::string::npos) << stats.error().ToString();
}

}  // namespace
}  // namespace firn::ingest
