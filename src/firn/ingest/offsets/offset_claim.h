// OffsetClaim: the compare-and-set that makes a commit exactly-once per source partition.
//
// A commit that carries records of partition P read from offset `from` up to `to` (next
// offset) claims the range [from, to). It may land only if the table still holds P up to
// exactly `from` (or holds nothing for P when `from` is unset): then the table's ranges for
// P stay contiguous and disjoint, so no record is added twice and none is skipped. A
// worker that lost P in a rebalance (a zombie) finds the new owner's offset there, and its
// whole commit is refused with CommitConflict; the caller drops its files and rewinds.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "firn/common/result.h"
#include "firn/ingest/offsets/stored_offsets.h"

namespace firn::ingest {

struct OffsetClaim {
  std::string topic;                // topic or file path
  KafkaPartition partition;         // Kafka partition (0 for a file)
  std::optional<KafkaOffset> from;  // what the table held when this worker read from it
  KafkaOffset to;                   // the next offset after this commit's records
  bool operator==(const OffsetClaim&) const = default;
};

// Checks every claim against `stored` and returns `stored` updated with the claims.
// CommitConflict naming the first partition whose stored offset is not the claim's `from`.
Result<OffsetMap> ApplyClaims(const OffsetMap& stored, const std::vector<OffsetClaim>& claims);

}  // namespace firn::ingest
