// firn scan NS.TABLE: rows of a table, with projection, a filter and time travel. Rows are
// printed with the JSON mapping of `firn table append` (ingest/json), so an append followed
// by a scan gives back the input.
#include <charconv>
#include <cstdio>

#include <fmt/format.h>

#include "cli/catalog_flags.h"
#include "cli/command_args.h"
#include "cli/tabular_output.h"
#include "firn/catalog/catalog_table_operations.h"
#include "firn/common/json_reader.h"
#include "firn/common/macros.h"
#include "firn/iceberg/expressions/parser.h"
#include "firn/iceberg/scan/table_scan.h"
#include "firn/ingest/json/json_record_encoder.h"
#include "firn/ingest/timestamp_text.h"

namespace firn::cli {
namespace {

constexpr FlagSpec kFlags[] = {{"--columns"}, {"--where"}, {"--snapshot"}, {"--as-of"},
                               {"--limit"},   {"--format"}};

// The table property `register --map` leaves: FROM=TO rules, one per line.
constexpr std::string_view kLocationMapProperty = "firn.location-map";

Result<int64_t> ParseAsOf(std::string_view text) {
  int64_t ms = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), ms);
  if (ec == std::errc() && p == text.data() + text.size()) return ms;
  auto micros = ingest::ParseTimestampMicros(text);
  if (!micros) return InvalidArgument("--as-of '{}': expected milliseconds since 1970 or an ISO-8601 timestamp", text);
  return *micros / 1000;
}

Result<iceberg::ScanOptions> OptionsFromFlags(const ParsedArgs& p, const iceberg::TableMetadata& m) {
  iceberg::ScanOptions o;
  if (auto cols = p.Get("--columns")) {
    std::string_view list = *cols;
    while (!list.empty()) {
      const size_t comma = list.find(',');
      std::string_view c = list.substr(0, comma);
      while (!c.empty() && c.front() == ' ') c.remove_prefix(1);
      while (!c.empty() && c.back() == ' ') c.remove_suffix(1);
      if (!c.empty()) o.columns.emplace_back(c);
      list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    }
  }
  if (auto where = p.Get("--where")) {
    FIRN_ASSIGN_OR_RETURN_CTX(o.filter, iceberg::ParseWhere(*where), "--where");
  }
  if (auto s = p.Get("--snapshot")) {
    int64_t id = 0;
    auto [ptr, ec] = std::from_chars(s->data(), s->data() + s->size(), id);
    if (ec != std::errc() || ptr != s->data() + s->size()) return InvalidArgument("--snapshot '{}' is not a snapshot id", *s);
    o.snapshot_id = SnapshotId(id);
  }
  if (auto t = p.Get("--as-of")) {
    FIRN_ASSIGN_OR_RETURN(int64_t ms, ParseAsOf(*t));
    o.as_of_timestamp_ms = ms;
  }
  if (auto it = m.properties.find(std::string(kLocationMapProperty)); it != m.properties.end()) {
    std::vector<std::string> rules;
    std::string_view text = it->second;
    while (!text.empty()) {
      const size_t nl = text.find('\n');
      if (!text.substr(0, nl).empty()) rules.emplace_back(text.substr(0, nl));
      text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    }
    FIRN_ASSIGN_OR_RETURN_CTX(o.path_mapper, iceberg::PathMapper::Parse(rules), kLocationMapProperty);
  }
  return o;
}

// A JSON line of the encoder split into cells, for table and CSV output.
Result<std::vector<Cell>> CellsOf(std::string_view line, const std::vector<std::string>& columns) {
  FIRN_ASSIGN_OR_RETURN(auto doc, JsonDocument::Parse(line));
  FIRN_ASSIGN_OR_RETURN(JsonObject obj, doc->root().AsObject());
  std::vector<Cell> cells;
  for (const std::string& c : columns) {
    auto v = obj.Find(c);
    if (!v || v->IsNull()) {
      cells.push_back(Cell::Null());
    } else if (v->IsString()) {
      cells.push_back(Cell::Str(*v->AsString()));
    } else {
      std::string json = v->ToJson();
      cells.push_back(Cell::Json(json, json));
    }
  }
  return cells;
}

int RunScan(const Command& self, std::span<const std::string_view> args) {
  int code = 0;
  auto flags = WithCatalogFlags(kFlags);
  auto p = ParseOrExit(self, args, flags, 1, 1, &code);
  if (!p) return code;
  auto ident = ParseTableArg(p->positional()[0]);
  if (!ident) return UsageError(self, ident.error());
  auto format = ParseOutputFormat(p->Get("--format").value_or("jsonl"));
  if (!format) return UsageError(self, format.error());
  int64_t limit = -1;
  if (auto l = p->Get("--limit")) {
    auto n = ParseCount("--limit", *l);
    if (!n) return UsageError(self, n.error());
    limit = *n;
  }
  if (p->Has("--snapshot") && p->Has("--as-of")) {
    return UsageError(self, Error(ErrorKind::kInvalidArgument, "give --snapshot or --as-of, not both"));
  }
  auto c = OpenCatalogFromFlags(*p);
  if (!c) return Failure(self, c.error());
  catalog::CatalogTableOperations ops(*c->catalog, *c->io, *ident);
  auto state = ops.Refresh();
  if (!state) return Failure(self, state.error());
  auto options = OptionsFromFlags(*p, *state->metadata);
  if (!options) return UsageError(self, options.error());
  auto scan = iceberg::TableScan::Make(*c->io, *state->metadata, std::move(*options));
  if (!scan) {
    // An unknown column or a filter that does not bind is a wrong flag value.
    return scan.error().kind() == ErrorKind::kInvalidArgument ? UsageError(self, scan.error())
                                                               : Failure(self, scan.error());
  }
  auto encoder = ingest::JsonRecordEncoder::Make((*scan)->projected_schema());
  if (!encoder) return Failure(self, encoder.error());
  auto tasks = (*scan)->PlanFiles();
  if (!tasks) return Failure(self, tasks.error());

  std::vector<std::string> columns;
  for (const auto& f : (*scan)->projected_schema().fields()) columns.push_back(f.name);
  ResultSet rs{columns, {}};
  // CSV streams as it goes; the table format needs every row for its widths.
  const bool stream_csv = *format == OutputFormat::kCsv;
  if (stream_csv) PrintCsvHeader(columns);
  int64_t emitted = 0;
  std::string out;
  for (const iceberg::FileScanTask& task : *tasks) {
    if (limit >= 0 && emitted >= limit) break;
    auto batches = (*scan)->ReadTask(task);
    if (!batches) return Failure(self, batches.error());
    for (const parquet::RecordBatch& b : *batches) {
      const int64_t take = limit >= 0 ? std::min(b.num_rows, limit - emitted) : b.num_rows;
      if (take <= 0) break;
      out.clear();
      if (auto st = (*encoder)->AppendRows(b, 0, take, &out); !st) return Failure(self, st.error());
      emitted += take;
      if (*format == OutputFormat::kJsonl) {
        std::fwrite(out.data(), 1, out.size(), stdout);
        continue;
      }
      std::string_view lines = out;
      while (!lines.empty()) {
        const size_t nl = lines.find('\n');
        auto cells = CellsOf(lines.substr(0, nl), columns);
        if (!cells) return Failure(self, cells.error());
        rs.rows.push_back(std::move(*cells));
        lines = nl == std::string_view::npos ? std::string_view() : lines.substr(nl + 1);
        if (stream_csv && rs.rows.size() >= 1024) {  // a batch can be a whole row group
          PrintCsvRows(rs);
          rs.rows.clear();
        }
      }
      if (stream_csv) {
        PrintCsvRows(rs);
        rs.rows.clear();
      }
    }
  }
  if (*format == OutputFormat::kTable) PrintResultSet(rs, *format);
  std::fflush(stdout);
  return kExitOk;
}

}  // namespace

const Command kScanCommand{
    .name = "scan",
    .synopsis = "firn scan NS.TABLE [--columns a,b] [--where EXPR] [--snapshot ID | --as-of TIMESTAMP] "
                "[--limit N] [--format jsonl|csv|table] [catalog flags]",
    .summary = "read a table's rows",
    .help = "Reads the rows of the current snapshot (or an earlier one), after delete files, as JSON\n"
            "lines in the mapping `firn table append` reads, or as CSV or a text table.\n\n"
            "  --columns a,b        the columns to return (dotted for nested fields)\n"
            "  --where EXPR         a filter: = != < <= > >= IN, IS [NOT] NULL, IS [NOT] NAN, LIKE 'prefix%',\n"
            "                       AND, OR, NOT and parentheses, e.g. \"country = 'DE' AND ts >= '2024-01-01T00:00:00Z'\";\n"
            "                       files and manifests that cannot match are skipped\n"
            "  --snapshot ID        time travel to a snapshot\n"
            "  --as-of TIMESTAMP    time travel to the snapshot current then (ISO-8601 or epoch ms)\n"
            "  --limit N            at most N rows\n"
            "  --format F           jsonl (default), csv or table\n\n" FIRN_CATALOG_FLAGS_HELP,
    .run = RunScan,
};

}  // namespace firn::cli
