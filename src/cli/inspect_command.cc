// firn inspect NS.TABLE <metadata table>: Iceberg's metadata tables from the CLI.
#include <fmt/format.h>

#include "cli/catalog_flags.h"
#include "cli/command_args.h"
#include "cli/tabular_output.h"
#include "firn/catalog/catalog_table_operations.h"
#include "firn/iceberg/metadata_tables/metadata_tables.h"

namespace firn::cli {
namespace {

// The text form of a JSON cell: strings without their quotes (when they need no escapes).
Cell ToCell(const std::string& json) {
  if (json.size() >= 2 && json.front() == '"' && json.back() == '"' &&
      json.find('\\') == std::string::npos) {
    return Cell{json, json.substr(1, json.size() - 2)};
  }
  return Cell{json, json};
}

int RunInspect(const Command& self, std::span<const std::string_view> args) {
  int code = 0;
  constexpr FlagSpec kFlags[] = {{"--format"}};
  auto flags = WithCatalogFlags(kFlags);
  auto p = ParseOrExit(self, args, flags, 2, 2, &code);
  if (!p) return code;
  auto ident = ParseTableArg(p->positional()[0]);
  if (!ident) return UsageError(self, ident.error());
  auto format = ParseOutputFormat(p->Get("--format").value_or("table"));
  if (!format) return UsageError(self, format.error());
  const std::string_view name = p->positional()[1];
  bool known = false;
  for (std::string_view n : iceberg::MetadataTableNames()) known |= n == name;
  if (!known) {
    std::string names;
    for (std::string_view n : iceberg::MetadataTableNames()) names += (names.empty() ? "" : ", ") + std::string(n);
    return UsageError(self, Error(ErrorKind::kInvalidArgument,
                                  fmt::format("unknown metadata table '{}' (expected one of: {})", name, names)));
  }
  auto c = OpenCatalogFromFlags(*p);
  if (!c) return Failure(self, c.error());
  catalog::CatalogTableOperations ops(*c->catalog, *c->io, *ident);
  auto state = ops.Refresh();
  if (!state) return Failure(self, state.error());
  auto table = iceberg::BuildMetadataTable(name, *c->io, *state->metadata, state->metadata_location);
  if (!table) return Failure(self, table.error());
  ResultSet rs{table->columns, {}};
  for (const auto& row : table->rows) {
    std::vector<Cell> cells;
    for (const std::string& v : row) cells.push_back(ToCell(v));
    rs.rows.push_back(std::move(cells));
  }
  PrintResultSet(rs, *format);
  return kExitOk;
}

}  // namespace

const Command kInspectCommand{
    .name = "inspect",
    .synopsis = "firn inspect NS.TABLE snapshots|history|files|data_files|delete_files|manifests|"
                "partitions|entries|refs|metadata_log_entries [--format table|jsonl|csv] [catalog flags]",
    .summary = "show a table's metadata tables",
    .help = "Shows one of Iceberg's metadata tables, with the columns Spark and Java use:\n"
            "  snapshots             every snapshot with its operation and summary\n"
            "  history               when each snapshot became current\n"
            "  files                 live data and delete files of the current snapshot with metrics\n"
            "  data_files, delete_files   the same, by content\n"
            "  manifests             the current snapshot's manifests with partition summaries\n"
            "  partitions            records, files and deletes per partition\n"
            "  entries               manifest entries (status, sequence numbers, file)\n"
            "  refs                  branches and tags\n"
            "  metadata_log_entries  earlier metadata files\n\n"
            "  --format F          table (default), jsonl or csv\n\n" FIRN_CATALOG_FLAGS_HELP,
    .run = RunInspect,
};

}  // namespace firn::cli
