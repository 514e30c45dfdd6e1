#include "firn/ingest/config/size_text.h"

#include <array>
#include <limits>
#include <utility>

namespace firn::ingest {
namespace {

constexpr int64_t kKi = 1024;
constexpr int64_t kK = 1000;

// Lower-case spellings; the input is lowered before the lookup.
constexpr std::array<std::pair<std::string_view, int64_t>, 9> kUnits = {{
    {"b", 1},
    {"kb", kK},
    {"mb", kK* kK},
    {"gb", kK* kK* kK},
    {"tb", kK* kK* kK* kK},
    {"kib", kKi},
    {"mib", kKi* kKi},
    {"gib", kKi* kKi* kKi},
    {"tib", kKi* kKi* kKi* kKi},
}};

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

}  // namespace

Result<int64_t> ParseByteSize(std::string_view text) {
  std::string_view s = text;
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  if (s.empty()) return InvalidArgument("empty size");
  if (s.front() == '-') return InvalidArgument("a size must not be negative");
  size_t digits = 0;
  while (digits < s.size() && s[digits] >= '0' && s[digits] <= '9') ++digits;
  if (digits == 0) return InvalidArgument("a size starts with digits, as in \"512MB\"");
  if (digits < s.size() && (s[digits] == '.' || s[digits] == ',' || s[digits] == '_')) {
    return InvalidArgument("a size is a whole number of units, without '{}'", s[digits]);
  }
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  int64_t number = 0;
  for (size_t i = 0; i < digits; ++i) {
    int d = s[i] - '0';
    if (number > (kMax - d) / 10) return InvalidArgument("is larger than 2^63-1 bytes");
    number = number * 10 + d;
  }
  std::string_view unit = s.substr(digits);
  while (!unit.empty() && IsSpace(unit.front())) unit.remove_prefix(1);
  int64_t multiplier = 1;
  if (!unit.empty()) {
    std::string lower(unit);
    for (char& c : lower) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    bool found = false;
    for (const auto& [name, value] : kUnits) {
      if (lower == name) {
        multiplier = value;
        found = true;
        break;
      }
    }
    if (!found) {
      return InvalidArgument("unknown unit '{}' (units: B, KB, MB, GB, TB, KiB, MiB, GiB, TiB)",
                             unit);
    }
  }
  if (number > kMax / multiplier) return InvalidArgument("is larger than 2^63-1 bytes");
  return number * multiplier;
}

}  // namespace firn::ingest
