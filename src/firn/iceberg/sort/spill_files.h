// Names of the external sorter's spill files, and the sweep that removes those a killed
// process left behind.
//
// A sort run is deleted when its sorter is destroyed, on success and on error; a process
// killed mid-sort (SIGKILL, OOM, power loss) leaves its runs in the spill directory. Each
// run's name says who wrote it, "firn-sort-<host>-<pid>-<uuid>-<n>.parquet", so the next
// sort on the same host can tell a dead writer's runs from a live one's: a file of this
// host whose pid names no running process is abandoned. Files of other hosts (a spill
// directory shared across containers) and files that do not follow the pattern are never
// touched.
//
// Thread-safety: both functions are safe to call concurrently.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "firn/common/result.h"

namespace firn::iceberg {

// "firn-sort-<host>-<pid>-" for this process; the host with every character outside
// [A-Za-z0-9.] replaced by '_', so the '-' separators stay unambiguous.
std::string SpillFilePrefix();

// Whether a process with this pid runs on this host (kill(pid, 0)).
bool ProcessIsAlive(int64_t pid);

struct SpillSweep {
  int64_t files_removed = 0;
  int64_t bytes_removed = 0;
};

// Removes the spill files directly under the local directory `dir` that this host wrote
// from processes that no longer run (`alive` decides; never this process). A missing
// directory is an empty sweep; a file that cannot be removed is skipped.
Result<SpillSweep> RemoveAbandonedSpillFiles(const std::string& dir,
                                             const std::function<bool(int64_t)>& alive = ProcessIsAlive);

}  // namespace firn::iceberg
