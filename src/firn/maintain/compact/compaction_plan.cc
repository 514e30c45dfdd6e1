#include "firn/maintain/compact/compaction_plan.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "firn/common/macros.h"
#include "firn/iceberg/partition/partition_path.h"
#include "firn/iceberg/scan/table_scan.h"
#include "firn/iceberg/sort/sort_order_parser.h"

namespace firn::maintain {

Result<CompactionSizes> ResolveSizes(const CompactionOptions& o, const iceberg::TableMetadata& m) {
  CompactionSizes s;
  if (o.target_file_size_bytes) {
    s.target = *o.target_file_size_bytes;
  } else {
    FIRN_ASSIGN_OR_RETURN(s.target, iceberg::PropertyAsInt(m.properties, iceberg::props::kTargetFileSizeBytes,
                                                           iceberg::props::kCompactionTargetFileSizeBytesDefault));
  }
  if (s.target <= 0) return InvalidArgument("target file size must be positive, got {}", s.target);
  s.min = o.min_file_size_bytes.value_or(iceberg::props::CompactionMinFileSizeBytes(s.target));
  s.max = o.max_file_size_bytes.value_or(s.target * 9 / 5);
  if (s.min < 0 || s.min > s.target) {
    return InvalidArgument("min file size {} must be between 0 and the target {}", s.min, s.target);
  }
  if (s.max < s.target) return InvalidArgument("max file size {} is below the target {}", s.max, s.target);
  if (o.fragment_ratio <= 0) return InvalidArgument("fragment ratio must be positive, got {}", o.fragment_ratio);
  if (o.min_input_files < 1) return InvalidArgument("min input files must be at least 1, got {}", o.min_input_files);
  if (o.max_file_group_size_bytes <= 0) return InvalidArgument("max file group size must be positive");
  if (o.delete_ratio_threshold && !(*o.delete_ratio_threshold > 0 && *o.delete_ratio_threshold <= 1)) {
    return InvalidArgument("delete ratio threshold must be in (0, 1], got {}", *o.delete_ratio_threshold);
  }
  s.fragment = std::min(s.min, s.target / o.fragment_ratio);
  return s;
}

Result<ResolvedSortOrder> ResolveSortOrder(const CompactionOptions& o, const iceberg::TableMetadata& m) {
  ResolvedSortOrder out;
  if (o.strategy == CompactionStrategy::kBinPack) {
    if (o.sort_order) return InvalidArgument("a sort order was given with the binpack strategy; use strategy sort");
    return out;
  }
  const iceberg::Schema* schema = &m.CurrentSchema();
  if (o.sort_order) {
    FIRN_ASSIGN_OR_RETURN(out.order, iceberg::ParseSortOrder(*o.sort_order, *schema));
    if (out.order.IsUnsorted()) return InvalidArgument("the sort order is empty");
    out.stamp_id = std::nullopt;
    for (const iceberg::SortOrder& t : m.sort_orders) {
      if (t.fields == out.order.fields) out.stamp_id = t.order_id;
    }
    if (out.stamp_id) out.order.order_id = *out.stamp_id;
    return out;
  }
  const iceberg::SortOrder* table_order = m.SortOrderById(m.default_sort_order_id);
  if (table_order == nullptr || table_order->IsUnsorted()) {
    if (o.strategy == CompactionStrategy::kSort) {
      return InvalidArgument(
          "the sort strategy needs a sort order: the table has none (set one with `firn table alter "
          "NS.TABLE --sort-by ...`), or give one (--sort-order)");
    }
    return out;
  }
  if (Status st = table_order->Validate(*schema); !st) {
    return std::unexpected(std::move(st.error()).WithContext("the table's sort order " +
                                                             std::to_string(table_order->order_id)));
  }
  out.order = *table_order;
  out.stamp_id = table_order->order_id;
  return out;
}

namespace {

// A file whose delete files make reads costly: at least delete_file_threshold of them, or
// delete rows (the record counts of every delete file that applies to it: exact for
// position deletes of this file, an upper bound for equality deletes) at least
// delete_ratio_threshold of its rows. Such a file is rewritten even when large or alone.
bool DeleteHeavy(const iceberg::FileScanTask& t, const CompactionOptions& o) {
  if (t.delete_files.empty()) return false;
  if (o.delete_file_threshold && static_cast<int>(t.delete_files.size()) >= *o.delete_file_threshold) return true;
  if (!o.delete_ratio_threshold) return false;
  int64_t deleted = 0;
  for (const iceberg::DataFile& d : t.delete_files) deleted += d.record_count;
  return static_cast<double>(deleted) >= *o.delete_ratio_threshold * static_cast<double>(t.data_file.record_count);
}

// How many files a group of `bytes` becomes, and the roll size that gets there (Iceberg's
// SizeBasedFileRewriter.numOutputFiles, in short): round to the nearest count of target
// files, but never produce files over max; the roll size spreads the bytes evenly, with a
// margin so that estimation error does not spill a tiny last file.
void SizeOutput(const CompactionSizes& s, FileGroup& g) {
  int64_t n = std::max<int64_t>(1, std::llround(static_cast<double>(g.input_bytes) / static_cast<double>(s.target)));
  while (g.input_bytes / n > s.max) ++n;
  g.expected_output_files = static_cast<int>(n);
  const int64_t even = (g.input_bytes + n - 1) / n;
  g.output_file_size_bytes = n == 1 ? std::max(s.max, even + even / 10) : std::min(s.max, even + even / 10);
}

}  // namespace

Result<CompactionPlan> PlanCompaction(io::FileIO& io, const iceberg::TableMetadata& metadata,
                                      const CompactionOptions& options) {
  CompactionPlan plan;
  FIRN_ASSIGN_OR_RETURN(plan.sizes, ResolveSizes(options, metadata));
  const iceberg::Snapshot* current = metadata.CurrentSnapshot();
  if (current == nullptr) return plan;
  plan.snapshot_id = current->snapshot_id;
  plan.sequence_number = current->sequence_number;

  iceberg::ScanOptions scan_options;
  scan_options.snapshot_id = current->snapshot_id;
  scan_options.filter = options.filter;  // selects files; the rewrite reads every row
  FIRN_ASSIGN_OR_RETURN(auto scan, iceberg::TableScan::Make(io, metadata, std::move(scan_options)));
  FIRN_ASSIGN_OR_RETURN(std::vector<iceberg::FileScanTask> tasks, scan->PlanFiles());

  const int64_t limit = options.generation == CompactionGeneration::kMinor ? plan.sizes.fragment : plan.sizes.min;
  // (spec id, partition path) -> candidates
  std::map<std::pair<int32_t, std::string>, std::vector<iceberg::FileScanTask>> by_partition;
  for (iceberg::FileScanTask& t : tasks) {
    ++plan.data_files;
    plan.data_bytes += t.data_file.file_size_in_bytes;
    const bool small = t.data_file.file_size_in_bytes < limit;
    const bool deletes = DeleteHeavy(t, options);
    if (!small && !deletes && !options.rewrite_all) continue;
    ++plan.candidate_files;
    plan.candidate_bytes += t.data_file.file_size_in_bytes;
    const iceberg::PartitionSpec* spec = metadata.SpecById(t.data_file.spec_id);
    if (spec == nullptr) {
      return Corrupt("data file {} names partition spec {}, which the table does not have",
                     t.data_file.file_path, t.data_file.spec_id);
    }
    std::string key = spec->fields.empty() ? std::string() : iceberg::PartitionPath(*spec, t.data_file.partition);
    by_partition[{t.data_file.spec_id, std::move(key)}].push_back(std::move(t));
  }

  for (auto& [key, files] : by_partition) {
    std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) {
      return a.data_file.file_size_in_bytes < b.data_file.file_size_in_bytes;
    });
    FileGroup g;
    auto close_group = [&] {
      if (g.files.empty()) return;
      const bool enough_files = static_cast<int>(g.files.size()) >= options.min_input_files;
      const bool enough_bytes = g.input_bytes > plan.sizes.target && g.files.size() > 1;
      bool too_many_deletes = false;
      for (const auto& f : g.files) too_many_deletes |= DeleteHeavy(f, options);
      if (enough_files || enough_bytes || too_many_deletes || options.rewrite_all) {
        SizeOutput(plan.sizes, g);
        plan.groups.push_back(std::move(g));
      }
      g = FileGroup{};
    };
    for (iceberg::FileScanTask& t : files) {
      if (!g.files.empty() && g.input_bytes + t.data_file.file_size_in_bytes > options.max_file_group_size_bytes) {
        close_group();
      }
      g.spec_id = key.first;
      g.partition_path = key.second;
      g.input_bytes += t.data_file.file_size_in_bytes;
      g.input_records += t.data_file.record_count;
      g.files.push_back(std::move(t));
    }
    close_group();
  }
  std::stable_sort(plan.groups.begin(), plan.groups.end(),
                   [](const FileGroup& a, const FileGroup& b) { return a.input_bytes > b.input_bytes; });
  return plan;
}

}  // namespace firn::maintain
