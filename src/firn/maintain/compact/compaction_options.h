// CompactionOptions: what a compaction run rewrites and how it commits. The names follow
// Iceberg's RewriteDataFiles options (Spark's rewrite_data_files procedure), so that a data
// engineer's settings carry over; generations follow Amoro's self-optimizing (minor:
// fragments only, cheap; major: every file below min-file-size).
//
//   option                        default                      Iceberg name
//   target_file_size_bytes        write.target-file-size-bytes  target-file-size-bytes
//                                 if the table sets it, else 256 MiB
//   min_file_size_bytes           75% of the target            min-file-size-bytes
//   max_file_size_bytes           180% of the target           max-file-size-bytes
//   min_input_files               5                            min-input-files
//   max_file_group_size_bytes     100 GiB                      max-file-group-size-bytes
//   delete_file_threshold         none                         delete-file-threshold
//   delete_ratio_threshold        0.3                          delete-ratio-threshold
//                                 (delete rows, summed over the delete files that apply
//                                 to a file, per row of the file; an upper bound for
//                                 equality deletes)
//   partial_progress              false                        partial-progress.enabled
//   max_commits                   10                           partial-progress.max-commits
//   fragment_ratio                8 (fragments: < target / 8)  Amoro self-optimizing.fragment-ratio
//   remove_dangling_deletes       true                         remove-dangling-deletes
//                                 (delete files that apply to no live data file are
//                                 removed, even when no data file is rewritten)
//   strategy                      sort if the table has a      strategy (binpack | sort)
//                                 sort order, else binpack
//   sort_order                    the table's default order    sort_order ("id desc nulls
//                                                              last, day(ts)")
//   rewrite_all                   false                        rewrite-all (every selected
//                                 file, whatever its size: to re-sort a table)
//
// The sort strategy groups files exactly as bin-pack does, then sorts each group's rows
// (external_sorter.h: spilled runs beyond the run's memory) before writing, so every
// output file is sorted and the files of a group cover consecutive key ranges.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "firn/iceberg/expressions/expression.h"
#include "firn/iceberg/metadata/table_metadata.h"

namespace firn::maintain {

enum class CompactionStrategy {
  kBinPack,  // rows in input order
  kSort,     // rows sorted by the sort order
};

enum class CompactionGeneration {
  kMinor,  // fragments only (files under target / fragment_ratio)
  kMajor,  // every file under min_file_size_bytes (fragments included)
};

struct CompactionOptions {
  std::optional<int64_t> target_file_size_bytes;
  std::optional<int64_t> min_file_size_bytes;
  std::optional<int64_t> max_file_size_bytes;
  int min_input_files = 5;
  int64_t max_file_group_size_bytes = int64_t{100} << 30;
  std::optional<int> delete_file_threshold;  // files with at least this many delete files
  std::optional<double> delete_ratio_threshold = 0.3;  // files this deleted (see above); nullopt: off
  bool partial_progress = false;
  int max_commits = 10;
  int fragment_ratio = 8;
  bool remove_dangling_deletes = true;
  CompactionGeneration generation = CompactionGeneration::kMajor;
  iceberg::ExprPtr filter;  // which files (by partition or column bounds); rows are never filtered
  std::optional<CompactionStrategy> strategy;  // nullopt: sort when the table has a sort order
  std::optional<std::string> sort_order;       // text (sort_order_parser.h); implies sort
  bool rewrite_all = false;
};

// The order a run sorts by: unsorted for bin-pack. `stamp_id` is what the written files
// record as sort_order_id: the table's id for the order, or nullopt for an order the table
// does not have. InvalidArgument for an explicit sort strategy on a table without a sort
// order, or a sort order that does not bind to the current schema.
struct ResolvedSortOrder {
  iceberg::SortOrder order;
  std::optional<int32_t> stamp_id = 0;
};
Result<ResolvedSortOrder> ResolveSortOrder(const CompactionOptions& options, const iceberg::TableMetadata& metadata);

// The sizes in force for a table: options first, then the table's property, then defaults.
struct CompactionSizes {
  int64_t target = 0, min = 0, max = 0, fragment = 0;
};
Result<CompactionSizes> ResolveSizes(const CompactionOptions& options, const iceberg::TableMetadata& metadata);

}  // namespace firn::maintain
