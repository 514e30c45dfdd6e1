// The snapshot summary's standard keys (spec "Snapshots" > "Optional Snapshot Summary
// Fields", as Java's SnapshotSummary writes them): what a snapshot added and removed, and
// the table totals after it, computed from the parent's totals.
#pragma once

#include <map>
#include <string>

#include "firn/iceberg/manifest/data_file.h"
#include "firn/iceberg/metadata/snapshot.h"

namespace firn::iceberg {

class SnapshotSummaryBuilder {
 public:
  void Added(const DataFile& f);
  void Removed(const DataFile& f);
  void SetProperty(std::string key, std::string value) { extra_[std::move(key)] = std::move(value); }

  // The summary keys (without "operation"), totals carried from `parent` (nullptr for the
  // first snapshot). A parent without totals (written by an engine that does not keep
  // them) yields no totals rather than wrong ones.
  std::map<std::string, std::string> Build(const Snapshot* parent) const;

  int64_t added_data_files() const { return added_data_files_; }
  int64_t removed_data_files() const { return removed_data_files_; }
  int64_t added_delete_files() const { return added_delete_files_; }

 private:
  int64_t added_data_files_ = 0, removed_data_files_ = 0;
  int64_t added_delete_files_ = 0, removed_delete_files_ = 0;
  int64_t added_records_ = 0, removed_records_ = 0;
  int64_t added_size_ = 0, removed_size_ = 0;
  int64_t added_pos_deletes_ = 0, removed_pos_deletes_ = 0;
  int64_t added_eq_deletes_ = 0, removed_eq_deletes_ = 0;
  int64_t added_pos_delete_files_ = 0, removed_pos_delete_files_ = 0;
  int64_t added_eq_delete_files_ = 0, removed_eq_delete_files_ = 0;
  std::map<std::string, std::string> extra_;
};

}  // namespace firn::iceberg
