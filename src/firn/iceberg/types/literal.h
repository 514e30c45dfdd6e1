// Literal: one typed Iceberg value (or a typed null), for partition values, column bounds
// and default values. The representation follows the spec's single-value semantics:
//
//   boolean                          bool
//   int, date                        int32_t (date: days from 1970-01-01)
//   long, time, timestamp[tz][_ns]   int64_t (micros from midnight / from epoch; nanos for _ns)
//   float / double                   float / double
//   decimal(P,S)                     Int128 unscaled value
//   string, binary, fixed[L]         std::string bytes (string: UTF-8)
//   uuid                             std::string of 16 bytes, big-endian (RFC 4122 order)
//
// Serialisations live in literal_bytes.h (Appendix D binary) and literal_json.h (Appendix
// D JSON). Thread-safety: plain value.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "firn/common/result.h"
#include "firn/iceberg/types/type.h"

namespace firn::iceberg {

using Int128 = __int128;

struct Literal {
  using Value =
      std::variant<std::monostate, bool, int32_t, int64_t, float, double, Int128, std::string>;

  Type type;    // a primitive type
  Value value;  // std::monostate for null

  bool is_null() const { return std::holds_alternative<std::monostate>(value); }
  int32_t int32() const { return std::get<int32_t>(value); }
  int64_t int64() const { return std::get<int64_t>(value); }
  Int128 unscaled() const { return std::get<Int128>(value); }
  const std::string& bytes() const { return std::get<std::string>(value); }

  static Literal Null(Type type) { return Literal{std::move(type), std::monostate{}}; }
  static Literal Boolean(bool v) { return Literal{Type::Boolean(), v}; }
  static Literal Int(int32_t v) { return Literal{Type::Int(), v}; }
  static Literal Long(int64_t v) { return Literal{Type::Long(), v}; }
  static Literal Float(float v) { return Literal{Type::Float(), v}; }
  static Literal Double(double v) { return Literal{Type::Double(), v}; }
  static Literal Decimal(Int128 unscaled, int32_t precision, int32_t scale) {
    return Literal{Type::Decimal(precision, scale), unscaled};
  }
  static Literal Date(int32_t days) { return Literal{Type::Date(), days}; }
  static Literal Time(int64_t micros) { return Literal{Type::Time(), micros}; }
  static Literal Timestamp(int64_t micros) { return Literal{Type::Timestamp(), micros}; }
  static Literal TimestampTz(int64_t micros) { return Literal{Type::TimestampTz(), micros}; }
  static Literal TimestampNs(int64_t nanos) { return Literal{Type::TimestampNs(), nanos}; }
  static Literal TimestampTzNs(int64_t nanos) { return Literal{Type::TimestampTzNs(), nanos}; }
  static Literal String(std::string v) { return Literal{Type::String(), std::move(v)}; }
  // REQUIRES: 16 bytes.
  static Literal Uuid(std::string bytes) { return Literal{Type::Uuid(), std::move(bytes)}; }
  static Literal Fixed(std::string v) {
    int32_t n = static_cast<int32_t>(v.size());
    return Literal{Type::Fixed(n), std::move(v)};
  }
  static Literal Binary(std::string v) { return Literal{Type::Binary(), std::move(v)}; }

  // Parses "f79c3e09-677c-4bbd-a479-3f349cb785e7" (either case) into a uuid literal.
  static Result<Literal> ParseUuid(std::string_view s);

  // The human-readable form used in partition paths (Java's Transform.toHumanString for
  // identity): "2017-11-16", "22:31:08", "2017-11-16T22:31:08Z", "14.20", uuid text,
  // base64 for fixed and binary, "null" for null.
  std::string ToString() const;

  bool operator==(const Literal&) const = default;
};

// Orders two literals of the same type in the type's natural order: numbers numerically
// (floats as Java's Float.compare: -0.0 < 0.0, NaN last), strings and binary by unsigned
// bytes. Nulls sort first. REQUIRES: a.type.id() == b.type.id().
std::strong_ordering Compare(const Literal& a, const Literal& b);

// Helpers shared by the serialisers.
std::string Int128ToString(Int128 v);
// "14.20" for unscaled 1420 and scale 2.
std::string DecimalToString(Int128 unscaled, int32_t scale);
// Parses "14.20" with exactly `scale` fraction digits (no digits and no point for 0).
Result<Int128> ParseDecimal(std::string_view s, int32_t precision, int32_t scale);
std::string UuidToString(std::string_view bytes16);
std::string Base64Encode(std::string_view bytes);

}  // namespace firn::iceberg
