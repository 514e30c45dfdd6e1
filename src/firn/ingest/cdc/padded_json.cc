#include "firn/ingest/cdc/padded_json.h"

#include <fmt/format.h>

#include <cassert>
#include <cstring>

#include "firn/ingest/json/json_errors.h"

namespace firn::ingest::cdc_internal {

simdjson::error_code PaddedJson::Iterate(std::string_view text, simdjson::ondemand::document* doc) {
  text_ = text;
  padded_.Clear();
  padded_.Append(text);
  std::memset(padded_.Extend(simdjson::SIMDJSON_PADDING), 0, simdjson::SIMDJSON_PADDING);
  return parser_.iterate(reinterpret_cast<const char*>(padded_.data()), text.size(), padded_.size())
      .get(*doc);
}

std::string_view PaddedJson::Original(std::string_view view) const {
  const char* base = reinterpret_cast<const char*>(padded_.data());
  assert(view.data() >= base && view.data() + view.size() <= base + text_.size());
  const size_t offset = static_cast<size_t>(view.data() - base);
  std::string_view out = text_.substr(offset, view.size());
  while (!out.empty() &&
         (out.back() == ' ' || out.back() == '\t' || out.back() == '\n' || out.back() == '\r')) {
    out.remove_suffix(1);
  }
  return out;
}

bool AtEnd(simdjson::ondemand::document& doc) {
  const char* location = nullptr;
  return doc.current_location().get(location) == simdjson::OUT_OF_BOUNDS;
}

std::string_view TrimJson(std::string_view text) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

bool IsTombstone(std::string_view value) {
  const std::string_view t = TrimJson(value);
  return t.empty() || t == "null";
}

std::string DescribeJson(simdjson::ondemand::value& value, simdjson::ondemand::json_type type) {
  if (type == simdjson::ondemand::json_type::null) return "null";
  return Describe(value, type);
}

std::string ForMessage(std::string_view text) {
  constexpr size_t kMax = 40;
  std::string out;
  for (size_t i = 0; i < text.size() && i < kMax; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
      out += fmt::format("\\u{:04x}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  if (text.size() > kMax) out += "...";
  return out;
}

}  // namespace firn::ingest::cdc_internal
