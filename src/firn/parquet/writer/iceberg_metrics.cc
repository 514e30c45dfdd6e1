#include "firn/parquet/writer/iceberg_metrics.h"

#include <charconv>
#include <cstring>

namespace firn::parquet {
namespace {

using Kind = LogicalType::Kind;

// Big-endian minimal two's complement of a signed integer (Java BigInteger.toByteArray).
std::string MinimalBigEndian(int64_t v) {
  std::string be(8, '\0');
  for (int i = 0; i < 8; ++i) be[7 - i] = static_cast<char>((static_cast<uint64_t>(v) >> (8 * i)) & 0xFF);
  return be;
}

// Strips redundant leading sign bytes of a big-endian two's complement number.
std::string StripSignExtension(std::string be) {
  size_t i = 0;
  while (i + 1 < be.size()) {
    uint8_t b = static_cast<uint8_t>(be[i]), next = static_cast<uint8_t>(be[i + 1]);
    if ((b == 0x00 && !(next & 0x80)) || (b == 0xFF && (next & 0x80))) ++i;
    else break;
  }
  return be.substr(i);
}

// Length in bytes of the UTF-8 sequence starting with `lead` (1 for invalid bytes).
int Utf8Len(uint8_t lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;
}

// Byte offsets of the first `n` code points of s (size n+1 or fewer if s is shorter).
size_t PrefixBytes(std::string_view s, int32_t code_points) {
  size_t pos = 0;
  for (int32_t i = 0; i < code_points && pos < s.size(); ++i) {
    pos += static_cast<size_t>(Utf8Len(static_cast<uint8_t>(s[pos])));
  }
  return std::min(pos, s.size());
}

uint32_t DecodeCodePoint(std::string_view s) {
  auto b = [&](size_t i) { return static_cast<uint32_t>(static_cast<uint8_t>(s[i])); };
  switch (s.size()) {
    case 1: return b(0);
    case 2: return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    case 3: return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    default: return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
  }
}

void AppendCodePoint(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

Result<MetricsMode> MetricsMode::Parse(std::string_view text) {
  std::string t;
  for (char c : text) t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (t == "none") return MetricsMode{Kind::kNone, 0};
  if (t == "counts") return MetricsMode{Kind::kCounts, 0};
  if (t == "full") return MetricsMode{Kind::kFull, 0};
  if (t.starts_with("truncate(") && t.ends_with(")")) {
    std::string_view num(t.data() + 9, t.size() - 10);
    int32_t n = 0;
    auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), n);
    if (ec == std::errc() && p == num.data() + num.size() && n > 0) return MetricsMode{Kind::kTruncate, n};
  }
  return InvalidArgument("invalid metrics mode '{}': expected none, counts, truncate(N) with N > 0, or full", text);
}

MetricsMode MetricsConfig::ModeFor(std::optional<int32_t> field_id) const {
  if (field_id) {
    auto it = by_field_id.find(*field_id);
    if (it != by_field_id.end()) return it->second;
  }
  return default_mode;
}

std::string ToIcebergBound(const SchemaNode& leaf, std::string_view plain) {
  bool decimal = leaf.logical.kind == Kind::kDecimal;
  switch (leaf.physical) {
    case PhysicalType::kInt32: {
      int32_t v;
      std::memcpy(&v, plain.data(), 4);
      if (decimal) return StripSignExtension(MinimalBigEndian(v));
      return std::string(plain.substr(0, 4));
    }
    case PhysicalType::kInt64: {
      int64_t v;
      std::memcpy(&v, plain.data(), 8);
      if (decimal) return StripSignExtension(MinimalBigEndian(v));
      return std::string(plain.substr(0, 8));
    }
    case PhysicalType::kFixedLenByteArray:
    case PhysicalType::kByteArray:
      if (decimal) return StripSignExtension(std::string(plain));
      return std::string(plain);
    default:
      return std::string(plain);  // boolean (1 byte), float, double: little-endian as stored
  }
}

std::string TruncateStringLower(std::string_view s, int32_t code_points) {
  return std::string(s.substr(0, PrefixBytes(s, code_points)));
}

std::optional<std::string> TruncateStringUpper(std::string_view s, int32_t code_points) {
  size_t n = PrefixBytes(s, code_points);
  if (n >= s.size()) return std::string(s);
  std::string_view prefix = s.substr(0, n);
  // Offsets of each code point in the prefix, to walk back from the last one.
  std::vector<size_t> starts;
  for (size_t p = 0; p < prefix.size(); p += static_cast<size_t>(Utf8Len(static_cast<uint8_t>(prefix[p])))) {
    starts.push_back(p);
  }
  for (size_t k = starts.size(); k-- > 0;) {
    size_t begin = starts[k];
    size_t len = std::min(static_cast<size_t>(Utf8Len(static_cast<uint8_t>(prefix[begin]))), prefix.size() - begin);
    uint32_t cp = DecodeCodePoint(prefix.substr(begin, len)) + 1;
    if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xE000;  // skip the surrogate range
    if (cp <= 0x10FFFF) {
      std::string out(prefix.substr(0, begin));
      AppendCodePoint(out, cp);
      return out;
    }
  }
  return std::nullopt;
}

std::string TruncateBinaryLower(std::string_view s, int32_t length) {
  return std::string(s.substr(0, static_cast<size_t>(length)));
}

std::optional<std::string> TruncateBinaryUpper(std::string_view s, int32_t length) {
  if (s.size() <= static_cast<size_t>(length)) return std::string(s);
  std::string out(s.substr(0, static_cast<size_t>(length)));
  while (!out.empty()) {
    uint8_t last = static_cast<uint8_t>(out.back());
    if (last != 0xFF) {
      out.back() = static_cast<char>(last + 1);
      return out;
    }
    out.pop_back();
  }
  return std::nullopt;
}

IcebergColumnMetrics MakeColumnMetrics(const ColumnDescriptor& column, const ColumnStatistics& stats,
                                       int64_t column_size, int64_t value_count, MetricsMode mode) {
  const SchemaNode& leaf = *column.node;
  IcebergColumnMetrics m;
  m.field_id = leaf.field_id.value_or(0);
  m.column_size = column_size;
  if (mode.kind == MetricsMode::Kind::kNone) return m;
  m.value_count = value_count;
  m.null_value_count = stats.null_count();
  if (leaf.physical == PhysicalType::kFloat || leaf.physical == PhysicalType::kDouble) {
    m.nan_value_count = stats.nan_count();
  }
  if (mode.kind == MetricsMode::Kind::kCounts || column.in_repeated || !stats.has_min_max() ||
      leaf.physical == PhysicalType::kInt96) {
    return m;
  }
  std::string lower = ToIcebergBound(leaf, stats.min());
  std::string upper = ToIcebergBound(leaf, stats.max());
  bool truncatable = (leaf.physical == PhysicalType::kByteArray ||
                      leaf.physical == PhysicalType::kFixedLenByteArray) &&
                     leaf.logical.kind != Kind::kDecimal && leaf.logical.kind != Kind::kUuid;
  if (mode.kind == MetricsMode::Kind::kTruncate && truncatable) {
    bool is_string = leaf.logical.kind == Kind::kString || leaf.logical.kind == Kind::kEnum ||
                     leaf.logical.kind == Kind::kJson;
    if (is_string) {
      m.lower_bound = TruncateStringLower(lower, mode.length);
      m.upper_bound = TruncateStringUpper(upper, mode.length);
    } else {
      m.lower_bound = TruncateBinaryLower(lower, mode.length);
      m.upper_bound = TruncateBinaryUpper(upper, mode.length);
    }
    return m;
  }
  m.lower_bound = std::move(lower);
  m.upper_bound = std::move(upper);
  return m;
}

}  // namespace firn::parquet
