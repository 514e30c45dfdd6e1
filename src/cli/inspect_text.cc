// The text rendering of InspectReport (inspect_report.h).
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "cli/inspect_report.h"
#include "cli/number_text.h"
#include "cli/schema_text.h"

namespace firn::cli {
namespace {

constexpr size_t kMaxValueChars = 40;

// Control characters escaped, shortened to kMaxValueChars bytes at a UTF-8 boundary.
std::string Shown(const std::optional<ValueText>& v) {
  if (!v) return "-";
  if (v->text.empty()) return "\"\"";
  std::string s;
  for (unsigned char c : v->text) {
    if (c == '\n')
      s += "\\n";
    else if (c == '\t')
      s += "\\t";
    else if (c < 0x20 || c == 0x7f)
      s += fmt::format("\\x{:02x}", c);
    else
      s += static_cast<char>(c);
  }
  if (s.size() > kMaxValueChars) {
    size_t cut = kMaxValueChars - 1;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    s = s.substr(0, cut) + "…";
  }
  return s;
}

std::string Count(const std::optional<int64_t>& n) { return n ? Grouped(*n) : "-"; }

// Aligned columns: the first `left` are left-aligned, the rest right-aligned, except the
// last two (min, max), which are left-aligned.
std::string Table(const std::vector<std::vector<std::string>>& rows, size_t left, int indent) {
  std::vector<size_t> width;
  for (const auto& row : rows) {
    width.resize(std::max(width.size(), row.size()));
    for (size_t i = 0; i < row.size(); ++i) {
      // "…" is 3 bytes but one column wide.
      const size_t w = row[i].size() - (row[i].ends_with("…") ? 2 : 0);
      width[i] = std::max(width[i], w);
    }
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line(static_cast<size_t>(indent), ' ');
    for (size_t i = 0; i < row.size(); ++i) {
      const size_t w = row[i].size() - (row[i].ends_with("…") ? 2 : 0);
      const bool right = i >= left && i + 2 < row.size();
      if (i > 0) line += "  ";
      if (right) line.append(width[i] - w, ' ');
      line += row[i];
      if (!right && i + 1 < row.size()) line.append(width[i] - w, ' ');
    }
    out += line + "\n";
  }
  return out;
}

}  // namespace

std::string InspectText(const InspectReport& r) {
  std::string out;
  auto add = [&out](std::string_view key, const std::string& value) {
    fmt::format_to(std::back_inserter(out), "{:<12}{}\n", key, value);
  };
  add("file", r.path);
  add("size", fmt::format("{} bytes ({})", Grouped(static_cast<int64_t>(r.file_size)),
                          HumanBytes(static_cast<int64_t>(r.file_size))));
  add("created_by", r.created_by.value_or("-"));
  add("version", fmt::format("{}", r.format_version));
  add("rows", Grouped(r.rows));
  add("row groups", fmt::format("{}", r.row_groups.size()));
  add("columns", fmt::format("{} leaf columns", r.schema->num_columns()));
  for (const auto& [k, v] : r.key_value_metadata) {
    add("metadata", fmt::format("{} = {}", k, Shown(ValueText{v, true})));
  }
  out += "\nschema (repetition, physical type, name = field id, (logical type)):\n";
  out += SchemaText(r.schema->root());

  for (size_t g = 0; g < r.row_groups.size(); ++g) {
    const auto& rg = r.row_groups[g];
    fmt::format_to(std::back_inserter(out),
                   "\nrow group {}: {} rows, {} bytes compressed, {} uncompressed\n", g,
                   Grouped(rg.rows), Grouped(rg.compressed_bytes), Grouped(rg.uncompressed_bytes));
    std::vector<std::vector<std::string>> rows = {{"column", "codec", "encodings", "compressed",
                                                   "uncompressed", "values", "nulls", "min",
                                                   "max"}};
    std::vector<std::string> errors;
    for (const auto& c : rg.columns) {
      std::string encodings;
      for (const auto& e : c.encodings) encodings += (encodings.empty() ? "" : ",") + e;
      rows.push_back({c.path, c.codec, encodings, Grouped(c.compressed_bytes),
                      Grouped(c.uncompressed_bytes), Grouped(c.num_values), Count(c.null_count),
                      Shown(c.min), Shown(c.max)});
      if (!c.stats_error.empty()) errors.push_back(c.path + ": " + c.stats_error);
    }
    out += Table(rows, 3, 2);
    for (const auto& e : errors) out += "  statistics unreadable: " + e + "\n";
  }
  return out;
}

}  // namespace firn::cli
