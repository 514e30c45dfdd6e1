#include "firn/maintain/expire/expiry_plan.h"

#include <cassert>
#include <map>
#include <set>

#include "firn/iceberg/commit/carried_state.h"

namespace firn::maintain {
namespace {

using iceberg::Snapshot;
using iceberg::SnapshotRef;
using iceberg::TableMetadata;

class Retained {
 public:
  void Keep(const Snapshot& s, KeepReason why) {
    auto [it, fresh] = reasons_.try_emplace(s.snapshot_id.value(), why);
    if (!fresh && why < it->second) it->second = why;
  }
  bool Has(int64_t id) const { return reasons_.contains(id); }
  const std::map<int64_t, KeepReason>& reasons() const { return reasons_; }

 private:
  std::map<int64_t, KeepReason> reasons_;
};

// Java's computeBranchSnapshotsToRetain: the head, then ancestors while fewer than
// `min_keep` are kept or they are newer than `cutoff`.
void RetainBranch(const TableMetadata& m, const SnapshotRef& ref, int64_t cutoff, int32_t min_keep,
                  Retained* out) {
  int32_t kept = 0;
  for (const Snapshot* s : m.Ancestors(ref.snapshot_id)) {
    if (kept == 0) {
      out->Keep(*s, KeepReason::kRef);
    } else if (s->timestamp_ms >= cutoff) {
      out->Keep(*s, KeepReason::kAge);
    } else if (kept < min_keep) {
      out->Keep(*s, KeepReason::kRetainLast);
    } else {
      return;
    }
    ++kept;
  }
}

}  // namespace

ExpiryPlan PlanExpiry(const TableMetadata& m, int64_t now_ms, int64_t cutoff_ms, int32_t retain_last) {
  assert(retain_last >= 1);
  ExpiryPlan plan;
  Retained retained;
  std::set<int64_t> reachable;  // every ancestor of a kept ref, retained or not
  for (const auto& [name, ref] : m.refs) {
    const Snapshot* head = m.SnapshotById(ref.snapshot_id);
    if (name != iceberg::kMainBranch && ref.max_ref_age_ms && head != nullptr &&
        now_ms - head->timestamp_ms > *ref.max_ref_age_ms) {
      plan.refs_removed.push_back(name);
      continue;
    }
    if (head == nullptr) continue;  // Validate() forbids it; nothing to keep
    if (ref.type == iceberg::SnapshotRefType::kTag) {
      retained.Keep(*head, KeepReason::kRef);
      reachable.insert(head->snapshot_id.value());
      continue;
    }
    for (const Snapshot* s : m.Ancestors(ref.snapshot_id)) reachable.insert(s->snapshot_id.value());
    const int64_t cutoff = ref.max_snapshot_age_ms ? now_ms - *ref.max_snapshot_age_ms : cutoff_ms;
    const int32_t min_keep = ref.min_snapshots_to_keep ? *ref.min_snapshots_to_keep : retain_last;
    RetainBranch(m, ref, cutoff, min_keep, &retained);
  }
  // Snapshots no ref reaches (left by a removed ref, or staged): kept while young.
  for (const Snapshot& s : m.snapshots) {
    if (!reachable.contains(s.snapshot_id.value()) && s.timestamp_ms >= cutoff_ms) {
      retained.Keep(s, KeepReason::kAge);
    }
  }
  // firn's exactly-once state: main's head back to the oldest carrier.
  if (m.current_snapshot_id) {
    const iceberg::CarriedState state = iceberg::LatestCarriedState(m);
    std::set<int64_t> carriers;
    for (const auto& [key, id] : state.carriers) carriers.insert(id.value());
    const std::vector<const Snapshot*> chain = m.Ancestors(*m.current_snapshot_id);
    size_t last = 0;
    bool any = false;
    for (size_t i = 0; i < chain.size(); ++i) {
      if (carriers.contains(chain[i]->snapshot_id.value())) {
        last = i;
        any = true;
      }
    }
    for (size_t i = 0; any && i <= last; ++i) retained.Keep(*chain[i], KeepReason::kCarriedState);
  }
  for (const Snapshot& s : m.snapshots) {
    if (!retained.Has(s.snapshot_id.value())) plan.expire.push_back(s.snapshot_id);
  }
  for (const auto& [id, why] : retained.reasons()) {
    switch (why) {
      case KeepReason::kRef: ++plan.kept_refs; break;
      case KeepReason::kAge: ++plan.kept_by_age; break;
      case KeepReason::kRetainLast: ++plan.kept_retain_last; break;
      case KeepReason::kCarriedState: ++plan.kept_carried_state; break;
    }
  }
  return plan;
}

}  // namespace firn::maintain
