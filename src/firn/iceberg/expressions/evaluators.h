// The three "might match" evaluators a scan uses to skip work before reading rows. Each is
// conservative: MightMatch may say true for something that holds no matching row, but never
// false for something that does (Java's ManifestEvaluator, Evaluator over partitions with an
// inclusive projection, and InclusiveMetricsEvaluator). The rules are in README.md.
//
// Make() binds `filter` (unbound or already bound to `schema`) and, for the partition-level
// evaluators, projects it through the spec's transforms (projection.h).
//
// Thread-safety: immutable after Make(); MightMatch may be called from many threads.
#pragma once

#include <memory>
#include <vector>

#include "firn/common/result.h"
#include "firn/iceberg/expressions/expression.h"
#include "firn/iceberg/manifest/data_file.h"
#include "firn/iceberg/manifest/manifest_file.h"
#include "firn/iceberg/partition/partition_spec.h"
#include "firn/iceberg/types/schema.h"

namespace firn::iceberg {

// Skips whole manifests from the manifest list's partition summaries.
class ManifestEvaluator {
 public:
  static Result<std::unique_ptr<ManifestEvaluator>> Make(const Schema& schema,
                                                         const PartitionSpec& spec,
                                                         const ExprPtr& filter,
                                                         bool case_sensitive = true);

  // REQUIRES: `manifest` was written for `spec` (partitions has one summary per field, or
  // none at all, in which case every manifest might match). Bounds that do not decode as the
  // partition field's result type are treated as absent.
  bool MightMatch(const ManifestFile& manifest) const;

  // The filter projected onto the partition struct (bound to its field ids).
  const ExprPtr& partition_filter() const { return partition_filter_; }

 private:
  ManifestEvaluator(std::vector<Type> types, ExprPtr partition_filter, ExprPtr positional)
      : types_(std::move(types)),
        partition_filter_(std::move(partition_filter)),
        positional_(std::move(positional)) {}

  std::vector<Type> types_;  // partition field result types, in spec order
  ExprPtr partition_filter_;
  ExprPtr positional_;  // partition_filter_ with field ids replaced by tuple positions
};

// Decides on one data file's partition tuple: exact on the projected filter.
class PartitionEvaluator {
 public:
  static Result<std::unique_ptr<PartitionEvaluator>> Make(const Schema& schema,
                                                          const PartitionSpec& spec,
                                                          const ExprPtr& filter,
                                                          bool case_sensitive = true);

  // REQUIRES: one value per spec field, each of the field's result type (or null).
  bool MightMatch(const std::vector<Literal>& partition_tuple) const;

  // The filter projected onto the partition struct (bound to its field ids).
  const ExprPtr& partition_filter() const { return partition_filter_; }

 private:
  PartitionEvaluator(ExprPtr partition_filter, ExprPtr positional)
      : partition_filter_(std::move(partition_filter)), positional_(std::move(positional)) {}

  ExprPtr partition_filter_;
  ExprPtr positional_;  // partition_filter_ with field ids replaced by tuple positions
};

// Decides on one data file from its column metrics (value, null and NaN counts, bounds).
class MetricsEvaluator {
 public:
  static Result<std::unique_ptr<MetricsEvaluator>> Make(const Schema& schema,
                                                        const ExprPtr& filter,
                                                        bool case_sensitive = true);

  // Missing metrics never exclude a file; string and binary bounds may be truncated
  // prefixes (lower) or incremented prefixes (upper), as writers store them.
  bool MightMatch(const DataFile& file) const;

  const ExprPtr& filter() const { return filter_; }

 private:
  explicit MetricsEvaluator(ExprPtr filter) : filter_(std::move(filter)) {}

  ExprPtr filter_;
};

}  // namespace firn::iceberg
