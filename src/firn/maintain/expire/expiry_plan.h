// ExpiryPlan: which snapshots and refs one expiry removes from a given table metadata
// (the retention rules of expire_snapshots.h), decided without touching storage.
//
// Thread-safety: pure function.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "firn/common/result.h"
#include "firn/iceberg/metadata/table_metadata.h"

namespace firn::maintain {

// Why a snapshot is retained, in order of precedence (a snapshot is counted once).
enum class KeepReason : int8_t { kRef, kAge, kRetainLast, kCarriedState };

struct ExpiryPlan {
  std::vector<SnapshotId> expire;  // in metadata order
  std::vector<std::string> refs_removed;    // past their max-ref-age-ms
  int64_t kept_by_age = 0;
  int64_t kept_refs = 0;
  int64_t kept_retain_last = 0;
  int64_t kept_carried_state = 0;

  bool empty() const { return expire.empty() && refs_removed.empty(); }
};

// `cutoff_ms` and `retain_last` are the defaults for branches without their own settings;
// `now_ms` measures ref and branch ages. REQUIRES: retain_last >= 1.
ExpiryPlan PlanExpiry(const iceberg::TableMetadata& metadata, int64_t now_ms, int64_t cutoff_ms,
                      int32_t retain_last);

}  // namespace firn::maintain
