// [maintenance] of the pipeline config (docs/configuration.md, "[maintenance]").
#include "firn/ingest/config/config_sections.h"

namespace firn::ingest::config_internal {

void ReadMaintenance(Section s, MaintenanceConfig* out) {
  if (!s.present()) return;
  constexpr int64_t kDay = 24 * 3'600'000LL, kMaxMs = 365 * kDay;
  if (auto v = s.Bool("enabled")) out->enabled = *v;
  auto ms = [&](std::string_view key, int64_t min, int64_t* into) {
    if (auto v = s.Integer(key, min, kMaxMs, "milliseconds")) *into = *v;
  };
  ms("check-interval-ms", 100, &out->check_interval_ms);
  ms("compaction-interval-ms", 100, &out->compaction_interval_ms);
  ms("expire-interval-ms", 1000, &out->expire_interval_ms);
  ms("orphan-interval-ms", 1000, &out->orphan_interval_ms);
  // Below an hour, files of commits in flight could be taken for orphans.
  ms("orphan-older-than-ms", 3'600'000, &out->orphan_older_than_ms);
  if (auto v = s.Integer("small-file-trigger", 1, 1'000'000, "a positive number of files")) {
    out->small_file_trigger = static_cast<int32_t>(*v);
  }
  if (auto v = s.Integer("min-input-files", 1, 1'000'000, "a positive number of files")) {
    out->min_input_files = static_cast<int32_t>(*v);
  }
  if (auto v = s.ByteSize("target-file-size", 1)) out->target_file_size = *v;
  s.RejectUnknown();
}

}  // namespace firn::ingest::config_internal
