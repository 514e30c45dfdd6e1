#include "cli/tabular_output.h"

#include <algorithm>

#include <fmt/format.h>

#include "firn/common/json_writer.h"

namespace firn::cli {

Result<OutputFormat> ParseOutputFormat(std::string_view s) {
  if (s == "table") return OutputFormat::kTable;
  if (s == "jsonl") return OutputFormat::kJsonl;
  if (s == "csv") return OutputFormat::kCsv;
  return InvalidArgument("--format '{}': expected table, jsonl or csv", s);
}

Cell Cell::Str(std::string_view s) {
  std::string json;
  JsonWriter::AppendEscaped(json, s);
  return {std::move(json), std::string(s)};
}

namespace {

std::string CsvField(const Cell& c) {
  if (c.json == "null") return "";
  const std::string& t = c.text;
  if (t.find_first_of(",\"\n\r") == std::string::npos) return t;
  std::string out = "\"";
  for (char ch : t) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

// Display width in code points (good enough for alignment of UTF-8 text).
size_t Width(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

void PrintCsvHeader(const std::vector<std::string>& columns, std::FILE* out) {
  std::string header;
  for (size_t i = 0; i < columns.size(); ++i) header += (i ? "," : "") + columns[i];
  fmt::print(out, "{}\n", header);
}

void PrintCsvRows(const ResultSet& rs, std::FILE* out) {
  std::string line;
  for (const auto& row : rs.rows) {
    line.clear();
    for (size_t i = 0; i < row.size(); ++i) {
      if (i) line += ',';
      line += CsvField(row[i]);
    }
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), out);
  }
}

void PrintResultSet(const ResultSet& rs, OutputFormat format, std::FILE* out) {
  switch (format) {
    case OutputFormat::kJsonl:
      for (const auto& row : rs.rows) {
        std::string line = "{";
        for (size_t i = 0; i < rs.columns.size(); ++i) {
          if (i) line += ',';
          JsonWriter::AppendEscaped(line, rs.columns[i]);
          line += ':';
          line += row[i].json;
        }
        line += "}\n";
        std::fputs(line.c_str(), out);
      }
      break;
    case OutputFormat::kCsv:
      PrintCsvHeader(rs.columns, out);
      PrintCsvRows(rs, out);
      break;
    case OutputFormat::kTable: {
      constexpr size_t kMaxWidth = 60;
      std::vector<size_t> width(rs.columns.size());
      for (size_t i = 0; i < rs.columns.size(); ++i) width[i] = Width(rs.columns[i]);
      auto shown = [&](const Cell& c) {
        std::string t = c.text;
        for (char& ch : t) {
          if (ch == '\n' || ch == '\t') ch = ' ';
        }
        if (Width(t) > kMaxWidth) {
          size_t cut = 0, n = 0;
          while (cut < t.size() && n < kMaxWidth - 1) {
            ++cut;
            while (cut < t.size() && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) ++cut;
            ++n;
          }
          t = t.substr(0, cut) + "…";
        }
        return t;
      };
      for (const auto& row : rs.rows) {
        for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], Width(shown(row[i])));
      }
      auto line = [&](const std::vector<std::string>& cells) {
        std::string l;
        for (size_t i = 0; i < cells.size(); ++i) {
          l += cells[i];
          if (i + 1 < cells.size()) l += std::string(width[i] - Width(cells[i]) + 2, ' ');
        }
        fmt::print(out, "{}\n", l);
      };
      line(rs.columns);
      std::vector<std::string> rule;
      for (size_t w : width) rule.push_back(std::string(w, '-'));
      line(rule);
      for (const auto& row : rs.rows) {
        std::vector<std::string> cells;
        for (const Cell& c : row) cells.push_back(shown(c));
        line(cells);
      }
      fmt::print(out, "({} row{})\n", rs.rows.size(), rs.rows.size() == 1 ? "" : "s");
      break;
    }
  }
}

}  // namespace firn::cli
