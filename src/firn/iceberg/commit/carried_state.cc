#include "firn/iceberg/commit/carried_state.h"

namespace firn::iceberg {

bool IsCarriedStateKey(std::string_view key) {
  for (std::string_view prefix : kCarriedStatePrefixes) {
    if (key.starts_with(prefix)) return true;
  }
  return false;
}

CarriedState LatestCarriedState(const TableMetadata& metadata) {
  CarriedState state;
  const Snapshot* snap = metadata.CurrentSnapshot();
  // Bounded by the number of snapshots: valid metadata has no parent cycles, and a walk
  // longer than that stops as if cut.
  size_t steps = 0;
  while (snap != nullptr && steps++ <= metadata.snapshots.size()) {
    for (const auto& [key, value] : snap->summary) {
      if (IsCarriedStateKey(key) && !state.values.contains(key)) {
        state.values.emplace(key, value);
        state.carriers.emplace(key, snap->snapshot_id);
      }
    }
    if (!snap->parent_snapshot_id) break;
    const Snapshot* parent = metadata.SnapshotById(*snap->parent_snapshot_id);
    if (parent == nullptr) state.ancestry_cut = true;
    snap = parent;
  }
  return state;
}

Status CarryStateForward(const TableMetadata& base, std::map<std::string, std::string>* summary) {
  for (auto& [key, value] : LatestCarriedState(base).values) (*summary)[key] = std::move(value);
  return OkStatus();
}

}  // namespace firn::iceberg
