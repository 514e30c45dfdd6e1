#include "firn/iceberg/types/literal_bytes.h"

#include "firn/common/bytes.h"
#include "firn/common/macros.h"

namespace firn::iceberg {

std::string DecimalMinBytes(Int128 v) {
  unsigned char be[16];
  auto u = static_cast<unsigned __int128>(v);
  for (int i = 15; i >= 0; --i) {
    be[i] = static_cast<unsigned char>(u & 0xff);
    u >>= 8;
  }
  // Drop leading bytes that only repeat the sign of the next one.
  int start = 0;
  while (start < 15) {
    bool redundant = (be[start] == 0x00 && (be[start + 1] & 0x80) == 0) ||
                     (be[start] == 0xff && (be[start + 1] & 0x80) != 0);
    if (!redundant) break;
    ++start;
  }
  return std::string(reinterpret_cast<const char*>(be + start), static_cast<size_t>(16 - start));
}

Result<Int128> DecimalFromBytes(std::string_view b) {
  if (b.empty() || b.size() > 16) return Corrupt("decimal of {} bytes", b.size());
  unsigned __int128 u =
      (static_cast<unsigned char>(b[0]) & 0x80) ? ~static_cast<unsigned __int128>(0) : 0;
  for (char c : b) u = (u << 8) | static_cast<unsigned char>(c);
  return static_cast<Int128>(u);
}

namespace {

template <typename T>
std::string LE(T v) {
  std::string out(sizeof(T), '\0');
  StoreLE(out.data(), v);
  return out;
}

}  // namespace

std::string ToBytes(const Literal& v) {
  switch (v.type.id()) {
    case TypeId::kBoolean:
      return std::string(1, std::get<bool>(v.value) ? '\x01' : '\x00');
    case TypeId::kInt:
    case TypeId::kDate:
      return LE(v.int32());
    case TypeId::kLong:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTzNs:
      return LE(v.int64());
    case TypeId::kFloat:
      return LE(std::get<float>(v.value));
    case TypeId::kDouble:
      return LE(std::get<double>(v.value));
    case TypeId::kDecimal:
      return DecimalMinBytes(v.unscaled());
    default:
      return v.bytes();
  }
}

Result<Literal> FromBytes(const Type& type, std::string_view b) {
  auto size_error = [&](std::string_view expected) {
    return Corrupt("{} value of {} bytes (expected {})", type.ToString(), b.size(), expected);
  };
  switch (type.id()) {
    case TypeId::kBoolean:
      if (b.size() != 1) return size_error("1");
      return Literal{type, b[0] != 0};
    case TypeId::kInt:
    case TypeId::kDate:
      if (b.size() != 4) return size_error("4");
      return Literal{type, LoadLE<int32_t>(b.data())};
    case TypeId::kLong:
      if (b.size() == 4) return Literal{type, static_cast<int64_t>(LoadLE<int32_t>(b.data()))};
      [[fallthrough]];
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTzNs:
      if (b.size() != 8) return size_error("8");
      return Literal{type, LoadLE<int64_t>(b.data())};
    case TypeId::kFloat:
      if (b.size() != 4) return size_error("4");
      return Literal{type, LoadLE<float>(b.data())};
    case TypeId::kDouble:
      if (b.size() == 4) return Literal{type, static_cast<double>(LoadLE<float>(b.data()))};
      if (b.size() != 8) return size_error("8");
      return Literal{type, LoadLE<double>(b.data())};
    case TypeId::kDecimal: {
      FIRN_ASSIGN_OR_RETURN_CTX(Int128 v, DecimalFromBytes(b), type.ToString());
      return Literal{type, v};
    }
    case TypeId::kUuid:
      if (b.size() != 16) return size_error("16");
      return Literal{type, std::string(b)};
    case TypeId::kFixed:
      if (b.size() != static_cast<size_t>(type.length()))
        return size_error(std::to_string(type.length()));
      return Literal{type, std::string(b)};
    case TypeId::kString:
    case TypeId::kBinary:
      return Literal{type, std::string(b)};
    default:
      return NotSupported("single-value serialization of {}", type.ToString());
  }
}

}  // namespace firn::iceberg
