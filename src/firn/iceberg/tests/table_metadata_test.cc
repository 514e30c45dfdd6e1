// Table metadata: JSON round trips, metadata written by other engines, the builder's rules.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "firn/iceberg/metadata/table_metadata_builder.h"
#include "firn/iceberg/metadata/table_metadata_json.h"
#include "firn/iceberg/partition/partition_spec_parser.h"
#include "firn/iceberg/types/schema_json.h"

namespace firn::iceberg {
namespace {

namespace fs = std::filesystem;

std::string ReadText(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Schema TestSchema() {
  auto s = SchemaFromJsonString(R"({"type":"struct","schema-id":0,"fields":[
    {"id":1,"name":"id","required":true,"type":"long"},
    {"id":2,"name":"ts","required":false,"type":"timestamptz"},
    {"id":3,"name":"country","required":false,"type":"string"}]})");
  EXPECT_TRUE(s.has_value()) << s.error().ToString();
  return *s;
}

TableMetadata NewTestTable() {
  PartitionSpec spec;
  spec.fields.push_back(PartitionField{FieldId(2), FieldId(0), "ts_day", *Transform::Parse("day")});
  auto m = NewTableMetadata(TestSchema(), spec, SortOrder::Unsorted(), "/wh/db/t/", {{"k", "v"}}, 1000);
  EXPECT_TRUE(m.has_value()) << m.error().ToString();
  return *m;
}

Snapshot MakeSnapshot(const TableMetadata& base, int64_t ts) {
  Snapshot s;
  s.snapshot_id = NewSnapshotId();
  s.parent_snapshot_id = base.current_snapshot_id;
  s.sequence_number = SequenceNumber(base.last_sequence_number.value() + 1);
  s.timestamp_ms = ts;
  s.manifest_list = base.location + "/metadata/snap.avro";
  s.summary = {{"added-data-files", "1"}};
  s.schema_id = base.current_schema_id;
  return s;
}

TEST(TableMetadataTest, NewTableAssignsIdsAndRoundTrips) {
  TableMetadata m = NewTestTable();
  EXPECT_EQ(m.location, "/wh/db/t");
  EXPECT_EQ(m.table_uuid.size(), 36u);
  EXPECT_EQ(m.table_uuid[14], '4');
  EXPECT_EQ(m.last_column_id, 3);
  ASSERT_EQ(m.partition_specs.size(), 1u);
  EXPECT_EQ(m.partition_specs[0].fields[0].field_id, FieldId(1000));
  EXPECT_EQ(m.last_partition_id, 1000);
  EXPECT_FALSE(m.current_snapshot_id.has_value());
  std::string json = TableMetadataToJson(m);
  EXPECT_NE(json.find("\"current-snapshot-id\":-1"), std::string::npos);
  auto back = TableMetadataFromJson(json);
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  EXPECT_EQ(*back, m);
}

TEST(TableMetadataTest, SnapshotsAdvanceSequenceNumbersAndLogs) {
  TableMetadata m = NewTestTable();
  const std::string loc0 = "/wh/db/t/metadata/00000-a.metadata.json";
  Snapshot s1 = MakeSnapshot(m, 2000);
  TableMetadataBuilder b(m, loc0);
  b.AddSnapshot(s1).SetBranchSnapshot(kMainBranch, s1.snapshot_id);
  auto m1 = std::move(b).Build(2000);
  ASSERT_TRUE(m1.has_value()) << m1.error().ToString();
  EXPECT_EQ(m1->last_sequence_number, SequenceNumber(1));
  EXPECT_EQ(m1->current_snapshot_id, s1.snapshot_id);
  ASSERT_EQ(m1->snapshot_log.size(), 1u);
  ASSERT_EQ(m1->metadata_log.size(), 1u);
  EXPECT_EQ(m1->metadata_log[0].metadata_file, loc0);
  EXPECT_EQ(m1->metadata_log[0].timestamp_ms, 1000);
  EXPECT_EQ(m1->refs.at("main").snapshot_id, s1.snapshot_id);

  // A snapshot built on a stale base carries the wrong sequence number: a conflict.
  TableMetadataBuilder stale(*m1, "x");
  stale.AddSnapshot(MakeSnapshot(m, 2100));
  auto bad = std::move(stale).Build(2100);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().kind(), ErrorKind::kCommitConflict);

  auto back = TableMetadataFromJson(TableMetadataToJson(*m1));
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  EXPECT_EQ(*back, *m1);
  auto asof = back->SnapshotAsOf(2500);
  ASSERT_TRUE(asof.has_value());
  EXPECT_EQ((*asof)->snapshot_id, s1.snapshot_id);
  EXPECT_FALSE(back->SnapshotAsOf(1500).has_value());
}

TEST(TableMetadataTest, MetadataLogIsTrimmedToPreviousVersionsMax) {
  TableMetadata m = NewTestTable();
  {
    TableMetadataBuilder b(m, std::nullopt);
    b.SetProperties({{"write.metadata.previous-versions-max", "2"}});
    m = *std::move(b).Build(1000);
  }
  std::optional<std::string> loc;
  std::vector<std::string> dropped;
  for (int i = 0; i < 5; ++i) {
    TableMetadataBuilder b(m, loc);
    b.SetProperties({{"n", std::to_string(i)}});
    TableMetadata next = *std::move(b).Build(2000 + i);
    auto d = MetadataFilesDroppedFromLog(m, loc, next);
    dropped.insert(dropped.end(), d.begin(), d.end());
    m = next;
    loc = "v" + std::to_string(i);
  }
  ASSERT_EQ(m.metadata_log.size(), 2u);
  EXPECT_EQ(m.metadata_log[0].metadata_file, "v2");
  EXPECT_EQ(m.metadata_log[1].metadata_file, "v3");
  EXPECT_EQ(dropped, (std::vector<std::string>{"v0", "v1"}));
}

TEST(TableMetadataTest, SchemaAndSpecEvolutionReuseEqualEntries) {
  TableMetadata m = NewTestTable();
  TableMetadataBuilder b(m, std::nullopt);
  EXPECT_EQ(b.AddSchema(TestSchema(), 3), 0);
  auto wider = SchemaFromJsonString(R"({"type":"struct","schema-id":7,"fields":[
    {"id":1,"name":"id","required":true,"type":"long"},
    {"id":2,"name":"ts","required":false,"type":"timestamptz"},
    {"id":3,"name":"country","required":false,"type":"string"},
    {"id":4,"name":"extra","required":false,"type":"int"}]})");
  ASSERT_TRUE(wider.has_value());
  int32_t id = b.AddSchema(*wider, 4);
  EXPECT_EQ(id, 1);
  b.SetCurrentSchema(id);
  PartitionSpec spec2;
  spec2.fields.push_back(PartitionField{FieldId(4), FieldId(1001), "extra", *Transform::Parse("identity")});
  EXPECT_EQ(b.AddPartitionSpec(spec2), 1);
  b.SetDefaultSpec(1);
  auto out = std::move(b).Build(5000);
  ASSERT_TRUE(out.has_value()) << out.error().ToString();
  EXPECT_EQ(out->last_column_id, 4);
  EXPECT_EQ(out->last_partition_id, 1001);
  EXPECT_EQ(out->CurrentSchema().fields().size(), 4u);

  TableMetadataBuilder bad(*out, std::nullopt);
  bad.AddSchema(*wider, 2);  // last-column-id may not go down
  EXPECT_FALSE(std::move(bad).Build(6000).has_value());
}

TEST(TableMetadataTest, RejectsDamagedMetadata) {
  std::string good = TableMetadataToJson(NewTestTable());
  EXPECT_FALSE(TableMetadataFromJson("").has_value());
  EXPECT_FALSE(TableMetadataFromJson("{}").has_value());
  for (size_t n = 0; n < good.size(); n += 7) {
    EXPECT_FALSE(TableMetadataFromJson(good.substr(0, n)).has_value()) << n;
  }
  auto replace = [&](std::string from, std::string to) {
    std::string s = good;
    size_t at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    s.replace(at, from.size(), to);
    return TableMetadataFromJson(s);
  };
  auto r = replace("\"current-schema-id\":0", "\"current-schema-id\":9");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message().find("current-schema-id 9"), std::string::npos) << r.error().ToString();
  r = replace("\"format-version\":2", "\"format-version\":4");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind(), ErrorKind::kNotSupported);
  r = replace("\"last-column-id\":3", "\"last-column-id\":\"3\"");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message().find("last-column-id"), std::string::npos) << r.error().ToString();
}

#ifdef FIRN_SHARED_ICEBERG_FIXTURES
TEST(TableMetadataTest, ReadsEveryFixtureMetadataFile) {
  fs::path root(FIRN_SHARED_ICEBERG_FIXTURES);
  if (!fs::exists(root)) GTEST_SKIP() << "no fixtures at " << root;
  int files = 0;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    std::string name = e.path().filename().string();
    if (!name.ends_with(".metadata.json")) continue;
    std::string text = ReadText(e.path());
    auto m = TableMetadataFromJson(text);
    ASSERT_TRUE(m.has_value()) << e.path() << ": " << m.error().ToString();
    EXPECT_EQ(m->format_version, 2) << e.path();
    EXPECT_FALSE(m->location.empty());
    if (m->current_snapshot_id) {
      EXPECT_NE(m->CurrentSnapshot(), nullptr) << e.path();
    }
    auto back = TableMetadataFromJson(TableMetadataToJson(*m));
    ASSERT_TRUE(back.has_value()) << e.path() << ": " << back.error().ToString();
    EXPECT_EQ(*back, *m) << e.path();
    ++files;
  }
  EXPECT_GE(files, 9);
}

TEST(TableMetadataTest, FixtureCurrentSnapshotMatchesFixtureJson) {
  fs::path root(FIRN_SHARED_ICEBERG_FIXTURES);
  if (!fs::exists(root)) GTEST_SKIP() << "no fixtures at " << root;
  fs::path f = root / "spark-rename-column";
  auto doc = JsonDocument::Parse(ReadText(f / "fixture.json"));
  ASSERT_TRUE(doc.has_value());
  auto obj = (*doc)->root().AsObject();
  std::string metadata_file(*obj->GetString("metadata_file"));
  std::string current(*obj->GetString("current_snapshot_id"));
  auto m = TableMetadataFromJson(ReadText(f / metadata_file));
  ASSERT_TRUE(m.has_value()) << m.error().ToString();
  ASSERT_TRUE(m->current_snapshot_id.has_value());
  EXPECT_EQ(std::to_string(m->current_snapshot_id->value()), current);
  EXPECT_EQ(m->CurrentSchema().schema_id(), 1);
  EXPECT_NE(m->CurrentSchema().FindField("event_date"), nullptr);
}
#endif

}  // namespace
}  // namespace firn::iceberg
