// The table fixture of the compaction tests: a SQLite-catalog table `db.t` (id long, k int,
// payload string) partitioned by k, with helpers that append files, commit equality and
// position deletes, and read the rows back.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "firn/catalog/catalog_table_operations.h"
#include "firn/catalog/catalog_uri.h"
#include "firn/iceberg/commit/snapshot_update.h"
#include "firn/iceberg/data/equality_delete_writer.h"
#include "firn/iceberg/data/parquet_schema.h"
#include "firn/iceberg/data/partitioned_writer.h"
#include "firn/iceberg/data/position_delete_writer.h"
#include "firn/iceberg/expressions/parser.h"
#include "firn/iceberg/partition/partition_spec_parser.h"
#include "firn/iceberg/scan/delete_file_index.h"
#include "firn/iceberg/scan/table_scan.h"
#include "firn/iceberg/types/literal_bytes.h"
#include "firn/iceberg/types/schema_ddl.h"
#include "firn/io/local_file_io.h"
#include "firn/io/tests/temp_dir.h"
#include "firn/maintain/compact/compactor.h"
#include "firn/parquet/writer/file_writer.h"

namespace firn::maintain::testing {

class CompactionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = catalog::OpenCatalog({.uri = "", .warehouse = dir_.path() + "/wh"}, &io_);
    ASSERT_TRUE(c) << c.error().ToString();
    catalog_ = std::move(*c);
    ASSERT_TRUE(catalog_->CreateNamespace(*catalog::Namespace::Parse("db"), {}));
    auto schema = iceberg::ParseSchemaDdl("id long not null, k int not null, payload string");
    ASSERT_TRUE(schema);
    auto spec = iceberg::ParsePartitionSpec("k", *schema, 0, {}, 999);
    ASSERT_TRUE(spec) << spec.error().ToString();
    catalog::NewTable t{*schema, spec->spec, iceberg::SortOrder::Unsorted(), {}, "", 2};
    ASSERT_TRUE(catalog::CreateTable(*catalog_, io_, Ident(), t));
  }

  static catalog::TableIdentifier Ident() { return *catalog::TableIdentifier::Parse("db.t"); }
  std::unique_ptr<catalog::CatalogTableOperations> Ops() {
    return std::make_unique<catalog::CatalogTableOperations>(*catalog_, io_, Ident());
  }

  // One append of ids [first, first + n) over partitions k = id % parts: one small file
  // per partition. `offsets` goes into the summary as ingest's carried state.
  void Append(iceberg::TableOperations& ops, int64_t first, int n, int parts, const std::string& offsets) {
    auto state = ops.Refresh();
    ASSERT_TRUE(state);
    const iceberg::TableMetadata& m = *state->metadata;
    auto pschema = iceberg::ToParquetSchema(m.CurrentSchema());
    ASSERT_TRUE(pschema);
    auto options = iceberg::DataWriterOptionsFromTable(m, **pschema);
    ASSERT_TRUE(options);
    auto w = iceberg::PartitionedWriter::Make(io_, m.CurrentSchema(), *m.SpecById(m.default_spec_id), *options);
    ASSERT_TRUE(w);
    parquet::RecordBatch b = parquet::MakeBatch(**pschema);
    for (int64_t id = first; id < first + n; ++id) {
      b.columns[0].AppendValue<int64_t>(id);
      b.columns[1].AppendValue<int32_t>(static_cast<int32_t>(id % parts));
      b.columns[2].AppendBytes("payload-" + std::to_string(id * 7));
    }
    b.num_rows = n;
    ASSERT_TRUE((*w)->Write(b));
    auto files = (*w)->Finish();
    ASSERT_TRUE(files);
    std::map<std::string, std::string> summary;
    if (!offsets.empty()) summary["firn.kafka.offsets.g"] = offsets;
    auto committed = iceberg::AppendFiles(ops, std::move(*files), summary);
    ASSERT_TRUE(committed) << committed.error().ToString();
  }

  // Commits equality deletes of `ids` (key: id, with k = id % parts for the partition) in
  // the table's spec, as an overwrite.
  void DeleteKeys(iceberg::TableOperations& ops, const std::vector<int64_t>& ids, int parts) {
    auto state = ops.Refresh();
    ASSERT_TRUE(state);
    const iceberg::TableMetadata& m = *state->metadata;
    auto key = iceberg::EqualityDeleteSchema(m.CurrentSchema(), {1, 2});
    ASSERT_TRUE(key) << key.error().ToString();
    auto pschema = iceberg::ToParquetSchema(*key);
    ASSERT_TRUE(pschema);
    iceberg::DataWriterOptions options;
    options.data_location = m.location + "/data";
    auto w = iceberg::EqualityDeleteWriter::Make(io_, *key, {1}, *m.SpecById(m.default_spec_id), options);
    ASSERT_TRUE(w) << w.error().ToString();
    parquet::RecordBatch b = parquet::MakeBatch(**pschema);
    for (int64_t id : ids) {
      b.columns[0].AppendValue<int64_t>(id);
      b.columns[1].AppendValue<int32_t>(static_cast<int32_t>(id % parts));
    }
    b.num_rows = static_cast<int64_t>(ids.size());
    ASSERT_TRUE((*w)->Write(b));
    auto files = (*w)->Finish();
    ASSERT_TRUE(files) << files.error().ToString();
    iceberg::SnapshotUpdate update(ops, iceberg::SnapshotOperation::kOverwrite);
    for (iceberg::DataFile& f : *files) update.AddFile(std::move(f));
    auto committed = update.Commit();
    ASSERT_TRUE(committed) << committed.error().ToString();
  }

  // Commits a position delete of row `pos` of `data_file` (written with the spec's
  // file_path bounds), as an overwrite.
  void DeletePosition(iceberg::TableOperations& ops, const iceberg::DataFile& data_file, int64_t pos) {
    auto state = ops.Refresh();
    ASSERT_TRUE(state);
    const iceberg::TableMetadata& m = *state->metadata;
    iceberg::DataWriterOptions options;
    options.data_location = m.location + "/data";
    auto w = iceberg::PositionDeleteWriter::Make(io_, *m.SpecById(m.default_spec_id), options);
    ASSERT_TRUE(w) << w.error().ToString();
    ASSERT_TRUE((*w)->Delete(data_file.file_path, pos, data_file.partition));
    auto files = (*w)->Finish();
    ASSERT_TRUE(files) << files.error().ToString();
    iceberg::SnapshotUpdate update(ops, iceberg::SnapshotOperation::kOverwrite);
    for (iceberg::DataFile& f : *files) update.AddFile(std::move(f));
    auto committed = update.Commit();
    ASSERT_TRUE(committed) << committed.error().ToString();
  }

  // The live data files of partition k = `k`.
  std::vector<iceberg::DataFile> FilesOf(int32_t k) {
    auto state = Ops()->Refresh();
    EXPECT_TRUE(state);
    auto scan = iceberg::TableScan::Make(io_, *state->metadata, {});
    auto tasks = (*scan)->PlanFiles();
    std::vector<iceberg::DataFile> out;
    for (const auto& t : *tasks) {
      if (t.data_file.partition.at(0) == iceberg::Literal::Int(k)) out.push_back(t.data_file);
    }
    return out;
  }

  // id -> payload of every row of the current snapshot (ids must be unique).
  std::map<int64_t, std::string> Rows(int64_t* data_files = nullptr) {
    auto state = Ops()->Refresh();
    EXPECT_TRUE(state);
    auto scan = iceberg::TableScan::Make(io_, *state->metadata, {});
    EXPECT_TRUE(scan);
    auto tasks = (*scan)->PlanFiles();
    EXPECT_TRUE(tasks);
    if (data_files) *data_files = static_cast<int64_t>(tasks->size());
    std::map<int64_t, std::string> rows;
    for (const auto& t : *tasks) {
      auto batches = (*scan)->ReadTask(t);
      EXPECT_TRUE(batches) << batches.error().ToString();
      for (const auto& b : *batches) {
        for (int64_t i = 0; i < b.num_rows; ++i) {
          EXPECT_TRUE(rows.emplace(b.columns[0].ValueAt<int64_t>(i), std::string(b.columns[2].BytesAt(i))).second)
              << "duplicate id " << b.columns[0].ValueAt<int64_t>(i);
        }
      }
    }
    return rows;
  }

  // REQUIRES: the result is not used after the next call (it points into state_).
  const iceberg::Snapshot& Current() {
    state_ = *Ops()->Refresh();
    return *state_.metadata->CurrentSnapshot();
  }

  io::testing::TempDir dir_;
  io::LocalFileIO io_;
  std::unique_ptr<catalog::Catalog> catalog_;
  iceberg::TableState state_;
};

}  // namespace firn::maintain::testing
