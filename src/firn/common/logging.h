// Minimal leveled logging to stderr.
//
//   FIRN_LOG(kInfo, "committed snapshot {} ({} files)", id, n);
//
// Thread-safety: safe to call from any thread; each line is written with one write(2).
#pragma once

#include <string_view>

#include <fmt/format.h>

namespace firn {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3, kOff = 4 };

// The threshold below which lines are dropped. Default kInfo; FIRN_LOG_LEVEL in the
// environment (debug|info|warn|error|off) overrides it at first use.
LogLevel GetLogLevel();
void SetLogLevel(LogLevel level);

void LogLine(LogLevel level, std::string_view message);

}  // namespace firn

#define FIRN_LOG(level, ...)                                                   \
  do {                                                                         \
    if (::firn::LogLevel::level >= ::firn::GetLogLevel())                      \
      ::firn::LogLine(::firn::LogLevel::level, ::fmt::format(__VA_ARGS__));    \
  } while (false)
