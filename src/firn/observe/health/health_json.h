// The health report as one JSON object, for `firn health --format json` and `/health`:
//
//   {"table":"db.t","now_ms":..,"current_snapshot_id":..|null,"verdict":"warn",
//    "commit_frequency":{"verdict":..,"message":..,"window_hours":24,"ingest_commits":..,
//        "maintenance_commits":..,"commits_per_hour":[24 ints, oldest first],
//        "average_per_hour":..,"peak_per_hour":..,"median_interval_ms":..|null,
//        "last_commit_ms":..|null,"history_starts_ms":..|null},
//    "file_sizes":{"verdict","message","target_bytes","small_below_bytes","data_files",
//        "data_bytes","average_bytes","small_files","small_bytes","small_share",
//        "distribution":[{"min_ratio","max_ratio"|null,"min_bytes","max_bytes"|null,"files","bytes"}]},
//    "compaction_lag":{"verdict","message","files","bytes","partitions","below_min_input",
//        "worst_partition","worst_partition_files","oldest_added_ms"|null,"oldest_age_ms"|null,
//        "oldest_age_is_lower_bound"},
//    "latency":{"verdict","message","source":"event-time"|"source-timestamp"|"none",
//        "commits","p50_ms","p99_ms","max_ms" (of the source; null for none),
//        "event_time":{"commits","p50_ms","p99_ms","max_ms","future"}|null,"source_timestamp":{..}|null},
//    "counts":{"verdict","message","snapshots","manifests","delete_manifests","delete_files",
//        "position_delete_files","equality_delete_files","records","deleted_records","delete_ratio",
//        "data_files","delete_file_ratio","delete_rows_read","read_amplification"}}
//
// Field names are a contract with scripts: add fields, do not rename them.
//
// Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>

#include "firn/observe/health/health_verdicts.h"
#include "firn/observe/health/table_health.h"

namespace firn::observe {

// One line, no trailing newline.
std::string HealthJson(std::string_view table, const TableHealth& health,
                       const HealthVerdicts& verdicts);

}  // namespace firn::observe
