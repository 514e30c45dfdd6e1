#include "firn/iceberg/scan/table_scan.h"

#include <future>
#include <map>

#include "firn/common/macros.h"
#include "firn/iceberg/expressions/binder.h"
#include "firn/iceberg/expressions/evaluators.h"
#include "firn/iceberg/manifest/manifest_reader.h"
#include "firn/iceberg/scan/column_selection.h"
#include "firn/iceberg/scan/delete_file_index.h"

namespace firn::iceberg {
namespace {

Result<const Snapshot*> ChooseSnapshot(const TableMetadata& metadata, const ScanOptions& options) {
  if (options.snapshot_id && options.as_of_timestamp_ms) {
    return InvalidArgument("scan: give a snapshot id or a timestamp, not both");
  }
  if (options.snapshot_id) {
    const Snapshot* s = metadata.SnapshotById(*options.snapshot_id);
    if (s == nullptr) return NotFound("scan: no snapshot with id {}", options.snapshot_id->value());
    return s;
  }
  if (options.as_of_timestamp_ms) return metadata.SnapshotAsOf(*options.as_of_timestamp_ms);
  return metadata.CurrentSnapshot();
}

bool IsLive(const ManifestEntry& e) { return e.status != ManifestEntryStatus::kDeleted; }

SequenceNumber DataSequenceNumber(const ManifestEntry& e) {
  return e.sequence_number.value_or(SequenceNumber(0));
}

}  // namespace

Result<std::unique_ptr<TableScan>> TableScan::Make(io::FileIO& io, const TableMetadata& metadata,
                                                   ScanOptions options) {
  FIRN_ASSIGN_OR_RETURN(const Snapshot* snapshot, ChooseSnapshot(metadata, options));
  // Time travel reads with the schema the snapshot was written with (as Java does); the
  // current snapshot with the current schema.
  const Schema* schema = &metadata.CurrentSchema();
  const bool time_travel = options.snapshot_id.has_value() || options.as_of_timestamp_ms.has_value();
  if (time_travel && snapshot != nullptr && snapshot->schema_id) {
    schema = metadata.SchemaById(*snapshot->schema_id);
    if (schema == nullptr) {
      return Corrupt("snapshot {} names schema {}, which the metadata lacks",
                     snapshot->snapshot_id.value(), *snapshot->schema_id);
    }
  }
  FIRN_ASSIGN_OR_RETURN(Schema projected, SelectColumns(*schema, options.columns, options.case_sensitive));
  ExprPtr bound;
  if (options.filter != nullptr) {
    FIRN_ASSIGN_OR_RETURN(bound, Bind(*schema, options.filter, options.case_sensitive));
    if (bound->op == Operation::kTrue) bound = nullptr;
  }
  FIRN_ASSIGN_OR_RETURN(auto reader, TaskReader::Make(io, metadata, *schema, std::move(projected), bound,
                                                      options.case_sensitive, options.reader_options));
  options.filter = bound;
  return std::unique_ptr<TableScan>(new TableScan(io, metadata, snapshot, std::move(options), std::move(reader)));
}

Result<std::vector<FileScanTask>> TableScan::PlanFiles() const {
  std::vector<FileScanTask> tasks;
  if (snapshot_ == nullptr) return tasks;
  const Schema& table_schema = schema();
  const PathMapper& mapper = options_.path_mapper;
  const std::string list_path = mapper.Map(snapshot_->manifest_list);
  FIRN_ASSIGN_OR_RETURN_CTX(std::vector<ManifestFile> manifests, ReadManifestList(io_, list_path),
                            fmt::format("snapshot {}: manifest list {}", snapshot_->snapshot_id.value(), list_path));

  // Evaluators per spec, built on first use.
  const ExprPtr& filter = options_.filter;
  std::map<int32_t, std::unique_ptr<ManifestEvaluator>> manifest_evals;
  std::map<int32_t, std::unique_ptr<PartitionEvaluator>> partition_evals;
  std::unique_ptr<MetricsEvaluator> metrics_eval;
  if (filter != nullptr) {
    FIRN_ASSIGN_OR_RETURN(metrics_eval, MetricsEvaluator::Make(table_schema, filter, options_.case_sensitive));
  }
  std::vector<ManifestFile> to_read;
  for (ManifestFile m : manifests) {
    const PartitionSpec* spec = metadata_.SpecById(m.partition_spec_id);
    if (spec == nullptr) {
      return Corrupt("manifest {} names partition spec {}, which the metadata lacks", m.manifest_path,
                     m.partition_spec_id);
    }
    if (filter != nullptr && m.content == ManifestContent::kData) {
      auto& eval = manifest_evals[spec->spec_id];
      if (eval == nullptr) {
        FIRN_ASSIGN_OR_RETURN(eval, ManifestEvaluator::Make(table_schema, *spec, filter, options_.case_sensitive));
      }
      if (!eval->MightMatch(m)) continue;
    }
    m.manifest_path = mapper.Map(m.manifest_path);
    to_read.push_back(std::move(m));
  }

  // Manifests are independent: read them on up to planning_threads threads.
  std::vector<Result<std::vector<ManifestEntry>>> entries(to_read.size());
  auto read_one = [&](size_t i) {
    entries[i] = ReadManifest(io_, to_read[i]);
    if (!entries[i].has_value()) entries[i].error().WithContext(fmt::format("manifest {}", to_read[i].manifest_path));
  };
  const size_t threads = static_cast<size_t>(std::max(1, options_.planning_threads));
  if (threads == 1 || to_read.size() < 2) {
    for (size_t i = 0; i < to_read.size(); ++i) read_one(i);
  } else {
    std::atomic<size_t> next{0};
    std::vector<std::future<void>> workers;
    for (size_t t = 0; t < std::min(threads, to_read.size()); ++t) {
      workers.push_back(std::async(std::launch::async, [&] {
        for (size_t i = next.fetch_add(1); i < to_read.size(); i = next.fetch_add(1)) read_one(i);
      }));
    }
    for (auto& w : workers) w.get();
  }
  manifests_read_.fetch_add(static_cast<int64_t>(to_read.size()));

  DeleteFileIndex deletes;
  std::vector<const ManifestEntry*> data_entries;
  for (size_t i = 0; i < to_read.size(); ++i) {
    if (!entries[i].has_value()) return std::unexpected(entries[i].error());
    const ManifestFile& m = to_read[i];
    const bool delete_manifest = m.content == ManifestContent::kDeletes;
    for (const ManifestEntry& e : *entries[i]) {
      if (!IsLive(e)) continue;
      const DataFile& f = e.data_file;
      if ((f.content == DataFileContent::kData) == delete_manifest) {
        return Corrupt("manifest {}: {} file {} in a {} manifest", m.manifest_path,
                       DataFileContentName(f.content), f.file_path, delete_manifest ? "delete" : "data");
      }
      if (delete_manifest) {
        FIRN_RETURN_NOT_OK(deletes.Add(f, DataSequenceNumber(e), metadata_.SpecById(f.spec_id)));
        continue;
      }
      if (filter != nullptr) {
        auto& eval = partition_evals[f.spec_id];
        if (eval == nullptr) {
          const PartitionSpec* spec = metadata_.SpecById(f.spec_id);
          if (spec == nullptr) return Corrupt("data file {}: unknown partition spec {}", f.file_path, f.spec_id);
          FIRN_ASSIGN_OR_RETURN(eval, PartitionEvaluator::Make(table_schema, *spec, filter, options_.case_sensitive));
        }
        if (!eval->MightMatch(f.partition) || !metrics_eval->MightMatch(f)) continue;
      }
      data_entries.push_back(&e);
    }
  }

  tasks.reserve(data_entries.size());
  for (const ManifestEntry* e : data_entries) {
    FileScanTask task;
    task.data_file = e->data_file;
    task.location = mapper.Map(e->data_file.file_path);
    task.data_sequence_number = DataSequenceNumber(*e);
    for (const IndexedDeleteFile* d : deletes.ForDataFile(e->data_file, task.data_sequence_number)) {
      task.delete_files.push_back(d->file);
      task.delete_locations.push_back(mapper.Map(d->file.file_path));
    }
    tasks.push_back(std::move(task));
  }
  return tasks;
}

}  // namespace firn::iceberg
