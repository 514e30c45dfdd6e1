// read_canonical FILE.parquet: reads a Parquet file with firn's reader and prints its rows
// as {"rows": [...]} in the canonical JSON contract of lib/canonical.mjs, so that files
// written by other engines (duckdb_write_fixtures.mjs) can be compared with the rows
// those engines read back.
//
// Without the Iceberg schema, canonical values are derived from the Parquet schema's
// logical types:
//   DECIMAL        string with exactly `scale` fraction digits (INT32, INT64, FIXED, BINARY)
//   DATE           days; TIME and TIMESTAMP in MICROS or NANOS as stored, MILLIS scaled to
//                  micros; INT96 as nanoseconds since the epoch
//   integers       decimal strings (unsigned annotations read unsigned)
//   FLOAT, DOUBLE  the shortest string that reads back (as JavaScript's String(number) of
//                  the value widened to double), "NaN", "Infinity", "-Infinity", "-0";
//                  FLOAT16 likewise
//   UUID           lowercase 8-4-4-4-12; other FIXED and BINARY lowercase hex
//   STRING, ENUM, JSON  the string; BOOLEAN true/false; UNKNOWN (null type) null
//   struct -> object by field name; list -> array (legacy 2-level lists of a repeated group
//   give objects); map -> array of [key, value] in file order.
// Exit status: 0 on success, 1 if the file cannot be read (the error goes to stderr), 2 on
// bad usage.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "firn/common/json_writer.h"
#include "firn/io/local_file_io.h"
#include "firn/parquet/reader/file_reader.h"
#include "firn/parquet/reader/file_schema.h"

namespace {

using firn::JsonWriter;
using firn::parquet::ColumnVector;
using firn::parquet::LogicalType;
using firn::parquet::PhysicalType;
using firn::parquet::SchemaNode;
using firn::parquet::TimeUnit;
using Kind = LogicalType::Kind;

// JavaScript's Number.prototype.toString for finite non-zero doubles (ECMA-262
// Number::toString): shortest round-trip digits, exponent form outside [1e-7, 1e21).
std::string FormatDouble(double x) {
  if (std::isnan(x)) return "NaN";
  if (std::isinf(x)) return x > 0 ? "Infinity" : "-Infinity";
  if (x == 0) return std::signbit(x) ? "-0" : "0";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof(buf), std::fabs(x), std::chars_format::scientific);
  std::string s(buf, r.ptr);
  const size_t e_pos = s.find('e');
  std::string digits = s.substr(0, e_pos);
  digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
  const int exponent = std::stoi(s.substr(e_pos + 1));
  const int k = static_cast<int>(digits.size()), n = exponent + 1;
  std::string out = x < 0 ? "-" : "";
  if (k <= n && n <= 21) {
    out += digits + std::string(static_cast<size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, static_cast<size_t>(n)) + "." + digits.substr(static_cast<size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0." + std::string(static_cast<size_t>(-n), '0') + digits;
  } else {
    out += digits.substr(0, 1);
    if (k > 1) out += "." + digits.substr(1);
    out += (n - 1 >= 0 ? "e+" : "e-") + std::to_string(std::abs(n - 1));
  }
  return out;
}

float HalfToFloat(uint16_t h) {
  const int exp = (h >> 10) & 0x1f, mant = h & 0x3ff;
  float v;
  if (exp == 0) v = std::ldexp(static_cast<float>(mant), -24);
  else if (exp == 31) v = mant ? NAN : INFINITY;
  else v = std::ldexp(static_cast<float>(mant | 0x400), exp - 25);
  return (h & 0x8000) ? -v : v;
}

std::string Hex(std::string_view b) {
  static const char* kDigits = "0123456789abcdef";
  std::string s;
  for (unsigned char c : b) {
    s += kDigits[c >> 4];
    s += kDigits[c & 15];
  }
  return s;
}

// Unscaled decimal digits of a big-endian two's-complement integer, with its sign.
std::string BigEndianToDecimal(std::string_view bytes) {
  std::vector<uint8_t> mag(bytes.begin(), bytes.end());
  const bool negative = !mag.empty() && (mag[0] & 0x80);
  if (negative) {  // two's complement negation
    for (auto& b : mag) b = static_cast<uint8_t>(~b);
    for (size_t i = mag.size(); i-- > 0;) {
      if (++mag[i] != 0) break;
    }
  }
  std::string digits;
  while (std::any_of(mag.begin(), mag.end(), [](uint8_t b) { return b != 0; })) {
    unsigned rem = 0;
    for (auto& b : mag) {
      const unsigned cur = rem * 256 + b;
      b = static_cast<uint8_t>(cur / 10);
      rem = cur % 10;
    }
    digits += static_cast<char>('0' + rem);
  }
  if (digits.empty()) digits = "0";
  std::reverse(digits.begin(), digits.end());
  return (negative ? "-" : "") + digits;
}

std::string ScaleDecimal(std::string unscaled, int scale) {
  const bool negative = !unscaled.empty() && unscaled[0] == '-';
  if (negative) unscaled.erase(0, 1);
  if (scale > 0) {
    if (unscaled.size() < static_cast<size_t>(scale) + 1) {
      unscaled.insert(0, static_cast<size_t>(scale) + 1 - unscaled.size(), '0');
    }
    unscaled.insert(unscaled.size() - static_cast<size_t>(scale), ".");
  }
  return (negative ? "-" : "") + unscaled;
}

int64_t ToMicrosOrNanos(int64_t v, TimeUnit unit) { return unit == TimeUnit::kMillis ? v * 1000 : v; }

void WriteLeaf(const SchemaNode& n, const ColumnVector& v, int64_t i, JsonWriter& w) {
  const LogicalType& lt = n.logical;
  switch (n.physical) {
    case PhysicalType::kBoolean: return w.Bool(v.values.data()[i] != 0);
    case PhysicalType::kInt32: {
      const int32_t x = v.ValueAt<int32_t>(i);
      if (lt.kind == Kind::kDecimal) return w.String(ScaleDecimal(std::to_string(x), lt.scale));
      if (lt.kind == Kind::kTime) return w.String(std::to_string(ToMicrosOrNanos(x, lt.unit)));
      if (lt.kind == Kind::kInteger && !lt.is_signed) return w.String(std::to_string(static_cast<uint32_t>(x)));
      return w.String(std::to_string(x));
    }
    case PhysicalType::kInt64: {
      const int64_t x = v.ValueAt<int64_t>(i);
      if (lt.kind == Kind::kDecimal) return w.String(ScaleDecimal(std::to_string(x), lt.scale));
      if (lt.kind == Kind::kTime || lt.kind == Kind::kTimestamp) {
        return w.String(std::to_string(ToMicrosOrNanos(x, lt.unit)));
      }
      if (lt.kind == Kind::kInteger && !lt.is_signed) return w.String(std::to_string(static_cast<uint64_t>(x)));
      return w.String(std::to_string(x));
    }
    case PhysicalType::kInt96: {
      int64_t nanos_of_day;
      int32_t julian_day;
      std::memcpy(&nanos_of_day, v.values.data() + i * 12, 8);
      std::memcpy(&julian_day, v.values.data() + i * 12 + 8, 4);
      const __int128 ns = static_cast<__int128>(julian_day - 2440588) * 86400 * 1000000000 + nanos_of_day;
      return w.String(std::to_string(static_cast<int64_t>(ns)));
    }
    case PhysicalType::kFloat: return w.String(FormatDouble(v.ValueAt<float>(i)));
    case PhysicalType::kDouble: return w.String(FormatDouble(v.ValueAt<double>(i)));
    case PhysicalType::kByteArray: {
      const std::string_view b = v.BytesAt(i);
      if (lt.kind == Kind::kDecimal) return w.String(ScaleDecimal(BigEndianToDecimal(b), lt.scale));
      if (lt.kind == Kind::kString || lt.kind == Kind::kEnum || lt.kind == Kind::kJson) return w.String(b);
      return w.String(Hex(b));
    }
    case PhysicalType::kFixedLenByteArray: {
      const size_t width = static_cast<size_t>(n.type_length);
      const std::string_view b(reinterpret_cast<const char*>(v.values.data()) + i * width, width);
      if (lt.kind == Kind::kDecimal) return w.String(ScaleDecimal(BigEndianToDecimal(b), lt.scale));
      if (lt.kind == Kind::kFloat16) {
        uint16_t h;
        std::memcpy(&h, b.data(), 2);
        return w.String(FormatDouble(HalfToFloat(h)));
      }
      const std::string h = Hex(b);
      if (lt.kind == Kind::kUuid) {
        return w.String(h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" +
                        h.substr(16, 4) + "-" + h.substr(20));
      }
      return w.String(h);
    }
  }
}

void WriteValue(const SchemaNode& n, const ColumnVector& v, int64_t i, JsonWriter& w) {
  if (!v.IsValid(i) || n.logical.kind == Kind::kUnknown) return w.Null();
  if (!n.is_group) return WriteLeaf(n, v, i, w);
  if (n.logical.kind == Kind::kList || n.logical.kind == Kind::kMap) {
    const SchemaNode& rep = n.children[0];
    const int64_t begin = v.offsets_data()[i], end = v.offsets_data()[i + 1];
    w.BeginArray();
    for (int64_t e = begin; e < end; ++e) {
      if (n.logical.kind == Kind::kMap) {
        w.BeginArray();
        WriteValue(rep.children[0], v.children[0], e, w);
        WriteValue(rep.children[1], v.children[1], e, w);
        w.EndArray();
      } else if (!rep.is_group) {
        WriteValue(rep, v.children[0], e, w);
      } else if (firn::parquet::IsTwoLevelList(n)) {
        w.BeginObject();
        for (size_t c = 0; c < rep.children.size(); ++c) {
          w.Key(rep.children[c].name);
          WriteValue(rep.children[c], v.children[c], e, w);
        }
        w.EndObject();
      } else {
        WriteValue(rep.children[0], v.children[0], e, w);
      }
    }
    w.EndArray();
    return;
  }
  w.BeginObject();
  for (size_t c = 0; c < n.children.size(); ++c) {
    w.Key(n.children[c].name);
    WriteValue(n.children[c], v.children[c], i, w);
  }
  w.EndObject();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: read_canonical FILE.parquet\n");
    return 2;
  }
  firn::io::LocalFileIO io;
  auto in = io.OpenInputFile(firn::FilePath(argv[1]));
  if (!in) {
    std::fprintf(stderr, "%s\n", in.error().ToString().c_str());
    return 1;
  }
  auto reader = firn::parquet::FileReader::Open(std::move(*in));
  if (!reader) {
    std::fprintf(stderr, "%s\n", reader.error().ToString().c_str());
    return 1;
  }
  const auto& fields = (*reader)->schema()->root().children;
  JsonWriter w;
  w.BeginObject();
  w.Key("rows");
  w.BeginArray();
  for (int g = 0; g < (*reader)->num_row_groups(); ++g) {
    auto batch = (*reader)->ReadRowGroup(g);
    if (!batch) {
      std::fprintf(stderr, "%s\n", batch.error().ToString().c_str());
      return 1;
    }
    for (int64_t r = 0; r < batch->num_rows; ++r) {
      w.BeginObject();
      for (size_t f = 0; f < fields.size(); ++f) {
        w.Key(fields[f].name);
        WriteValue(fields[f], batch->columns[f], r, w);
      }
      w.EndObject();
    }
  }
  w.EndArray();
  w.EndObject();
  std::fwrite(w.str().data(), 1, w.str().size(), stdout);
  std::fputc('\n', stdout);
  return 0;
}
