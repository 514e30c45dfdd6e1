#include "firn/iceberg/metadata/table_properties.h"

#include <cctype>
#include <charconv>

namespace firn::iceberg {

Result<int64_t> PropertyAsInt(const Properties& p, std::string_view key, int64_t fallback) {
  auto it = p.find(std::string(key));
  if (it == p.end()) return fallback;
  const std::string& s = it->second;
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) {
    return InvalidArgument("table property {}='{}' is not an integer", key, s);
  }
  return v;
}

Result<bool> PropertyAsBool(const Properties& p, std::string_view key, bool fallback) {
  auto it = p.find(std::string(key));
  if (it == p.end()) return fallback;
  std::string s;
  for (char c : it->second) s.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (s == "true") return true;
  if (s == "false") return false;
  return InvalidArgument("table property {}='{}' is not true or false", key, it->second);
}

}  // namespace firn::iceberg
