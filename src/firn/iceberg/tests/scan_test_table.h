// Test-only: builds small Iceberg tables in a MemoryFileIO (Parquet data and delete files,
// manifests, manifest lists, metadata) for the scan tests. Header-only: the tests folder
// compiles *_test.cc.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "firn/io/memory_file_io.h"
#include "firn/iceberg/data/parquet_schema.h"
#include "firn/iceberg/manifest/manifest_list_writer.h"
#include "firn/iceberg/manifest/manifest_reader.h"
#include "firn/iceberg/manifest/manifest_writer.h"
#include "firn/iceberg/metadata/table_metadata_builder.h"
#include "firn/iceberg/scan/delete_file_index.h"
#include "firn/parquet/writer/file_writer.h"

namespace firn::iceberg::testing {

// Columns of a batch under construction, appended row by row.
inline void AppendLong(parquet::ColumnVector& v, std::optional<int64_t> x) {
  if (x) v.AppendValue<int64_t>(*x); else v.AppendNull(8);
}
inline void AppendInt(parquet::ColumnVector& v, std::optional<int32_t> x) {
  if (x) v.AppendValue<int32_t>(*x); else v.AppendNull(4);
}
inline void AppendString(parquet::ColumnVector& v, std::optional<std::string> x) {
  if (x) v.AppendBytes(*x); else v.AppendNull(0);
}

class TestTable {
 public:
  TestTable(const Schema& schema, const PartitionSpec& spec) {
    auto m = NewTableMetadata(schema, spec, SortOrder::Unsorted(), "mem://t", {}, 1000);
    EXPECT_TRUE(m.has_value()) << m.error().ToString();
    metadata = std::move(*m);
  }

  // Writes `batch` (shaped by ToParquetSchema(file_schema)) as a Parquet file.
  DataFile WriteParquet(const std::string& path, const Schema& file_schema, const parquet::RecordBatch& batch,
                        DataFileContent content, std::vector<Literal> partition, int32_t spec_id) {
    auto pschema = ToParquetSchema(file_schema);
    EXPECT_TRUE(pschema.has_value()) << pschema.error().ToString();
    auto out = io.NewOutputFile(FilePath(path));
    EXPECT_TRUE(out.has_value());
    auto writer = parquet::FileWriter::Make(std::move(*out), *pschema, writer_options_);
    EXPECT_TRUE(writer.has_value()) << writer.error().ToString();
    auto st = (*writer)->Write(batch);
    EXPECT_TRUE(st.has_value()) << st.error().ToString();
    auto res = (*writer)->Finish();
    EXPECT_TRUE(res.has_value()) << res.error().ToString();
    DataFile f;
    f.content = content;
    f.file_path = path;
    f.spec_id = spec_id;
    f.partition = std::move(partition);
    f.record_count = res->record_count;
    f.file_size_in_bytes = res->file_size_bytes;
    for (const auto& m : res->column_metrics) {
      if (m.value_count) f.value_counts[m.field_id] = *m.value_count;
      if (m.null_value_count) f.null_value_counts[m.field_id] = *m.null_value_count;
      if (m.lower_bound) f.lower_bounds[m.field_id] = *m.lower_bound;
      if (m.upper_bound) f.upper_bounds[m.field_id] = *m.upper_bound;
    }
    return f;
  }

  DataFile WriteData(const std::string& path, const parquet::RecordBatch& batch,
                     std::vector<Literal> partition = {}, const Schema* schema = nullptr) {
    return WriteParquet(path, schema ? *schema : metadata.CurrentSchema(), batch, DataFileContent::kData,
                        std::move(partition), metadata.default_spec_id);
  }

  DataFile WritePositionDeletes(const std::string& path,
                                const std::vector<std::pair<std::string, int64_t>>& rows,
                                std::vector<Literal> partition = {}) {
    Schema s(0, {Required(kDeleteFilePathFieldId, "file_path", Type::String()),
                 Required(kDeletePosFieldId, "pos", Type::Long())});
    parquet::RecordBatch b;
    b.columns.resize(2);
    for (const auto& [p, pos] : rows) {
      b.columns[0].AppendBytes(p);
      b.columns[1].AppendValue<int64_t>(pos);
    }
    b.num_rows = static_cast<int64_t>(rows.size());
    return WriteParquet(path, s, b, DataFileContent::kPositionDeletes, std::move(partition),
                        metadata.default_spec_id);
  }

  // An equality delete file with the columns of `delete_schema` (a subset of the table's).
  DataFile WriteEqualityDeletes(const std::string& path, const Schema& delete_schema,
                                const parquet::RecordBatch& batch, std::vector<int32_t> equality_ids,
                                std::vector<Literal> partition = {}) {
    DataFile f = WriteParquet(path, delete_schema, batch, DataFileContent::kEqualityDeletes,
                              std::move(partition), metadata.default_spec_id);
    f.equality_ids = std::move(equality_ids);
    return f;
  }

  // Commits a snapshot adding `data` and `deletes`, keeping the previous snapshot's
  // manifests. Returns the new snapshot id.
  SnapshotId Commit(const std::vector<DataFile>& data, const std::vector<DataFile>& deletes, int64_t ts) {
    const SnapshotId id(next_id_++);
    const int64_t seq = metadata.last_sequence_number.value() + 1;
    std::vector<ManifestFile> manifests;
    const Snapshot* parent = metadata.CurrentSnapshot();
    if (parent != nullptr) {
      auto old = ReadManifestList(io, parent->manifest_list);
      EXPECT_TRUE(old.has_value());
      manifests = *old;
    }
    const Schema& schema = metadata.CurrentSchema();
    const PartitionSpec& spec = metadata.DefaultSpec();
    auto write_manifest = [&](const std::vector<DataFile>& files, ManifestContent content, const char* tag) {
      if (files.empty()) return;
      std::string path = "mem://t/metadata/m-" + std::to_string(id.value()) + "-" + tag + ".avro";
      auto w = ManifestWriter::Make(io, FilePath(path), schema, spec, {2, content, id});
      EXPECT_TRUE(w.has_value()) << w.error().ToString();
      for (const DataFile& f : files) EXPECT_TRUE((*w)->Add(f).has_value());
      auto mf = (*w)->Finish();
      EXPECT_TRUE(mf.has_value()) << mf.error().ToString();
      manifests.insert(manifests.begin(), *mf);
    };
    write_manifest(data, ManifestContent::kData, "data");
    write_manifest(deletes, ManifestContent::kDeletes, "deletes");
    std::string list = "mem://t/metadata/snap-" + std::to_string(id.value()) + ".avro";
    ManifestListInfo info{2, id, parent ? std::optional(parent->snapshot_id) : std::nullopt,
                          SequenceNumber(seq)};
    auto written = WriteManifestList(io, FilePath(list), info, manifests);
    EXPECT_TRUE(written.has_value()) << written.error().ToString();
    Snapshot s;
    s.snapshot_id = id;
    s.parent_snapshot_id = info.parent_snapshot_id;
    s.sequence_number = SequenceNumber(seq);
    s.timestamp_ms = ts;
    s.manifest_list = list;
    s.operation = deletes.empty() ? SnapshotOperation::kAppend : SnapshotOperation::kOverwrite;
    s.schema_id = metadata.current_schema_id;
    TableMetadataBuilder b(metadata, std::nullopt);
    b.AddSnapshot(s).SetBranchSnapshot(kMainBranch, id);
    auto m = std::move(b).Build(ts);
    EXPECT_TRUE(m.has_value()) << m.error().ToString();
    metadata = std::move(*m);
    return id;
  }

  // Makes `schema` (same field ids, evolved) the current schema.
  void EvolveSchema(const Schema& schema) {
    TableMetadataBuilder b(metadata, std::nullopt);
    int32_t id = b.AddSchema(schema, std::max(metadata.last_column_id, schema.HighestFieldId()));
    b.SetCurrentSchema(id);
    auto m = std::move(b).Build(metadata.last_updated_ms + 1);
    EXPECT_TRUE(m.has_value()) << m.error().ToString();
    metadata = std::move(*m);
  }

  io::MemoryFileIO io;
  TableMetadata metadata;

 private:
  int64_t next_id_ = 1001;
  parquet::WriterOptions writer_options_;
};

}  // namespace firn::iceberg::testing
