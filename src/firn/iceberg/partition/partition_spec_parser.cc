#include "firn/iceberg/partition/partition_spec_parser.h"

#include <algorithm>
#include <charconv>
#include <map>

#include "firn/common/macros.h"

namespace firn::iceberg {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

// Splits on commas outside parentheses.
Result<std::vector<std::string_view>> SplitTopLevel(std::string_view text) {
  std::vector<std::string_view> out;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    char c = i < text.size() ? text[i] : ',';
    if (c == '(' || c == '<') ++depth;
    if (c == ')' || c == '>') {
      if (--depth < 0) return InvalidArgument("unbalanced ')' in '{}'", text);
    }
    if (c == ',' && depth == 0) {
      out.push_back(Trim(text.substr(start, i - start)));
      start = i + 1;
    }
  }
  if (depth != 0) return InvalidArgument("unbalanced '(' in '{}'", text);
  return out;
}

bool ParseInt(std::string_view s, int32_t& v) {
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

std::string Lower(std::string_view s) { return ToLowerAscii(s); }

}  // namespace

Result<TransformTerm> ParseTransformTerm(std::string_view term, const Schema& schema, std::string_view what) {
  auto fail = [&](std::string_view why) { return InvalidArgument("{} '{}': {}", what, term, why); };
  std::string_view body = Trim(term);
  std::string func = "identity";
  std::vector<std::string_view> args;
  size_t open = body.find('(');
  if (open == std::string_view::npos) {
    args.push_back(body);
  } else {
    if (!body.ends_with(")")) return fail("expected ')' at the end");
    func = Lower(Trim(body.substr(0, open)));
    FIRN_ASSIGN_OR_RETURN(args, SplitTopLevel(body.substr(open + 1, body.size() - open - 2)));
  }
  if (func == "years") func = "year";
  if (func == "months") func = "month";
  if (func == "days" || func == "date") func = "day";
  if (func == "hours" || func == "date_hour") func = "hour";
  TransformTerm out;
  std::string_view column;
  if (func == "bucket" || func == "truncate") {
    if (args.size() != 2) return fail(fmt::format("{} takes a width and a column", func));
    int32_t n = 0;
    if (ParseInt(args[0], n)) {
      column = args[1];
    } else if (ParseInt(args[1], n)) {
      column = args[0];
    } else {
      return fail(fmt::format("{} needs an integer parameter", func));
    }
    if (n <= 0) return fail("the parameter must be positive");
    out.transform = func == "bucket" ? Transform::Bucket(n) : Transform::Truncate(n);
    out.name_suffix = func == "bucket" ? "_bucket" : "_trunc";
  } else {
    if (args.size() != 1) return fail(fmt::format("{} takes one column", func));
    column = args[0];
    if (func == "identity") {
      out.transform = Transform::Identity();
    } else if (func == "year" || func == "month" || func == "day" || func == "hour") {
      FIRN_ASSIGN_OR_RETURN(out.transform, Transform::Parse(func));
      out.name_suffix = "_" + func;
    } else if (func == "void" || func == "alwaysnull") {
      out.transform = Transform::Void();
      out.name_suffix = "_null";
    } else {
      return fail(fmt::format("unknown transform '{}'", func));
    }
  }
  if (column.empty()) return fail("missing column name");
  out.source = schema.FindField(column);
  if (out.source == nullptr) return fail(fmt::format("column '{}' does not exist", column));
  if (!out.transform.CanTransform(out.source->type) || !out.source->type.is_primitive()) {
    return fail(fmt::format("transform {} cannot be applied to '{}' of type {}", out.transform.ToString(),
                            column, out.source->type.ToString()));
  }
  out.column = std::string(column);
  return out;
}

namespace {

Result<PartitionField> ParseTerm(std::string_view term, const Schema& schema) {
  std::string_view body = term;
  std::string explicit_name;
  // "<term> as <name>"
  std::string lower = Lower(term);
  size_t as = lower.rfind(" as ");
  if (as != std::string::npos && lower.find(')', as) == std::string::npos) {
    explicit_name = std::string(Trim(term.substr(as + 4)));
    body = Trim(term.substr(0, as));
    if (explicit_name.empty()) return InvalidArgument("partition term '{}': empty name after 'as'", term);
  }
  FIRN_ASSIGN_OR_RETURN(TransformTerm t, ParseTransformTerm(body, schema, "partition term"));
  std::string name = explicit_name.empty() ? t.column + t.name_suffix : explicit_name;
  return PartitionField{t.source->id, FieldId(0), std::move(name), t.transform};
}

}  // namespace

Result<std::vector<PartitionField>> ParsePartitionFields(std::string_view text,
                                                         const Schema& schema) {
  std::vector<PartitionField> fields;
  if (Trim(text).empty()) return fields;
  FIRN_ASSIGN_OR_RETURN(auto terms, SplitTopLevel(text));
  for (std::string_view term : terms) {
    if (term.empty()) return InvalidArgument("empty partition term in '{}'", text);
    FIRN_ASSIGN_OR_RETURN(PartitionField f, ParseTerm(term, schema));
    fields.push_back(std::move(f));
  }
  return fields;
}

int32_t AssignPartitionFieldIds(std::vector<PartitionField>& fields,
                                const std::vector<PartitionSpec>& existing_specs,
                                int32_t last_partition_id) {
  std::map<std::pair<int32_t, std::string>, FieldId> known;
  for (const PartitionSpec& spec : existing_specs) {
    for (const PartitionField& f : spec.fields) {
      known.emplace(std::pair{f.source_id.value(), f.transform.ToString()}, f.field_id);
      last_partition_id = std::max(last_partition_id, f.field_id.value());
    }
  }
  for (PartitionField& f : fields) {
    auto it = known.find({f.source_id.value(), f.transform.ToString()});
    f.field_id = it != known.end() ? it->second : FieldId(++last_partition_id);
  }
  return last_partition_id;
}

Result<NewPartitionSpec> ParsePartitionSpec(std::string_view text, const Schema& schema,
                                            int32_t spec_id,
                                            const std::vector<PartitionSpec>& existing_specs,
                                            int32_t last_partition_id) {
  FIRN_ASSIGN_OR_RETURN(auto fields, ParsePartitionFields(text, schema));
  NewPartitionSpec out;
  out.last_partition_id = AssignPartitionFieldIds(fields, existing_specs, last_partition_id);
  out.spec = PartitionSpec{spec_id, std::move(fields)};
  FIRN_RETURN_NOT_OK(out.spec.Validate(schema));
  return out;
}

}  // namespace firn::iceberg
