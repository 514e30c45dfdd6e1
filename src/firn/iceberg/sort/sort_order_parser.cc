#include "firn/iceberg/sort/sort_order_parser.h"

#include <optional>
#include <vector>

#include <fmt/format.h>

#include "firn/common/macros.h"
#include "firn/iceberg/partition/partition_spec_parser.h"

namespace firn::iceberg {
namespace {

// Splits on commas outside parentheses; empty pieces are kept (and refused by the caller).
std::vector<std::string_view> SplitTerms(std::string_view text) {
  std::vector<std::string_view> out;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    const char c = i < text.size() ? text[i] : ',';
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth <= 0) {
      out.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

// Removes a trailing keyword (case-insensitive, whole word) from `s`; true when found.
bool StripSuffixWord(std::string_view& s, std::string_view word) {
  if (s.size() <= word.size()) return false;
  std::string_view tail = s.substr(s.size() - word.size());
  if (ToLowerAscii(tail) != word) return false;
  const char before = s[s.size() - word.size() - 1];
  if (before != ' ' && before != '\t' && before != '\n' && before != ')') return false;
  s = TrimSpace(s.substr(0, s.size() - word.size()));
  return true;
}

Result<SortField> ParseSortTerm(std::string_view term, const Schema& schema) {
  std::string_view body = TrimSpace(term);
  std::optional<NullOrder> nulls;
  if (StripSuffixWord(body, "first")) {
    if (!StripSuffixWord(body, "nulls")) return InvalidArgument("sort term '{}': expected 'nulls first'", term);
    nulls = NullOrder::kNullsFirst;
  } else if (StripSuffixWord(body, "last")) {
    if (!StripSuffixWord(body, "nulls")) return InvalidArgument("sort term '{}': expected 'nulls last'", term);
    nulls = NullOrder::kNullsLast;
  }
  SortDirection direction = SortDirection::kAsc;
  if (StripSuffixWord(body, "desc")) {
    direction = SortDirection::kDesc;
  } else {
    (void)StripSuffixWord(body, "asc");
  }
  if (body.empty()) return InvalidArgument("sort term '{}': missing column", term);
  if (body.find(' ') != std::string_view::npos && body.find('(') == std::string_view::npos) {
    return InvalidArgument("sort term '{}': expected a column or transform, then asc|desc, then nulls first|last",
                           TrimSpace(term));
  }
  FIRN_ASSIGN_OR_RETURN(TransformTerm t, ParseTransformTerm(body, schema, "sort term"));
  SortField f;
  f.transform = t.transform;
  f.source_id = t.source->id;
  f.direction = direction;
  f.null_order = nulls.value_or(direction == SortDirection::kAsc ? NullOrder::kNullsFirst : NullOrder::kNullsLast);
  return f;
}

}  // namespace

Result<SortOrder> ParseSortOrder(std::string_view text, const Schema& schema) {
  SortOrder order;
  if (TrimSpace(text).empty()) return order;
  for (std::string_view term : SplitTerms(text)) {
    if (TrimSpace(term).empty()) return InvalidArgument("empty sort term in '{}'", text);
    FIRN_ASSIGN_OR_RETURN(SortField f, ParseSortTerm(term, schema));
    order.fields.push_back(std::move(f));
  }
  order.order_id = 1;
  FIRN_RETURN_NOT_OK_CTX(order.Validate(schema), "sort order '" + std::string(TrimSpace(text)) + "'");
  return order;
}

std::string SortOrderToString(const SortOrder& order, const Schema& schema) {
  std::string out;
  for (const SortField& f : order.fields) {
    if (!out.empty()) out += ", ";
    std::string column;
    if (const SchemaFieldEntry* e = schema.FindEntry(f.source_id)) {
      column = e->path;
    } else {
      column = std::to_string(f.source_id.value());
    }
    const Transform& t = f.transform;
    if (t.kind == TransformKind::kIdentity) {
      out += column;
    } else if (t.kind == TransformKind::kBucket || t.kind == TransformKind::kTruncate) {
      out += fmt::format("{}({}, {})", t.kind == TransformKind::kBucket ? "bucket" : "truncate", t.param, column);
    } else {
      out += fmt::format("{}({})", t.ToString(), column);
    }
    out += f.direction == SortDirection::kAsc ? " asc" : " desc";
    out += f.null_order == NullOrder::kNullsFirst ? " nulls first" : " nulls last";
  }
  return out;
}

}  // namespace firn::iceberg
