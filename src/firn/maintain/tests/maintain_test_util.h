// Test-only: a table in a SQLite catalog whose snapshots are made through the real commit
// path (SnapshotUpdate over CatalogTableOperations) with real Parquet data files of one
// column `id long`, so that maintenance can be checked by scanning the table.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "firn/catalog/catalog_table_operations.h"
#include "firn/catalog/tests/catalog_test_util.h"
#include "firn/iceberg/commit/snapshot_update.h"
#include "firn/iceberg/data/parquet_schema.h"
#include "firn/iceberg/metadata/table_metadata_builder.h"
#include "firn/iceberg/scan/scan_to_batches.h"
#include "firn/iceberg/types/schema_ddl.h"
#include "firn/io/local_file_io.h"
#include "firn/maintain/reachable_files.h"
#include "firn/parquet/writer/file_writer.h"

namespace firn::maintain::testing {

using namespace firn::iceberg;

class MaintainTable {
 public:
  // `io`: where table files live (LocalFileIO when null); must outlive this object.
  explicit MaintainTable(io::FileIO* io = nullptr, Properties props = {}, std::string location = {})
      : io_(io != nullptr ? io : &local_io_) {
    catalog_ = fixture_.Open(io_);
    EXPECT_TRUE(catalog_->CreateNamespace(*catalog::Namespace::Parse("db"), {}).has_value());
    props.try_emplace("commit.retry.min-wait-ms", "1");
    props.try_emplace("commit.retry.max-wait-ms", "5");
    catalog::NewTable t{*ParseSchemaDdl("id long not null"), PartitionSpec{}, SortOrder::Unsorted(),
                        props, location};
    auto created = catalog::CreateTable(*catalog_, *io_, ident_, t);
    EXPECT_TRUE(created.has_value()) << created.error().ToString();
    ops_ = std::make_unique<catalog::CatalogTableOperations>(*catalog_, *io_, ident_);
  }

  catalog::CatalogTableOperations& ops() { return *ops_; }
  io::FileIO& io() { return *io_; }
  catalog::Catalog& catalog() { return *catalog_; }
  const catalog::TableIdentifier& ident() const { return ident_; }
  std::string warehouse() const { return fixture_.warehouse(); }

  TableState State() {
    auto s = ops_->Refresh();
    EXPECT_TRUE(s.has_value()) << s.error().ToString();
    return *s;
  }

  // A Parquet file of ids [from, from + n) under <location>/data/.
  DataFile WriteIds(int64_t from, int64_t n) {
    const TableState s = State();
    const std::string path = fmt::format("{}/data/ids-{}-{}-{}.parquet", s.metadata->location, from, n, ++files_);
    auto pschema = ToParquetSchema(s.metadata->CurrentSchema());
    EXPECT_TRUE(pschema.has_value());
    auto out = io_->NewOutputFile(FilePath(path));
    EXPECT_TRUE(out.has_value()) << out.error().ToString();
    auto writer = parquet::FileWriter::Make(std::move(*out), *pschema, writer_options_);
    EXPECT_TRUE(writer.has_value()) << writer.error().ToString();
    parquet::RecordBatch b;
    b.columns.resize(1);
    for (int64_t i = from; i < from + n; ++i) b.columns[0].AppendValue<int64_t>(i);
    b.num_rows = n;
    EXPECT_TRUE((*writer)->Write(b).has_value());
    auto res = (*writer)->Finish();
    EXPECT_TRUE(res.has_value()) << res.error().ToString();
    DataFile f;
    f.file_path = path;
    f.record_count = n;
    f.file_size_in_bytes = res->file_size_bytes;
    return f;
  }

  // Appends ids [from, from + n) as one snapshot; returns it.
  SnapshotId Append(int64_t from, int64_t n, std::map<std::string, std::string> summary = {}) {
    auto st = AppendFiles(*ops_, {WriteIds(from, n)}, std::move(summary));
    EXPECT_TRUE(st.has_value()) << st.error().ToString();
    return st ? *st->metadata->current_snapshot_id : SnapshotId(0);
  }

  // Replaces the data files `remove` with one file of ids [from, from + n) (compaction).
  SnapshotId Replace(const std::vector<std::string>& remove, int64_t from, int64_t n) {
    SnapshotUpdate u(*ops_, SnapshotOperation::kReplace);
    for (const std::string& p : remove) u.RemoveFile(p);
    u.AddFile(WriteIds(from, n));
    auto st = u.Commit();
    EXPECT_TRUE(st.has_value()) << st.error().ToString();
    return st ? *st->metadata->current_snapshot_id : SnapshotId(0);
  }

  // The ids the table (or snapshot `id`) returns, sorted.
  std::vector<int64_t> ScanIds(std::optional<SnapshotId> id = std::nullopt) {
    const TableState s = State();
    ScanOptions options;
    options.snapshot_id = id;
    auto r = ScanToBatches(*io_, *s.metadata, options);
    EXPECT_TRUE(r.has_value()) << r.error().ToString();
    std::vector<int64_t> ids;
    if (!r) return ids;
    for (const parquet::RecordBatch& b : r->batches) {
      for (int64_t i = 0; i < b.num_rows; ++i) ids.push_back(b.columns[0].ValueAt<int64_t>(i));
    }
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  // Every file the table's snapshots reference, plus its metadata files.
  std::vector<FileRef> Referenced() {
    const TableState s = State();
    FileSet files;
    for (const Snapshot& snap : s.metadata->snapshots) {
      auto st = AddSnapshotFiles(*io_, snap, false, &files);
      EXPECT_TRUE(st.has_value()) << st.error().ToString();
    }
    files.Add(FileRef{s.metadata_location, FileKind::kMetadataJson});
    for (const auto& e : s.metadata->metadata_log) files.Add(FileRef{e.metadata_file, FileKind::kMetadataJson});
    std::vector<FileRef> out;
    for (const auto& [key, f] : files.files()) out.push_back(f);
    return out;
  }

  // Paths (as listed) of every file under the table location.
  std::vector<std::string> ListAll() {
    auto listed = io_->List(FilePath(State().metadata->location));
    EXPECT_TRUE(listed.has_value());
    std::vector<std::string> out;
    if (listed) {
      for (const auto& f : *listed) out.push_back(f.path.value());
    }
    return out;
  }

  bool Exists(const std::string& path) {
    auto e = io_->Exists(FilePath(path));
    return e.has_value() && *e;
  }

  // Paths of the live data files of the current snapshot, in manifest order.
  std::vector<std::string> LiveDataFiles() {
    const TableState s = State();
    FileSet files;
    std::vector<std::string> out;
    if (s.metadata->CurrentSnapshot() == nullptr) return out;
    EXPECT_TRUE(AddSnapshotFiles(*io_, *s.metadata->CurrentSnapshot(), false, &files).has_value());
    for (const auto& [key, f] : files.files()) {
      if (f.kind == FileKind::kData) out.push_back(f.path);
    }
    return out;
  }

 private:
  catalog::testing::SqlCatalogFixture fixture_;
  io::LocalFileIO local_io_;
  io::FileIO* io_;
  std::unique_ptr<catalog::Catalog> catalog_;
  std::unique_ptr<catalog::CatalogTableOperations> ops_;
  catalog::TableIdentifier ident_ = *catalog::TableIdentifier::Parse("db.t");
  int files_ = 0;
  parquet::WriterOptions writer_options_;
};

inline int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Sets a local file's modification time `offset_ms` from now.
inline void SetMtime(const std::string& path, int64_t offset_ms) {
  std::filesystem::last_write_time(
      path, std::filesystem::file_time_type::clock::now() + std::chrono::milliseconds(offset_ms));
}

}  // namespace firn::maintain::testing
