#include "firn/ingest/config/table_name.h"

#include "firn/catalog/identifier.h"

namespace firn::ingest {
namespace {

constexpr std::string_view kTopic = "{topic}";
constexpr std::string_view kValue = "{value}";

void AppendSanitized(std::string* out, std::string_view text) {
  for (char c : text) {
    bool keep =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    out->push_back(keep ? c : '_');
  }
}

}  // namespace

Status CheckTableName(std::string_view text, TablePlaceholders allowed) {
  // Fill every placeholder with a plain name part, then check the result as a name.
  std::string filled;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '}') return InvalidArgument("'{}': unmatched '}}'", text);
    if (c != '{') {
      filled.push_back(c);
      continue;
    }
    std::string_view rest = text.substr(i);
    bool topic = rest.starts_with(kTopic);
    bool value = rest.starts_with(kValue);
    if (!topic && !value) {
      size_t close = rest.find('}');
      if (close == std::string_view::npos) return InvalidArgument("'{}': unmatched '{{'", text);
      return InvalidArgument("'{}': unknown placeholder '{}' (known: {{topic}}{})", text,
                             rest.substr(0, close + 1),
                             allowed == TablePlaceholders::kTopicAndValue ? ", {value}" : "");
    }
    if (allowed == TablePlaceholders::kNone ||
        (value && allowed != TablePlaceholders::kTopicAndValue)) {
      return InvalidArgument("'{}': placeholder '{}' is not allowed here", text,
                             topic ? kTopic : kValue);
    }
    filled += "x";
    i += kTopic.size() - 1;  // kTopic and kValue have the same length
  }
  auto ident = catalog::TableIdentifier::Parse(filled);
  if (!ident) {
    if (filled.find('.') == std::string::npos) {
      return InvalidArgument("'{}' needs a namespace: write 'namespace.table'", text);
    }
    return InvalidArgument(
        "'{}' is not a valid table name: its levels are separated by '.', must be non-empty "
        "and must not contain '/', '\\' or NUL",
        text);
  }
  return OkStatus();
}

std::string ResolveTableName(const std::string& template_, std::string_view topic,
                             std::string_view value) {
  std::string out;
  out.reserve(template_.size() + topic.size());
  std::string_view t = template_;
  for (size_t i = 0; i < t.size();) {
    std::string_view rest = t.substr(i);
    if (rest.starts_with(kTopic)) {
      AppendSanitized(&out, topic);
      i += kTopic.size();
    } else if (rest.starts_with(kValue)) {
      AppendSanitized(&out, value);
      i += kValue.size();
    } else {
      out.push_back(t[i++]);
    }
  }
  return out;
}

}  // namespace firn::ingest
