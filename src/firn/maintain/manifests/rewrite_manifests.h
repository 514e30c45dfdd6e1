// RewriteManifests: merges a table's manifests and clusters their entries by partition
// (Iceberg's RewriteManifests / Spark's rewrite_manifests), committed as a replace snapshot
// that changes no data. Streaming appends leave one small manifest per commit until the
// commit path merges them (commit.manifest.min-count-to-merge); this gathers them at once,
// so that planning a scan of one partition opens few manifests.
//
// The snapshot carries the table's exactly-once state forward (iceberg/commit/
// carried_state.h). It is retried on a concurrent commit (appends are re-read and
// rewritten with the rest), and inside `firn run` it commits through the CommitGate.
//
// Thread-safety: none; `ops` must outlive the call.
#pragma once

#include <cstdint>
#include <optional>

#include "firn/common/commit_gate.h"
#include "firn/common/result.h"
#include "firn/iceberg/commit/table_operations.h"

namespace firn::maintain {

struct RewriteManifestsResult {
  int manifests_before = 0;            // data and delete manifests of the current snapshot
  int manifests_after = 0;
  std::optional<SnapshotId> snapshot;  // none when the table has no snapshot
  int attempts = 0;
  int64_t duration_ms = 0;
};

Result<RewriteManifestsResult> RewriteManifests(iceberg::TableOperations& ops, CommitGate* gate = nullptr);

}  // namespace firn::maintain
