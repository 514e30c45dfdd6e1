#include "event_loader.h"

#include <array>
#include <charconv>

#include <simdjson.h>

#include "firn/common/macros.h"
#include "firn/parquet/schema/iceberg_types.h"

namespace firn::bench {

using parquet::ColumnVector;
using P = parquet::IcebergPrimitiveType;

std::shared_ptr<const parquet::Schema> StandardEventSchema() {
  using namespace parquet;
  auto root = IcebergStruct("event", std::nullopt, true, {
      IcebergPrimitive("event_id", 1, false, P::kUuid),
      IcebergPrimitive("event_time", 2, false, P::kTimestampTz),
      IcebergPrimitive("user_id", 3, false, P::kLong),
      IcebergPrimitive("session_id", 4, false, P::kString),
      IcebergPrimitive("event_type", 5, false, P::kString),
      IcebergPrimitive("page", 6, false, P::kString),
      IcebergPrimitive("amount", 7, false, P::kDouble),
      IcebergPrimitive("country", 8, false, P::kString),
      IcebergStruct("device", 9, false, {IcebergPrimitive("os", 11, false, P::kString),
                                         IcebergPrimitive("version", 12, false, P::kString)}),
      IcebergList("tags", 10, false, IcebergPrimitive("element", 13, false, P::kString)),
  });
  return *Schema::Make(std::move(root));
}

namespace {

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool Digits(std::string_view s, size_t pos, size_t n, int64_t* out) {
  if (pos + n > s.size()) return false;
  int64_t v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendString(ColumnVector& v, simdjson::ondemand::value value) {
  std::string_view s;
  if (value.get_string().get(s)) v.AppendNull(0);
  else v.AppendBytes(s);
}

}  // namespace

Result<int64_t> ParseTimestampMicros(std::string_view s) {
  int64_t y, mo, d, h, mi, sec, frac = 0;
  if (!Digits(s, 0, 4, &y) || s[4] != '-' || !Digits(s, 5, 2, &mo) || s[7] != '-' || !Digits(s, 8, 2, &d) ||
      (s[10] != 'T' && s[10] != ' ') || !Digits(s, 11, 2, &h) || s[13] != ':' || !Digits(s, 14, 2, &mi) ||
      s[16] != ':' || !Digits(s, 17, 2, &sec)) {
    return InvalidArgument("'{}' is not an ISO-8601 timestamp", s);
  }
  size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    size_t start = ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    size_t n = pos - start;
    if (n == 0 || n > 9) return InvalidArgument("'{}': bad fraction of a second", s);
    Digits(s, start, n, &frac);
    for (size_t i = n; i < 6; ++i) frac *= 10;
    for (size_t i = 6; i < n; ++i) frac /= 10;
  }
  if (pos != s.size() - 1 || s[pos] != 'Z') return InvalidArgument("'{}': expected a trailing Z", s);
  int64_t days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return ((days * 24 + h) * 60 + mi) * 60'000'000 + sec * 1'000'000 + frac;
}

Result<std::array<uint8_t, 16>> ParseUuid(std::string_view s) {
  std::array<uint8_t, 16> out{};
  if (s.size() != 36) return InvalidArgument("'{}' is not a UUID", s);
  size_t j = 0;
  for (size_t i = 0; i < 36;) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i] != '-') return InvalidArgument("'{}' is not a UUID", s);
      ++i;
      continue;
    }
    int hi = Hex(s[i]), lo = Hex(s[i + 1]);
    if (hi < 0 || lo < 0) return InvalidArgument("'{}' is not a UUID", s);
    out[j++] = static_cast<uint8_t>(hi << 4 | lo);
    i += 2;
  }
  return out;
}

Result<std::vector<parquet::RecordBatch>> LoadEvents(std::string_view ndjson, const parquet::Schema& schema,
                                                     int64_t batch_rows) {
  std::vector<parquet::RecordBatch> out;
  simdjson::ondemand::parser parser;
  simdjson::padded_string padded(ndjson);
  simdjson::ondemand::document_stream docs;
  if (parser.iterate_many(padded, 1 << 20).get(docs)) return InvalidArgument("cannot parse NDJSON");
  parquet::RecordBatch batch = parquet::MakeBatch(schema);
  int64_t line = 0;
  for (auto doc_result : docs) {
    ++line;
    simdjson::ondemand::object obj;
    if (doc_result.get_object().get(obj)) return InvalidArgument("line {}: not a JSON object", line);
    auto& c = batch.columns;
    std::string_view s;
    if (obj["event_id"].get_string().get(s)) return InvalidArgument("line {}: event_id", line);
    FIRN_ASSIGN_OR_RETURN(auto uuid, ParseUuid(s));
    c[0].AppendFixedBytes({reinterpret_cast<const char*>(uuid.data()), 16});
    if (obj["event_time"].get_string().get(s)) return InvalidArgument("line {}: event_time", line);
    FIRN_ASSIGN_OR_RETURN(int64_t ts, ParseTimestampMicros(s));
    c[1].AppendValue(ts);
    int64_t user;
    if (obj["user_id"].get_int64().get(user)) return InvalidArgument("line {}: user_id", line);
    c[2].AppendValue(user);
    AppendString(c[3], obj["session_id"].value());
    AppendString(c[4], obj["event_type"].value());
    AppendString(c[5], obj["page"].value());
    double amount;
    auto av = obj["amount"];
    if (av.is_null().value_unsafe()) c[6].AppendNull(8);
    else if (av.get_double().get(amount)) return InvalidArgument("line {}: amount", line);
    else c[6].AppendValue(amount);
    AppendString(c[7], obj["country"].value());
    simdjson::ondemand::object dev;
    if (obj["device"].get_object().get(dev)) {
      c[8].children[0].AppendNull(0);
      c[8].children[1].AppendNull(0);
      c[8].AppendStruct(false);
    } else {
      AppendString(c[8].children[0], dev["os"].value());
      AppendString(c[8].children[1], dev["version"].value());
      c[8].AppendStruct(true);
    }
    simdjson::ondemand::array tags;
    ColumnVector& tv = c[9];
    if (obj["tags"].get_array().get(tags)) {
      tv.AppendListEnd(tv.children[0].length, false);
    } else {
      for (auto t : tags) {
        if (t.get_string().get(s)) return InvalidArgument("line {}: tags", line);
        tv.children[0].AppendBytes(s);
      }
      tv.AppendListEnd(tv.children[0].length);
    }
    if (++batch.num_rows == batch_rows) {
      out.push_back(std::move(batch));
      batch = parquet::MakeBatch(schema);
    }
  }
  if (batch.num_rows > 0) out.push_back(std::move(batch));
  return out;
}

}  // namespace firn::bench
