// The ingest pipeline end to end over the SQLite catalog in a temp dir: the file source,
// exactly-once by stored offsets (re-runs, growing files), the offset compare-and-set
// against a zombie writer, dead letters, and what a failed commit leaves behind.
#include "firn/ingest/pipeline/pipeline.h"

#include <gtest/gtest.h>

#include <fstream>

#include "firn/catalog/catalog_table_operations.h"
#include "firn/catalog/catalog_uri.h"
#include "firn/common/macros.h"
#include "firn/iceberg/commit/carried_state.h"
#include "firn/iceberg/types/schema_ddl.h"
#include "firn/ingest/offsets/stored_offsets.h"
#include "firn/ingest/pipeline/dead_letter.h"
#include "firn/ingest/source/file_source.h"
#include "firn/io/local_file_io.h"
#include "firn/io/tests/temp_dir.h"

namespace firn::ingest {
namespace {

// Every test runs with write-threads 0 (one thread) and 1 (write-behind).
class PipelineTest : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    auto c = catalog::OpenCatalog({.uri = "", .warehouse = dir_.path() + "/wh"}, &io_);
    ASSERT_TRUE(c) << c.error().ToString();
    catalog_ = std::move(*c);
    ASSERT_TRUE(catalog_->CreateNamespace(*catalog::Namespace::Parse("db"), {}));
    CreateTable("db.events");
  }

  void CreateTable(const std::string& name) {
    auto schema = iceberg::ParseSchemaDdl("id long not null, name string, ts timestamptz");
    ASSERT_TRUE(schema);
    catalog::NewTable t{*schema, iceberg::PartitionSpec{}, iceberg::SortOrder::Unsorted(), {}, "", 2};
    ASSERT_TRUE(catalog::CreateTable(*catalog_, io_, *catalog::TableIdentifier::Parse(name), t));
  }

  std::string WriteFile(const std::string& name, const std::string& text, bool append = false) {
    const std::string path = dir_.path() + "/" + name;
    std::ofstream f(path, append ? std::ios::app : std::ios::trunc);
    f << text;
    return path;
  }

  static std::string Lines(int from, int to) {
    std::string s;
    for (int i = from; i < to; ++i) {
      s += fmt::format(R"({{"id":{},"name":"n{}","ts":"2026-11-24T00:00:{:02}Z"}})", i, i, i % 60) + "\n";
    }
    return s;
  }

  Result<PipelineStats> RunFiles(const std::vector<std::string>& paths, PipelineOptions options = {},
                                 std::string table = "db.events") {
    FIRN_ASSIGN_OR_RETURN(auto source, FileSource::Make(paths));
    if (options.offsets_key.empty() && !(paths.size() == 1 && paths[0] == "-")) {
      options.offsets_key = std::string(kFileOffsetsKey);
    }
    FIRN_ASSIGN_OR_RETURN(Router router, Router::Make({.table = table}));
    options.write_threads = GetParam();
    FIRN_ASSIGN_OR_RETURN(auto p, Pipeline::Make(*catalog_, io_, *source, std::move(router), options));
    FIRN_RETURN_NOT_OK(p->Run());
    return p->stats();
  }

  // Total records in the table's current snapshot (0 without one).
  int64_t TotalRecords(const std::string& table) {
    catalog::CatalogTableOperations ops(*catalog_, io_, *catalog::TableIdentifier::Parse(table));
    auto state = ops.Refresh();
    EXPECT_TRUE(state) << state.error().ToString();
    const iceberg::Snapshot* s = state->metadata->CurrentSnapshot();
    if (s == nullptr) return 0;
    return std::stoll(s->summary.at("total-records"));
  }

  OffsetMap Stored(const std::string& table, const std::string& key) {
    catalog::CatalogTableOperations ops(*catalog_, io_, *catalog::TableIdentifier::Parse(table));
    auto state = ops.Refresh();
    auto stored = ReadStoredOffsets(*state->metadata, key);
    EXPECT_TRUE(stored) << stored.error().ToString();
    return stored->offsets;
  }

  io::testing::TempDir dir_;
  io::LocalFileIO io_;
  std::unique_ptr<catalog::Catalog> catalog_;
};

TEST_P(PipelineTest, FileIsIngestedOnceAndGrowthOnlyAppendsNewLines) {
  const std::string path = WriteFile("a.ndjson", Lines(0, 1000));
  auto first = RunFiles({path});
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(first->records_written, 1000);
  EXPECT_EQ(first->commits, 1);
  EXPECT_EQ(TotalRecords("db.events"), 1000);

  // Again: everything is already in the table.
  auto again = RunFiles({path});
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_EQ(again->records_written, 0);
  EXPECT_EQ(again->commits, 0);
  EXPECT_EQ(TotalRecords("db.events"), 1000);

  // The file grows: only the new lines.
  WriteFile("a.ndjson", Lines(1000, 1500), /*append=*/true);
  auto grown = RunFiles({path});
  ASSERT_TRUE(grown) << grown.error().ToString();
  EXPECT_EQ(grown->records_written, 500);
  EXPECT_EQ(TotalRecords("db.events"), 1500);

  char resolved[PATH_MAX];
  ASSERT_NE(::realpath(path.c_str(), resolved), nullptr);
  const OffsetMap stored = Stored("db.events", std::string(kFileOffsetsKey));
  const auto size = static_cast<int64_t>((Lines(0, 1500)).size());
  EXPECT_EQ(FindOffset(stored, resolved, KafkaPartition(0)), KafkaOffset(size));
}

TEST_P(PipelineTest, CommitsOnMaxRecordsAndNeverWritesEmptySnapshots) {
  const std::string path = WriteFile("a.ndjson", Lines(0, 2500));
  PipelineOptions options;
  options.commit_max_records = 1000;
  auto stats = RunFiles({path}, options);
  ASSERT_TRUE(stats) << stats.error().ToString();
  EXPECT_GE(stats->commits, 2);
  EXPECT_EQ(TotalRecords("db.events"), 2500);
  auto empty = RunFiles({WriteFile("empty.ndjson", "\n\n")});
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->commits, 0);
}

TEST_P(PipelineTest, BadRecordStopsWithToleranceNoneNamingTheRecord) {
  std::string text = Lines(0, 10) + R"({"id":"not a number"})" + "\n" + Lines(10, 20);
  const std::string path = WriteFile("bad.ndjson", text);
  auto stats = RunFiles({path});
  ASSERT_FALSE(stats);
  EXPECT_NE(stats.error().message().find("offset"), std::string::npos) << stats.error().message();
  EXPECT_NE(stats.error().message().find("'id'"), std::string::npos) << stats.error().message();
  EXPECT_EQ(TotalRecords("db.events"), 0);  // nothing committed
}

TEST_P(PipelineTest, DeadLettersPlusGoodRecordsEqualRecordsRead) {
  std::string text = Lines(0, 10) + "{broken json\n" + R"({"id":"x"})" + "\n" + Lines(10, 20);
  const std::string path = WriteFile("bad.ndjson", text);
  PipelineOptions options;
  options.errors = ErrorPolicy::kDeadLetter;
  auto stats = RunFiles({path}, options);
  ASSERT_TRUE(stats) << stats.error().ToString();
  EXPECT_EQ(stats->records_written, 20);
  EXPECT_EQ(stats->records_dead_lettered, 2);
  EXPECT_EQ(stats->records_read, stats->records_written + stats->records_dead_lettered);
  EXPECT_EQ(TotalRecords("db.events"), 20);
  EXPECT_EQ(TotalRecords("db.events__dlq"), 2);
  // A re-run repeats neither the good records nor the dead letters.
  auto again = RunFiles({path}, options);
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_EQ(TotalRecords("db.events"), 20);
  EXPECT_EQ(TotalRecords("db.events__dlq"), 2);
}

TEST_P(PipelineTest, MissingTableIsAClearError) {
  const std::string path = WriteFile("a.ndjson", Lines(0, 5));
  auto stats = RunFiles({path}, {}, "db.nope");
  ASSERT_FALSE(stats);
  EXPECT_NE(stats.error().message().find("db.nope"), std::string::npos) << stats.error().message();
}

// Two writers hold records of the same partition (a zombie that lost it in a rebalance,
// and its new owner). The second commit is refused and its files are deleted.
TEST_P(PipelineTest, ZombieCommitIsRefusedByTheOffsetCompareAndSet) {
  const std::string key = KafkaOffsetsKey("g");
  // Batches of 3 records: with write-behind, writes are in flight when the commits come.
  TaskPool pool(1);
  const TableSinkOptions so{.offsets_key = key, .batch_rows = 3, .write_pool = GetParam() > 0 ? &pool : nullptr};
  auto a = TableSink::Make(*catalog_, io_, *catalog::TableIdentifier::Parse("db.events"), so);
  auto b = TableSink::Make(*catalog_, io_, *catalog::TableIdentifier::Parse("db.events"), so);
  ASSERT_TRUE(a && b);
  const std::string lines = Lines(0, 10);
  std::vector<std::string> values;
  for (size_t pos = 0; pos < lines.size();) {
    const size_t nl = lines.find('\n', pos);
    values.push_back(lines.substr(pos, nl - pos));
    pos = nl + 1;
  }
  for (int i = 0; i < 10; ++i) {
    SourceRecord r{.topic = "t", .partition = KafkaPartition(0), .offset = KafkaOffset(i),
                   .next_offset = KafkaOffset(i + 1), .value = values[static_cast<size_t>(i)]};
    ASSERT_TRUE((*a)->Append(r));
    ASSERT_TRUE((*a)->FlushIfFull());
    ASSERT_TRUE((*b)->Append(r));
    ASSERT_TRUE((*b)->FlushIfFull());
  }
  const std::map<TopicPartition, KafkaOffset> positions{{{"t", KafkaPartition(0)}, KafkaOffset(10)}};
  auto won = (*b)->Commit(positions);
  ASSERT_TRUE(won) << won.error().ToString();
  ASSERT_TRUE(won->has_value());
  auto lost = (*a)->Commit(positions);
  ASSERT_FALSE(lost);
  EXPECT_EQ(lost.error().kind(), ErrorKind::kCommitConflict);
  EXPECT_NE(lost.error().message().find("t partition 0"), std::string::npos) << lost.error().message();
  EXPECT_EQ(TotalRecords("db.events"), 10);
  // The refused commit's data files are gone: only the winner's remain.
  auto files = io_.List(FilePath(dir_.path() + "/wh/db/events/data"));
  ASSERT_TRUE(files);
  EXPECT_EQ(files->size(), 1u);
  EXPECT_EQ(FindOffset(Stored("db.events", key), "t", KafkaPartition(0)), KafkaOffset(10));

  // A zombie that re-reads the table while it holds records (a cooperative rebalance
  // assigning it other partitions) must not adopt the new offset as its claim's start.
  auto c = TableSink::Make(*catalog_, io_, *catalog::TableIdentifier::Parse("db.events"), so);
  auto d = TableSink::Make(*catalog_, io_, *catalog::TableIdentifier::Parse("db.events"), so);
  ASSERT_TRUE(c && d);
  for (int i = 10; i < 12; ++i) {
    SourceRecord r{.topic = "t", .partition = KafkaPartition(0), .offset = KafkaOffset(i),
                   .next_offset = KafkaOffset(i + 1), .value = values[0]};
    ASSERT_TRUE((*c)->Append(r));
    ASSERT_TRUE((*d)->Append(r));
  }
  const std::map<TopicPartition, KafkaOffset> later{{{"t", KafkaPartition(0)}, KafkaOffset(12)}};
  ASSERT_TRUE((*d)->Commit(later));
  ASSERT_TRUE((*c)->Refresh());
  auto stale = (*c)->Commit(later);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().kind(), ErrorKind::kCommitConflict);
  EXPECT_EQ(TotalRecords("db.events"), 12);
}

// evolve-schema: a new field (top level and nested) becomes an optional column, and an int
// column widens to long, in the same commit as the data that needed it.
TEST_P(PipelineTest, SchemaEvolvesWithTheDataThatNeedsIt) {
  auto schema = iceberg::ParseSchemaDdl("id long, n int, device struct<os: string>");
  ASSERT_TRUE(schema);
  catalog::NewTable t{*schema, iceberg::PartitionSpec{}, iceberg::SortOrder::Unsorted(), {}, "", 2};
  ASSERT_TRUE(catalog::CreateTable(*catalog_, io_, *catalog::TableIdentifier::Parse("db.evolving"), t));
  const std::string path = WriteFile("e.ndjson",
                                     R"({"id":1,"n":5,"device":{"os":"ios"}})" "\n"
                                     R"({"id":2,"n":6,"color":"red","device":{"os":"android","version":"13"}})" "\n"
                                     R"({"id":3,"n":5000000000})" "\n");
  PipelineOptions options;
  options.evolve_schema = [](const std::string&) { return true; };
  auto stats = RunFiles({path}, options, "db.evolving");
  ASSERT_TRUE(stats) << stats.error().ToString();
  EXPECT_EQ(stats->records_written, 3);
  EXPECT_EQ(stats->commits, 1);  // the schema changes ride on the data commit
  catalog::CatalogTableOperations ops(*catalog_, io_, *catalog::TableIdentifier::Parse("db.evolving"));
  auto state = ops.Refresh();
  ASSERT_TRUE(state);
  const iceberg::Schema& now = state->metadata->CurrentSchema();
  ASSERT_NE(now.FindField("color"), nullptr);
  EXPECT_FALSE(now.FindField("color")->required);
  EXPECT_EQ(now.FindField("color")->type.id(), iceberg::TypeId::kString);
  ASSERT_NE(now.FindField("device.version"), nullptr);
  EXPECT_EQ(now.FindField("n")->type.id(), iceberg::TypeId::kLong);
  // Old columns keep their ids; the snapshot is written with the new schema.
  EXPECT_EQ(now.FindField("id")->id, schema->FindField("id")->id);
  EXPECT_EQ(state->metadata->CurrentSnapshot()->schema_id, now.schema_id());
  EXPECT_EQ(TotalRecords("db.evolving"), 3);
}

TEST_P(PipelineTest, WithoutEvolutionAnUnknownFieldIsIgnored) {
  const std::string path = WriteFile("u.ndjson", R"({"id":1,"name":"a","extra":true})" "\n");
  auto stats = RunFiles({path});
  ASSERT_TRUE(stats) << stats.error().ToString();
  EXPECT_EQ(stats->records_written, 1);
}

TEST_P(PipelineTest, MetadataColumnsNameTheSourcePosition) {
  auto schema = iceberg::ParseSchemaDdl(
      "id long, _kafka_topic string, _kafka_partition int, _kafka_offset long, _kafka_key binary");
  ASSERT_TRUE(schema);
  catalog::NewTable t{*schema, iceberg::PartitionSpec{}, iceberg::SortOrder::Unsorted(), {}, "", 2};
  ASSERT_TRUE(catalog::CreateTable(*catalog_, io_, *catalog::TableIdentifier::Parse("db.meta"), t));
  const std::string path = WriteFile("m.ndjson", "{\"id\":1}\n{\"id\":2,\"_kafka_offset\":99}\n");
  PipelineOptions options;
  options.metadata_columns = {MetadataColumn::kTopic, MetadataColumn::kPartition, MetadataColumn::kOffset,
                              MetadataColumn::kKey};
  auto stats = RunFiles({path}, options, "db.meta");
  ASSERT_TRUE(stats) << stats.error().ToString();
  EXPECT_EQ(TotalRecords("db.meta"), 2);
  // A table without the columns is a clear error at start.
  options.metadata_columns = {MetadataColumn::kTimestamp};
  auto missing = RunFiles({WriteFile("m2.ndjson", "{\"id\":3}\n")}, options, "db.meta");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message().find("_kafka_timestamp"), std::string::npos) << missing.error().message();
}

// Two tables get their first records of a partition in the same cycle; the process dies
// after the first one committed. The restart must go back to the cycle's start (the
// floor the first table stored), not to that table's offset, or the second table loses
// its records. (Found by tests/exactly_once/kill_test.py.)
TEST_P(PipelineTest, RestartGoesBackToTheFloorForTablesThatHoldNothingYet) {
  CreateTable("db.a");
  CreateTable("db.b");
  const std::string key = KafkaOffsetsKey("g");
  auto a = TableSink::Make(*catalog_, io_, *catalog::TableIdentifier::Parse("db.a"), {.offsets_key = key});
  ASSERT_TRUE(a);
  const std::string line = R"({"id":1,"name":"x","ts":"2026-11-24T00:00:00Z"})";
  for (int i = 0; i < 10; i += 2) {  // even offsets went to db.a; odd ones were pending in db.b
    SourceRecord r{.topic = "t", .partition = KafkaPartition(0), .offset = KafkaOffset(i),
                   .next_offset = KafkaOffset(i + 1), .value = line};
    ASSERT_TRUE((*a)->Append(r));
  }
  const TopicPartition tp{"t", KafkaPartition(0)};
  ASSERT_TRUE((*a)->Commit({{tp, KafkaOffset(10)}}, {{tp, KafkaOffset(0)}}));
  // ... and the process died before db.b committed. A new worker is assigned t/0:
  auto source = FileSource::Make({WriteFile("none.ndjson", "")});
  ASSERT_TRUE(source);
  auto router = Router::Make({.route_field = "kind", .rules = {{"a", "db.a"}, {"b", "db.b"}}});
  ASSERT_TRUE(router);
  auto p = Pipeline::Make(*catalog_, io_, **source, std::move(*router),
                          {.offsets_key = key, .write_threads = GetParam()});
  ASSERT_TRUE(p);
  auto starts = (*p)->OnAssigned({tp});
  ASSERT_TRUE(starts) << starts.error().ToString();
  ASSERT_EQ(starts->size(), 1u);
  EXPECT_EQ((*starts)[0], KafkaOffset(0));  // not 10: db.b's records 1..9 are read again
}

TEST_P(PipelineTest, StdinStoresNoOffsets) {
  // stdin has no stable identity: nothing is skipped and nothing is stored.
  const std::string path = WriteFile("a.ndjson", Lines(0, 3));
  PipelineOptions options;
  options.offsets_key = "";
  auto source = FileSource::Make({path});
  ASSERT_TRUE(source);
  auto router = Router::Make({.table = "db.events"});
  ASSERT_TRUE(router);
  options.write_threads = GetParam();
  auto p = Pipeline::Make(*catalog_, io_, **source, std::move(*router), options);
  ASSERT_TRUE(p);
  ASSERT_TRUE((*p)->Run());
  EXPECT_TRUE(Stored("db.events", std::string(kFileOffsetsKey)).empty());
  EXPECT_EQ(TotalRecords("db.events"), 3);
}

}  // namespace
// Maintenance carries these keys forward and expiry keeps their snapshots
// (iceberg/commit/carried_state.h): every key ingest stores must be one of them.
INSTANTIATE_TEST_SUITE_P(WriteThreads, PipelineTest, ::testing::Values(0, 1),
                         [](const ::testing::TestParamInfo<int>& info) { return "w" + std::to_string(info.param); });

TEST(StoredOffsetsKeysTest, AreCarriedStateForMaintenance) {
  EXPECT_TRUE(iceberg::IsCarriedStateKey(KafkaOffsetsKey("group-1")));
  EXPECT_TRUE(iceberg::IsCarriedStateKey(FloorsKey(KafkaOffsetsKey("group-1"))));
  EXPECT_TRUE(iceberg::IsCarriedStateKey(kFileOffsetsKey));
}

}  // namespace firn::ingest
