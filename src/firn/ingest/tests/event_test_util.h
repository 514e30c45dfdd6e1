// Helpers for the ingest tests: the standard stream as text and lines, and rows of a
// decoded batch rendered back into the generator's exact NDJSON form.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "firn/common/buffer.h"
#include "firn/ingest/sample/standard_events.h"
#include "firn/ingest/timestamp_text.h"
#include "firn/ingest/uuid_text.h"
#include "firn/parquet/batch/column_vector.h"

namespace firn::ingest::testing {

inline std::string Generate(uint64_t seed, size_t n) {
  StandardEventGenerator gen(seed);
  Buffer b;
  gen.AppendEvents(n, &b);
  return std::string(b.view());
}

// Lines without their '\n'.
inline std::vector<std::string> Lines(std::string_view text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    out.emplace_back(text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  return out;
}

inline void AppendQuoted(const parquet::ColumnVector& c, int64_t i, std::string* out) {
  if (!c.IsValid(i)) {
    *out += "null";
    return;
  }
  *out += '"';
  *out += c.BytesAt(i);
  *out += '"';
}

// Row `i` of a StandardEventSchema() batch in the generator's format (without '\n').
// Strings are not escaped: the generator never writes characters that need it.
inline std::string RenderRow(const parquet::RecordBatch& b, int64_t i) {
  const auto& c = b.columns;
  std::string s = R"({"event_id":)";
  if (c[0].IsValid(i)) {
    s += '"';
    AppendUuid({reinterpret_cast<const char*>(c[0].values.data()) + i * 16, 16}, &s);
    s += '"';
  } else {
    s += "null";
  }
  s += R"(,"event_time":)";
  if (c[1].IsValid(i)) {
    s += '"';
    AppendTimestamp(c[1].ValueAt<int64_t>(i), FractionDigits::kMicros, true, &s);
    s += '"';
  } else {
    s += "null";
  }
  s += R"(,"user_id":)";
  s += c[2].IsValid(i) ? std::to_string(c[2].ValueAt<int64_t>(i)) : "null";
  s += R"(,"session_id":)";
  AppendQuoted(c[3], i, &s);
  s += R"(,"event_type":)";
  AppendQuoted(c[4], i, &s);
  s += R"(,"page":)";
  AppendQuoted(c[5], i, &s);
  s += R"(,"amount":)";
  s += c[6].IsValid(i) ? fmt::format("{:.2f}", c[6].ValueAt<double>(i)) : "null";
  s += R"(,"country":)";
  AppendQuoted(c[7], i, &s);
  s += R"(,"device":)";
  if (c[8].IsValid(i)) {
    s += R"({"os":)";
    AppendQuoted(c[8].children[0], i, &s);
    s += R"(,"version":)";
    AppendQuoted(c[8].children[1], i, &s);
    s += '}';
  } else {
    s += "null";
  }
  s += R"(,"tags":)";
  if (c[9].IsValid(i)) {
    s += '[';
    const int64_t* o = c[9].offsets_data();
    for (int64_t k = o[i]; k < o[i + 1]; ++k) {
      if (k > o[i]) s += ',';
      AppendQuoted(c[9].children[0], k, &s);
    }
    s += ']';
  } else {
    s += "null";
  }
  s += '}';
  return s;
}

}  // namespace firn::ingest::testing
