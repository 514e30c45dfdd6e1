#include "firn/iceberg/commit/snapshot_summary.h"

#include <charconv>

namespace firn::iceberg {

void SnapshotSummaryBuilder::Added(const DataFile& f) {
  added_size_ += f.file_size_in_bytes;
  switch (f.content) {
    case DataFileContent::kData:
      ++added_data_files_;
      added_records_ += f.record_count;
      break;
    case DataFileContent::kPositionDeletes:
      ++added_delete_files_;
      ++added_pos_delete_files_;
      added_pos_deletes_ += f.record_count;
      break;
    case DataFileContent::kEqualityDeletes:
      ++added_delete_files_;
      ++added_eq_delete_files_;
      added_eq_deletes_ += f.record_count;
      break;
  }
}

void SnapshotSummaryBuilder::Removed(const DataFile& f) {
  removed_size_ += f.file_size_in_bytes;
  switch (f.content) {
    case DataFileContent::kData:
      ++removed_data_files_;
      removed_records_ += f.record_count;
      break;
    case DataFileContent::kPositionDeletes:
      ++removed_delete_files_;
      ++removed_pos_delete_files_;
      removed_pos_deletes_ += f.record_count;
      break;
    case DataFileContent::kEqualityDeletes:
      ++removed_delete_files_;
      ++removed_eq_delete_files_;
      removed_eq_deletes_ += f.record_count;
      break;
  }
}

namespace {

std::optional<int64_t> ParentTotal(const Snapshot* parent, const std::string& key) {
  if (parent == nullptr) return 0;
  auto it = parent->summary.find(key);
  if (it == parent->summary.end()) return std::nullopt;
  int64_t v = 0;
  auto [p, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), v);
  if (ec != std::errc() || p != it->second.data() + it->second.size()) return std::nullopt;
  return v;
}

}  // namespace

std::map<std::string, std::string> SnapshotSummaryBuilder::Build(const Snapshot* parent) const {
  std::map<std::string, std::string> s = extra_;
  auto put = [&](const char* key, int64_t v) {
    if (v != 0) s[key] = std::to_string(v);
  };
  put("added-data-files", added_data_files_);
  put("deleted-data-files", removed_data_files_);
  put("added-delete-files", added_delete_files_);
  put("removed-delete-files", removed_delete_files_);
  put("added-records", added_records_);
  put("deleted-records", removed_records_);
  put("added-files-size", added_size_);
  put("removed-files-size", removed_size_);
  put("added-position-delete-files", added_pos_delete_files_);
  put("removed-position-delete-files", removed_pos_delete_files_);
  put("added-equality-delete-files", added_eq_delete_files_);
  put("removed-equality-delete-files", removed_eq_delete_files_);
  put("added-position-deletes", added_pos_deletes_);
  put("removed-position-deletes", removed_pos_deletes_);
  put("added-equality-deletes", added_eq_deletes_);
  put("removed-equality-deletes", removed_eq_deletes_);
  auto total = [&](const char* key, int64_t delta) {
    std::optional<int64_t> base = ParentTotal(parent, key);
    if (base) s[key] = std::to_string(*base + delta);
  };
  total("total-records", added_records_ - removed_records_);
  total("total-files-size", added_size_ - removed_size_);
  total("total-data-files", added_data_files_ - removed_data_files_);
  total("total-delete-files", added_delete_files_ - removed_delete_files_);
  total("total-position-deletes", added_pos_deletes_ - removed_pos_deletes_);
  total("total-equality-deletes", added_eq_deletes_ - removed_eq_deletes_);
  return s;
}

}  // namespace firn::iceberg
