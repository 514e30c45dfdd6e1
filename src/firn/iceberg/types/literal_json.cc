#include "firn/iceberg/types/literal_json.h"

#include <cmath>
#include <limits>

#include "firn/common/macros.h"
#include "firn/iceberg/types/temporal.h"

namespace firn::iceberg {
namespace {

std::string Hex(std::string_view b) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (char ch : b) {
    auto c = static_cast<unsigned char>(ch);
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

Result<std::string> Unhex(std::string_view s) {
  if (s.size() % 2 != 0) return InvalidArgument("odd-length hex string");
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (size_t i = 0; i < s.size(); i += 2) {
    int hi = nibble(s[i]), lo = nibble(s[i + 1]);
    if (hi < 0 || lo < 0) return InvalidArgument("invalid hex string '{}'", s);
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

template <typename F>
void WriteFloat(F v, JsonWriter& w) {
  if (!std::isfinite(v)) {
    w.Null();  // TODO: the spec gives no JSON form for NaN and infinities
    return;
  }
  std::string s = fmt::format("{}", v);
  if (s.find_first_of(".eE") == std::string::npos) s += ".0";
  w.Raw(s);
}

}  // namespace

void WriteLiteralJson(const Literal& v, JsonWriter& w) {
  if (v.is_null()) return w.Null();
  switch (v.type.id()) {
    case TypeId::kBoolean:
      return w.Bool(std::get<bool>(v.value));
    case TypeId::kInt:
      return w.Int(v.int32());
    case TypeId::kLong:
      return w.Int(v.int64());
    case TypeId::kFloat:
      return WriteFloat(std::get<float>(v.value), w);
    case TypeId::kDouble:
      return WriteFloat(std::get<double>(v.value), w);
    case TypeId::kDecimal:
      return w.String(DecimalToString(v.unscaled(), v.type.scale()));
    case TypeId::kDate:
      return w.String(FormatDate(v.int32()));
    case TypeId::kTime:
      return w.String(FormatTime(v.int64()));
    case TypeId::kTimestamp:
      return w.String(FormatTimestamp(v.int64(), false, false));
    case TypeId::kTimestampTz:
      return w.String(FormatTimestamp(v.int64(), false, true));
    case TypeId::kTimestampNs:
      return w.String(FormatTimestamp(v.int64(), true, false));
    case TypeId::kTimestampTzNs:
      return w.String(FormatTimestamp(v.int64(), true, true));
    case TypeId::kString:
      return w.String(v.bytes());
    case TypeId::kUuid:
      return w.String(UuidToString(v.bytes()));
    case TypeId::kFixed:
    case TypeId::kBinary:
      return w.String(Hex(v.bytes()));
    default:
      return w.Null();
  }
}

std::string LiteralToJson(const Literal& v) {
  JsonWriter w;
  WriteLiteralJson(v, w);
  return std::move(w).Take();
}

namespace {

Result<Literal> FromJsonImpl(const Type& type, const JsonValue& json) {
  switch (type.id()) {
    case TypeId::kBoolean: {
      FIRN_ASSIGN_OR_RETURN(bool b, json.AsBool());
      return Literal{type, b};
    }
    case TypeId::kInt: {
      FIRN_ASSIGN_OR_RETURN(int32_t i, json.AsInt32());
      return Literal{type, i};
    }
    case TypeId::kLong: {
      FIRN_ASSIGN_OR_RETURN(int64_t i, json.AsInt64());
      return Literal{type, i};
    }
    case TypeId::kFloat: {
      FIRN_ASSIGN_OR_RETURN(double d, json.AsDouble());
      return Literal{type, static_cast<float>(d)};
    }
    case TypeId::kDouble: {
      FIRN_ASSIGN_OR_RETURN(double d, json.AsDouble());
      return Literal{type, d};
    }
    default:
      break;
  }
  FIRN_ASSIGN_OR_RETURN(std::string_view s, json.AsString());
  switch (type.id()) {
    case TypeId::kDecimal: {
      FIRN_ASSIGN_OR_RETURN(Int128 v, ParseDecimal(s, type.precision(), type.scale()));
      return Literal{type, v};
    }
    case TypeId::kDate: {
      FIRN_ASSIGN_OR_RETURN(int32_t d, ParseDate(s));
      return Literal{type, d};
    }
    case TypeId::kTime: {
      FIRN_ASSIGN_OR_RETURN(int64_t t, ParseTime(s));
      return Literal{type, t};
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTz:
    case TypeId::kTimestampTzNs: {
      bool nanos = type.id() == TypeId::kTimestampNs || type.id() == TypeId::kTimestampTzNs;
      bool tz = type.id() == TypeId::kTimestampTz || type.id() == TypeId::kTimestampTzNs;
      FIRN_ASSIGN_OR_RETURN(int64_t t, ParseTimestamp(s, nanos, tz, !tz));
      return Literal{type, t};
    }
    case TypeId::kString:
      return Literal{type, std::string(s)};
    case TypeId::kUuid:
      return Literal::ParseUuid(s);
    case TypeId::kFixed:
    case TypeId::kBinary: {
      FIRN_ASSIGN_OR_RETURN(std::string b, Unhex(s));
      if (type.id() == TypeId::kFixed && b.size() != static_cast<size_t>(type.length())) {
        return InvalidArgument("{} bytes for {}", b.size(), type.ToString());
      }
      return Literal{type, std::move(b)};
    }
    default:
      return NotSupported("JSON single values of type {}", type.ToString());
  }
}

}  // namespace

Result<Literal> LiteralFromJson(const Type& type, const JsonValue& json) {
  if (json.IsNull()) return Literal::Null(type);
  auto r = FromJsonImpl(type, json);
  if (!r && r.error().message().find(json.path()) == std::string::npos) {
    return std::unexpected(std::move(r).error().WithContext(json.path()));
  }
  return r;
}

}  // namespace firn::iceberg
