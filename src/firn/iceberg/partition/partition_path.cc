#include "firn/iceberg/partition/partition_path.h"

#include <cassert>

namespace firn::iceberg {

std::string UrlEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
        c == '-' || c == '*' || c == '_') {
      out += ch;
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string PartitionPath(const PartitionSpec& spec, const std::vector<Literal>& values) {
  assert(values.size() == spec.fields.size());
  std::string out;
  for (size_t i = 0; i < spec.fields.size(); ++i) {
    if (i > 0) out += '/';
    const PartitionField& f = spec.fields[i];
    out += UrlEncode(f.name);
    out += '=';
    out += UrlEncode(f.transform.ToHumanString(values[i]));
  }
  return out;
}

}  // namespace firn::iceberg
