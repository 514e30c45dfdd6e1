#include "firn/maintain/manifests/rewrite_manifests.h"

#include <chrono>

#include "firn/common/macros.h"
#include "firn/iceberg/commit/carried_state.h"
#include "firn/iceberg/commit/snapshot_update.h"
#include "firn/iceberg/manifest/manifest_reader.h"

namespace firn::maintain {

Result<RewriteManifestsResult> RewriteManifests(iceberg::TableOperations& ops, CommitGate* gate) {
  const auto start = std::chrono::steady_clock::now();
  RewriteManifestsResult result;
  FIRN_ASSIGN_OR_RETURN(iceberg::TableState state, ops.Refresh());
  const iceberg::Snapshot* current = state.metadata->CurrentSnapshot();
  if (current == nullptr) return result;
  FIRN_ASSIGN_OR_RETURN(auto before, iceberg::ReadManifestList(ops.io(), current->manifest_list));
  result.manifests_before = static_cast<int>(before.size());

  iceberg::SnapshotUpdate update(ops, iceberg::SnapshotOperation::kReplace);
  update.RewriteManifests();
  update.SetSummaryProperty("firn.maintenance", "rewrite-manifests");
  update.SetPrecondition(iceberg::CarryStateForward);
  static const std::atomic<bool> kNever{false};
  if (gate != nullptr && !gate->EnterMaintenance(std::chrono::seconds(5), std::chrono::minutes(1), kNever)) {
    return CommitConflict("no commit window: ingest never paused for a minute");
  }
  auto committed = update.Commit();
  if (gate != nullptr) gate->LeaveMaintenance();
  if (!committed) return std::unexpected(std::move(committed.error()));
  result.snapshot = committed->metadata->current_snapshot_id;
  result.attempts = update.stats().attempts;
  result.manifests_after = update.stats().manifests_in_list;
  result.duration_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace firn::maintain
