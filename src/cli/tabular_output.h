// Tabular output for the catalog commands (inspect, scan, list): one result set rendered
// as an aligned text table, JSON lines or CSV (--format table|jsonl|csv).
//
// Each cell carries its JSON form (a number, a string with quotes, null, an object) and
// its text form for tables and CSV.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "firn/common/result.h"

namespace firn::cli {

enum class OutputFormat { kTable, kJsonl, kCsv };
Result<OutputFormat> ParseOutputFormat(std::string_view s);

struct Cell {
  std::string json;  // the value as JSON
  std::string text;  // the value for a table or CSV; "null" prints as empty in CSV

  static Cell Null() { return {"null", "null"}; }
  static Cell Int(int64_t v) { return {std::to_string(v), std::to_string(v)}; }
  static Cell Bool(bool v) { return {v ? "true" : "false", v ? "true" : "false"}; }
  static Cell Str(std::string_view s);
  // Pre-rendered JSON (an object or array) with a text form.
  static Cell Json(std::string json, std::string text) { return {std::move(json), std::move(text)}; }
};

struct ResultSet {
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;
};

void PrintResultSet(const ResultSet& rs, OutputFormat format, std::FILE* out = stdout);
// CSV in pieces, for results too large to hold: the header line, then rows as they come
// (PrintResultSet's kCsv is the two together).
void PrintCsvHeader(const std::vector<std::string>& columns, std::FILE* out = stdout);
void PrintCsvRows(const ResultSet& rs, std::FILE* out = stdout);

}  // namespace firn::cli
