// Carried state: snapshot summary properties that hold a writer's durable position rather
// than describe one commit, and so must survive every later snapshot and expiry.
//
// firn's ingest keeps its exactly-once positions this way (docs/exactly-once.md):
//   firn.kafka.offsets.<group>   next offset per topic partition in the table
//   firn.kafka.floors.<group>    restart floors that go with those offsets
//   firn.file.offsets            next byte offset per local file
// A reader finds each key in the newest snapshot of main's ancestry that carries it, and
// fails if the ancestry is cut before one does. So:
// - a commit that is not ingest's (compaction, manifest rewrite) copies the newest value of
//   every carried key into its own summary (LatestCarriedState), keeping it one step away;
// - expiry keeps every snapshot from the current one back to the oldest of those carriers.
//
// Thread-safety: pure functions.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "firn/common/result.h"
#include "firn/iceberg/metadata/table_metadata.h"

namespace firn::iceberg {

// Key prefixes (or whole keys) of carried state.
inline constexpr std::string_view kCarriedStatePrefixes[] = {
    "firn.kafka.offsets.", "firn.kafka.floors.", "firn.file.offsets"};

bool IsCarriedStateKey(std::string_view key);

struct CarriedState {
  std::map<std::string, std::string> values;   // key -> its newest value in the ancestry
  std::map<std::string, SnapshotId> carriers;  // key -> the snapshot that value is from
  // True when the walk reached a snapshot whose parent was expired: keys older than the cut
  // cannot be seen (a reader of such a key fails the same way).
  bool ancestry_cut = false;
};

// The newest value of every carried key along main's ancestry (empty for a table without
// a current snapshot).
CarriedState LatestCarriedState(const TableMetadata& metadata);

// A SnapshotUpdate precondition for commits that are not ingest's (compaction, manifest
// rewrites): copies LatestCarriedState(base) into the new snapshot's summary, against the
// table as it is at each commit attempt.
Status CarryStateForward(const TableMetadata& base, std::map<std::string, std::string>* summary);

}  // namespace firn::iceberg
