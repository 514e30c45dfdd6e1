// The health report as text for people (`firn health`): the overall verdict, then one
// line per aspect (verdict, then its message), with the commits per hour, the size
// distribution and both latency measures beneath:
//
//   db.events: WARN (at 2026-12-01T06:30:00Z)
//   1. commits     OK    1,440 commits in the last 24 h (60.0/h, peak 61/h, ...)
//                        per hour, oldest first: 60 60 ... 59
//   2. file sizes  WARN  412 of 430 files (96%) are under 192 MiB: run `firn maintain db.events
//   compact` ...
//   ...
//
// Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>

#include "firn/observe/health/health_verdicts.h"
#include "firn/observe/health/table_health.h"

namespace firn::observe {

// Multi-line, ending in a newline.
std::string HealthText(std::string_view table, const TableHealth& health,
                       const HealthVerdicts& verdicts);

}  // namespace firn::observe
