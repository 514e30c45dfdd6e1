#include "firn/iceberg/scan/delete_file_index.h"

namespace firn::iceberg {
namespace {

// Whether `del` applies to a data file at `data_seq` with path `data_path`, partition
// scoping aside.
bool Applies(const IndexedDeleteFile& del, const std::string& data_path, SequenceNumber data_seq) {
  if (del.file.content == DataFileContent::kPositionDeletes) {
    if (del.data_sequence_number < data_seq) return false;
    // Bounds are compared as unsigned bytes; a truncated lower bound is a prefix (smaller)
    // and a truncated upper bound is rounded up, so pruning with them stays safe.
    auto lo = del.file.lower_bounds.find(kDeleteFilePathFieldId);
    if (lo != del.file.lower_bounds.end() && data_path < lo->second) return false;
    auto hi = del.file.upper_bounds.find(kDeleteFilePathFieldId);
    if (hi != del.file.upper_bounds.end() && data_path > hi->second) return false;
    return true;
  }
  return del.data_sequence_number > data_seq;
}

}  // namespace

Status DeleteFileIndex::Add(const DataFile& file, SequenceNumber data_sequence_number,
                            const PartitionSpec* spec) {
  if (spec == nullptr) {
    return Corrupt("delete file {}: partition spec {} is not in the table metadata", file.file_path,
                   file.spec_id);
  }
  if (file.content == DataFileContent::kEqualityDeletes && file.equality_ids.empty()) {
    return Corrupt("equality delete file {} has no equality_ids", file.file_path);
  }
  IndexedDeleteFile entry{file, data_sequence_number};
  if (spec->IsUnpartitioned()) {
    global_.push_back(std::move(entry));
  } else {
    by_spec_[file.spec_id].push_back(std::move(entry));
  }
  ++count_;
  return OkStatus();
}

std::vector<const IndexedDeleteFile*> DeleteFileIndex::ForDataFile(
    const DataFile& data_file, SequenceNumber data_sequence_number) const {
  std::vector<const IndexedDeleteFile*> pos, eq;
  auto consider = [&](const IndexedDeleteFile& d) {
    if (!Applies(d, data_file.file_path, data_sequence_number)) return;
    (d.file.content == DataFileContent::kPositionDeletes ? pos : eq).push_back(&d);
  };
  for (const IndexedDeleteFile& d : global_) consider(d);
  auto it = by_spec_.find(data_file.spec_id);
  if (it != by_spec_.end()) {
    for (const IndexedDeleteFile& d : it->second) {
      if (d.file.partition == data_file.partition) consider(d);
    }
  }
  pos.insert(pos.end(), eq.begin(), eq.end());
  return pos;
}

}  // namespace firn::iceberg
