// A table for health tests: db.events in a filesystem catalog under a temp directory,
// partitioned by identity(region), with a 1 MiB target file size (so min-file-size is
// 768 KiB). Commits go through the real commit path (SnapshotUpdate) with the snapshot
// time under the test's control.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "firn/catalog/catalog_table_operations.h"
#include "firn/catalog/filesystem/filesystem_catalog.h"
#include "firn/iceberg/commit/snapshot_update.h"
#include "firn/iceberg/types/schema_json.h"
#include "firn/io/local_file_io.h"
#include "firn/io/tests/temp_dir.h"

namespace firn::observe::testing {

inline constexpr int64_t kHour = 3'600'000;
inline constexpr int64_t kTarget = 1 << 20;

class HealthTable {
 public:
  HealthTable() {
    auto catalog = catalog::FilesystemCatalog::Make(dir_.path() + "/wh", &io_);
    EXPECT_TRUE(catalog.has_value()) << catalog.error().ToString();
    catalog_ = std::move(*catalog);
    EXPECT_TRUE(catalog_->CreateNamespace(*catalog::Namespace::Parse("db"), {}).has_value());
    auto schema = iceberg::SchemaFromJsonString(R"({"type":"struct","schema-id":0,"fields":[
      {"id":1,"name":"id","required":true,"type":"long"},
      {"id":2,"name":"region","required":false,"type":"string"}]})");
    iceberg::PartitionSpec spec;
    spec.fields.push_back(iceberg::PartitionField{FieldId(2), FieldId(1000), "region",
                                                  *iceberg::Transform::Parse("identity")});
    catalog::NewTable t{*schema,
                        spec,
                        iceberg::SortOrder::Unsorted(),
                        {{"write.target-file-size-bytes", std::to_string(kTarget)}}};
    auto created = catalog::CreateTable(*catalog_, io_, ident_, t);
    EXPECT_TRUE(created.has_value()) << created.error().ToString();
  }

  // A time on an hour boundary after the table's creation (snapshot times never go back
  // before the metadata's last-updated-ms), so tests place commits freely after it.
  static int64_t T0() {
    const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    return (now / kHour + 48) * kHour;
  }

  static iceberg::DataFile File(
      const std::string& name, const std::string& region, int64_t bytes, int64_t rows = 10,
      iceberg::DataFileContent content = iceberg::DataFileContent::kData) {
    iceberg::DataFile f;
    f.content = content;
    f.file_path = "/data/" + name + ".parquet";
    f.partition = {iceberg::Literal::String(region)};
    f.file_size_in_bytes = bytes;
    f.record_count = rows;
    if (content == iceberg::DataFileContent::kEqualityDeletes) f.equality_ids = {1};
    return f;
  }

  iceberg::TableState Commit(int64_t at_ms, std::vector<iceberg::DataFile> add,
                             std::map<std::string, std::string> summary = {},
                             iceberg::SnapshotOperation op = iceberg::SnapshotOperation::kAppend,
                             std::vector<std::string> remove = {}) {
    catalog::CatalogTableOperations ops(*catalog_, io_, ident_);
    iceberg::SnapshotUpdate update(ops, op);
    for (iceberg::DataFile& f : add) update.AddFile(std::move(f));
    for (std::string& p : remove) update.RemoveFile(std::move(p));
    for (auto& [k, v] : summary) update.SetSummaryProperty(k, v);
    update.SetClockForTesting([at_ms] { return at_ms; }, [](int64_t) {});
    auto state = update.Commit();
    EXPECT_TRUE(state.has_value()) << state.error().ToString();
    return state ? *state : iceberg::TableState{};
  }

  iceberg::TableState State() {
    catalog::CatalogTableOperations ops(*catalog_, io_, ident_);
    auto state = ops.Refresh();
    EXPECT_TRUE(state.has_value()) << state.error().ToString();
    return *state;
  }

  io::FileIO& io() { return io_; }

 private:
  io::testing::TempDir dir_;
  io::LocalFileIO io_;
  std::unique_ptr<catalog::Catalog> catalog_;
  catalog::TableIdentifier ident_ = *catalog::TableIdentifier::Parse("db.events");
};

}  // namespace firn::observe::testing
