#include "firn/observe/health/health_format.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>

namespace firn::observe {

namespace {

// One decimal, without a trailing ".0".
std::string OneDecimal(double v) {
  std::string s = fmt::format("{:.1f}", v);
  if (s.size() > 2 && s.ends_with(".0")) s.resize(s.size() - 2);
  return s;
}

}  // namespace

std::string FormatCount(int64_t n) {
  const std::string digits =
      std::to_string(n < 0 ? -(n + 1) + uint64_t{1} : static_cast<uint64_t>(n));
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string FormatBytes(int64_t bytes) {
  static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  if (bytes < 0) return "-" + FormatBytes(-bytes);
  auto v = static_cast<double>(bytes);
  size_t u = 0;
  while (v >= 1024 && u + 1 < std::size(kUnits)) {
    v /= 1024;
    ++u;
  }
  if (u == 0) return fmt::format("{} B", bytes);
  return OneDecimal(v) + " " + kUnits[u];
}

std::string FormatDuration(int64_t ms) {
  if (ms < 0) return "-" + FormatDuration(-ms);
  const auto v = static_cast<double>(ms);
  if (ms < 1000) return fmt::format("{} ms", ms);
  if (ms < 60'000) return OneDecimal(v / 1000) + " s";
  if (ms < 3'600'000) return OneDecimal(v / 60'000) + " min";
  if (ms < 48 * 3'600'000LL) return OneDecimal(v / 3'600'000) + " h";
  return OneDecimal(v / 86'400'000) + " d";
}

std::string FormatCountOf(int64_t n, std::string_view noun) {
  return fmt::format("{} {}{}", FormatCount(n), noun, n == 1 ? "" : "s");
}

std::string FormatPercent(double share) {
  if (share > 0 && share < 0.005) return "<1%";
  return fmt::format("{:.0f}%", std::round(share * 100));
}

}  // namespace firn::observe
