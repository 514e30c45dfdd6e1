// SnapshotUpdate's validation of a rewrite (replace) against what was committed since it
// started; the rest of the commit is in snapshot_update.cc.
#include <fmt/format.h>

#include "firn/common/macros.h"
#include "firn/iceberg/commit/snapshot_update.h"
#include "firn/iceberg/manifest/manifest_reader.h"

namespace firn::iceberg {

// A rewrite conflicts with a delete file committed after its starting snapshot only when
// that delete can remove a row the rewrite copies (it would resurrect the row), as
// Iceberg's RewriteFiles validates (validateNoNewDeletesForDataFiles):
//   - an equality delete applies to data of a smaller data sequence number; when the
//     rewrite keeps the starting snapshot's sequence number (SetDataSequenceNumber), a
//     newer equality delete still applies to the rewritten rows: no conflict. Without it,
//     the rewritten files would be as new as the delete: conflict;
//   - a position delete names data files by path: a conflict when it may name a replaced
//     file (by the file_path bounds it carries; without bounds it may name any).
// Streaming upserts commit equality deletes every cycle, and position deletes only for
// files of their own commit, so compaction beside them keeps landing.
Status SnapshotUpdate::ValidateReplace(const TableMetadata& base) {
  if (operation_ != SnapshotOperation::kReplace || !validate_from_) return OkStatus();
  const Snapshot* start = base.SnapshotById(*validate_from_);
  const bool keeps_sequence = data_sequence_number_.has_value() && start != nullptr &&
                              *data_sequence_number_ <= start->sequence_number;
  for (const Snapshot* s : base.current_snapshot_id ? base.Ancestors(*base.current_snapshot_id)
                                                    : std::vector<const Snapshot*>{}) {
    if (s->snapshot_id == *validate_from_) return OkStatus();
    auto it = s->summary.find("added-delete-files");
    if (it == s->summary.end() || it->second == "0") continue;
    auto conflict = [&](std::string_view why) {
      validation_failed_ = true;
      return CommitConflict("rewrite conflicts with delete files added by snapshot {}: {}", s->snapshot_id.value(),
                            why);
    };
    if (removed_.empty()) continue;  // nothing rewritten, nothing to resurrect
    FIRN_ASSIGN_OR_RETURN(std::vector<ManifestFile> manifests, ReadManifestList(ops_.io(), s->manifest_list));
    for (const ManifestFile& m : manifests) {
      if (m.content != ManifestContent::kDeletes || m.added_snapshot_id != s->snapshot_id) continue;
      FIRN_ASSIGN_OR_RETURN(std::vector<ManifestEntry> entries, ReadManifest(ops_.io(), m));
      for (const ManifestEntry& e : entries) {
        if (e.status != ManifestEntryStatus::kAdded) continue;
        const DataFile& d = e.data_file;
        if (d.content == DataFileContent::kEqualityDeletes) {
          if (!keeps_sequence) return conflict("equality deletes, and the rewrite does not keep its sequence number");
          continue;
        }
        auto lo = d.lower_bounds.find(kDeleteFilePathFieldId);
        auto hi = d.upper_bounds.find(kDeleteFilePathFieldId);
        for (const std::string& path : removed_) {
          if (lo != d.lower_bounds.end() && path < lo->second) continue;
          if (hi != d.upper_bounds.end() && path > hi->second) continue;
          return conflict(fmt::format("position deletes {} may name rewritten file {}", d.file_path, path));
        }
      }
    }
  }
  return OkStatus();
}

}  // namespace firn::iceberg
