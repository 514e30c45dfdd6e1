// firn table create|list|describe|drop|rename|register: tables of the catalog.
#include <filesystem>

#include <fmt/format.h>

#include "cli/catalog_flags.h"
#include "cli/command_args.h"
#include "cli/tabular_output.h"
#include "firn/catalog/catalog_table_operations.h"
#include "firn/common/macros.h"
#include "firn/iceberg/metadata/table_metadata_builder.h"
#include "firn/iceberg/metadata/table_metadata_json.h"
#include "firn/iceberg/partition/partition_spec_parser.h"
#include "firn/iceberg/sort/sort_order_parser.h"
#include "firn/iceberg/types/schema_ddl.h"
#include "firn/iceberg/types/schema_json.h"

namespace firn::cli {
namespace {

using iceberg::PartitionSpec;
using iceberg::Schema;

constexpr FlagSpec kCreateFlags[] = {{"--schema"},   {"--schema-ddl"},     {"--partition-by"}, {"--sort-by"},
                                     {"--property", {}, true, true},        {"--location"},
                                     {"--format-version"}};

Result<Schema> SchemaFromFlags(const ParsedArgs& p, io::FileIO& io) {
  if (p.Has("--schema") == p.Has("--schema-ddl")) {
    return InvalidArgument("give exactly one of --schema FILE and --schema-ddl \"...\"");
  }
  if (auto ddl = p.Get("--schema-ddl")) return iceberg::ParseSchemaDdl(*ddl);
  const std::string path(*p.Get("--schema"));
  FIRN_ASSIGN_OR_RETURN_CTX(std::string text, io.ReadAll(FilePath(path)), "--schema");
  FIRN_ASSIGN_OR_RETURN_CTX(Schema s, iceberg::SchemaFromJsonString(text), "--schema " + path);
  return s;
}

int RunCreate(const Command& self, std::span<const std::string_view> args) {
  int code = 0;
  auto flags = WithCatalogFlags(kCreateFlags);
  auto p = ParseOrExit(self, args, flags, 1, 1, &code);
  if (!p) return code;
  auto ident = ParseTableArg(p->positional()[0]);
  if (!ident) return UsageError(self, ident.error());
  auto props = ParseKeyValues("--property", p->GetAll("--property"));
  if (!props) return UsageError(self, props.error());
  int32_t format_version = iceberg::kDefaultFormatVersion;
  if (auto v = p->Get("--format-version")) {
    if (*v != "1" && *v != "2") return UsageError(self, Error(ErrorKind::kInvalidArgument, "--format-version must be 1 or 2"));
    format_version = *v == "1" ? 1 : 2;
  }
  if (p->Has("--schema") == p->Has("--schema-ddl")) {
    return UsageError(self, Error(ErrorKind::kInvalidArgument,
                                  "give exactly one of --schema FILE and --schema-ddl \"...\""));
  }
  auto c = OpenCatalogFromFlags(*p);
  if (!c) return Failure(self, c.error());
  auto schema = SchemaFromFlags(*p, *c->io);
  if (!schema) return Failure(self, schema.error());
  PartitionSpec spec;
  if (auto by = p->Get("--partition-by")) {
    auto fields = iceberg::ParsePartitionFields(*by, *schema);
    if (!fields) return Failure(self, std::move(fields.error()).WithContext("--partition-by"));
    spec.fields = std::move(*fields);
  }
  iceberg::SortOrder order = iceberg::SortOrder::Unsorted();
  if (auto by = p->Get("--sort-by")) {
    auto parsed = iceberg::ParseSortOrder(*by, *schema);
    if (!parsed) return Failure(self, std::move(parsed.error()).WithContext("--sort-by"));
    order = std::move(*parsed);
  }
  catalog::NewTable t{*schema, spec, order, *props,
                      std::string(p->Get("--location").value_or("")), format_version};
  auto st = catalog::CreateTable(*c->catalog, *c->io, *ident, t);
  if (!st) return Failure(self, st.error());
  fmt::print("created table {} at {}\n", ident->ToString(), st->metadata->location);
  return kExitOk;
}

int RunList(const Command& self, std::span<const std::string_view> args) {
  int code = 0;
  constexpr FlagSpec kFlags[] = {{"--format"}};
  auto flags = WithCatalogFlags(kFlags);
  auto p = ParseOrExit(self, args, flags, 1, 1, &code);
  if (!p) return code;
  auto ns = catalog::Namespace::Parse(p->positional()[0]);
  if (!ns) return UsageError(self, ns.error());
  auto format = ParseOutputFormat(p->Get("--format").value_or("table"));
  if (!format) return UsageError(self, format.error());
  auto c = OpenCatalogFromFlags(*p);
  if (!c) return Failure(self, c.error());
  auto tables = c->catalog->ListTables(*ns);
  if (!tables) return Failure(self, tables.error());
  ResultSet rs{{"table", "metadata_location"}, {}};
  for (const auto& t : *tables) {
    auto ptr = c->catalog->LoadTable(t);
    rs.rows.push_back({Cell::Str(t.ToString()), ptr ? Cell::Str(ptr->metadata_location) : Cell::Null()});
  }
  PrintResultSet(rs, *format);
  return kExitOk;
}

int RunDescribe(const Command& self, std::span<const std::string_view> args) {
  int code = 0;
  auto flags = WithCatalogFlags({});
  auto p = ParseOrExit(self, args, flags, 1, 1, &code);
  if (!p) return code;
  auto ident = ParseTableArg(p->positional()[0]);
  if (!ident) return UsageError(self, ident.error());
  auto c = OpenCatalogFromFlags(*p);
  if (!c) return Failure(self, c.error());
  catalog::CatalogTableOperations ops(*c->catalog, *c->io, *ident);
  auto state = ops.Refresh();
  if (!state) return Failure(self, state.error());
  const iceberg::TableMetadata& m = *state->metadata;
  fmt::print("table              {}\n", ident->ToString());
  fmt::print("location           {}\n", m.location);
  fmt::print("metadata           {}\n", state->metadata_location);
  fmt::print("uuid               {}\n", m.table_uuid);
  fmt::print("format version     {}\n", m.format_version);
  if (const iceberg::Snapshot* s = m.CurrentSnapshot()) {
    auto total = s->summary.find("total-records");
    fmt::print("current snapshot   {} ({}, sequence number {}, {} records)\n", s->snapshot_id.value(),
               iceberg::SnapshotOperationName(s->operation), s->sequence_number.value(),
               total != s->summary.end() ? total->second : "?");
  } else {
    fmt::print("current snapshot   none (empty table)\n");
  }
  fmt::print("snapshots          {}\n", m.snapshots.size());
  fmt::print("\nschema {} (identifier fields:", m.current_schema_id);
  for (FieldId id : m.CurrentSchema().identifier_field_ids()) {
    fmt::print(" {}", m.CurrentSchema().FindColumnName(id));
  }
  fmt::print(")\n");
  for (const iceberg::SchemaFieldEntry& e : m.CurrentSchema().AllFields()) {
    const int depth = static_cast<int>(std::count(e.path.begin(), e.path.end(), '.'));
    fmt::print("  {:>4}  {}{}{} {}\n", e.field->id.value(), std::string(2 * depth, ' '),
               e.field->name, e.field->required ? " (required)" : "",
               e.field->type.is_primitive() ? e.field->type.ToString() : std::string());
  }
  fmt::print("\npartition spec {}\n", m.default_spec_id);
  for (const iceberg::PartitionField& f : m.DefaultSpec().fields) {
    fmt::print("  {:>4}  {} = {}({})\n", f.field_id.value(), f.name, f.transform.ToString(),
               m.CurrentSchema().FindColumnName(f.source_id));
  }
  if (m.DefaultSpec().fields.empty()) fmt::print("  unpartitioned\n");
  fmt::print("\nsort order {}\n", m.default_sort_order_id);
  const iceberg::SortOrder* order = m.SortOrderById(m.default_sort_order_id);
  fmt::print("  {}\n", order == nullptr || order->IsUnsorted() ? std::string("unsorted")
                                                                : iceberg::SortOrderToString(*order, m.CurrentSchema()));
  fmt::print("\nproperties\n");
  for (const auto& [k, v] : m.properties) fmt::print("  {} = {}\n", k, v);
  return kExitOk;
}

int RunDrop(const Command& self, std::span<const std::string_view> args) {
  int code = 0;
  auto flags = WithCatalogFlags({});
  auto p = ParseOrExit(self, args, flags, 1, 1, &code);
  if (!p) return code;
  auto ident = ParseTableArg(p->positional()[0]);
  if (!ident) return UsageError(self, ident.error());
  auto c = OpenCatalogFromFlags(*p);
  if (!c) return Failure(self, c.error());
  if (auto st = c->catalog->DropTable(*ident); !st) return Failure(self, st.error());
  fmt::print("dropped table {} from the catalog (its files were left in place)\n", ident->ToString());
  return kExitOk;
}

int RunRename(const Command& self, std::span<const std::string_view> args) {
  int code = 0;
  auto flags = WithCatalogFlags({});
  auto p = ParseOrExit(self, args, flags, 2, 2, &code);
  if (!p) return code;
  auto from = ParseTableArg(p->positional()[0]);
  if (!from) return UsageError(self, from.error());
  auto to = ParseTableArg(p->positional()[1]);
  if (!to) return UsageError(self, to.error());
  auto c = OpenCatalogFromFlags(*p);
  if (!c) return Failure(self, c.error());
  if (auto st = c->catalog->RenameTable(*from, *to); !st) return Failure(self, st.error());
  fmt::print("renamed {} to {}\n", from->ToString(), to->ToString());
  return kExitOk;
}

// With --map, the table's metadata still records where the table was written. Register
// then commits a new metadata version beside the given one that keeps the rules in the
// table property firn.location-map; firn's scans apply them to every manifest list,
// manifest, data and delete file path (iceberg/scan/path_mapper.h).
Result<std::string> WriteMappedMetadata(io::FileIO& io, const std::string& location,
                                        const iceberg::TableMetadata& m,
                                        const std::vector<std::string_view>& maps) {
  std::string rules;
  for (std::string_view rule : maps) {
    if (rule.find('=') == std::string_view::npos || rule.front() == '=') {
      return InvalidArgument("--map expects FROM=TO, got '{}'", rule);
    }
    rules += std::string(rule) + "\n";
  }
  iceberg::TableMetadataBuilder b(m, location);
  b.SetProperties({{"firn.location-map", rules}});
  FIRN_ASSIGN_OR_RETURN(iceberg::TableMetadata mapped, std::move(b).Build(m.last_updated_ms));
  const std::string dir = location.substr(0, location.rfind('/'));
  const std::string out = fmt::format("{}/{}-firn-mapped.metadata.json", dir, iceberg::NewUuid());
  FIRN_RETURN_NOT_OK(io.WriteAll(FilePath(out), iceberg::TableMetadataToJson(mapped), io::WriteMode::kCreate));
  return out;
}

int RunRegister(const Command& self, std::span<const std::string_view> args) {
  int code = 0;
  constexpr FlagSpec kFlags[] = {{"--map", {}, true, true}};
  auto flags = WithCatalogFlags(kFlags);
  auto p = ParseOrExit(self, args, flags, 2, 2, &code);
  if (!p) return code;
  auto ident = ParseTableArg(p->positional()[0]);
  if (!ident) return UsageError(self, ident.error());
  std::error_code ec;
  std::string location = std::filesystem::absolute(std::string(p->positional()[1]), ec).lexically_normal().string();
  auto c = OpenCatalogFromFlags(*p);
  if (!c) return Failure(self, c.error());
  // Parse it first: registering a file that is not table metadata would break the table.
  auto state = catalog::LoadMetadataFile(*c->io, location);
  if (!state) return Failure(self, state.error());
  const auto maps = p->GetAll("--map");
  if (!maps.empty()) {
    auto mapped = WriteMappedMetadata(*c->io, location, *state->metadata, maps);
    if (!mapped) return Failure(self, mapped.error());
    location = *mapped;
  }
  if (auto st = c->catalog->RegisterTable(*ident, location); !st) return Failure(self, st.error());
  fmt::print("registered {} -> {} ({} snapshots)\n", ident->ToString(), location,
             state->metadata->snapshots.size());
  return kExitOk;
}

}  // namespace

const Command kTableCreateCommand{
    .name = "table create",
    .synopsis = "firn table create NS.TABLE (--schema FILE | --schema-ddl DDL) [--partition-by SPEC] "
                "[--sort-by ORDER] [--property K=V ...] [--location URI] [--format-version 1|2] [catalog flags]",
    .summary = "create an Iceberg table",
    .help = "Creates a table with format version 2 (default) in the catalog.\n\n"
            "  --schema FILE       an Iceberg schema in the spec's JSON form\n"
            "  --schema-ddl DDL    or columns as text: \"id long not null, name string, ts timestamptz,\n"
            "                      tags list<string>, attrs map<string,int>, loc struct<lat:double>\"\n"
            "  --partition-by SPEC hidden partitioning: \"day(ts), bucket(16, id), truncate(4, name), region\"\n"
            "                      (identity, bucket, truncate, year, month, day, hour, void)\n"
            "  --sort-by ORDER     the table's sort order, which compaction writes files in:\n"
            "                      \"event_type, day(ts) desc, id asc nulls last\"\n"
            "  --property K=V      a table property (repeatable), e.g. write.target-file-size-bytes=268435456\n"
            "  --location URI      where the table lives (default: <warehouse>/<namespace>/<table>)\n\n" FIRN_CATALOG_FLAGS_HELP,
    .run = RunCreate,
};

const Command kTableListCommand{
    .name = "table list",
    .synopsis = "firn table list NAMESPACE [--format table|jsonl|csv] [catalog flags]",
    .summary = "list the tables of a namespace",
    .help = "Lists the tables directly in NAMESPACE with their current metadata files.\n\n" FIRN_CATALOG_FLAGS_HELP,
    .run = RunList,
};

const Command kTableDescribeCommand{
    .name = "table describe",
    .synopsis = "firn table describe NS.TABLE [catalog flags]",
    .summary = "show a table's schema, partitioning, snapshot and properties",
    .help = "Shows the table's location, current snapshot, schema with field ids, partition spec\n"
            "and properties.\n\n" FIRN_CATALOG_FLAGS_HELP,
    .run = RunDescribe,
};

const Command kTableDropCommand{
    .name = "table drop",
    .synopsis = "firn table drop NS.TABLE [catalog flags]",
    .summary = "remove a table from the catalog",
    .help = "Removes the table from the catalog. Its data and metadata files stay where they are.\n\n" FIRN_CATALOG_FLAGS_HELP,
    .run = RunDrop,
};

const Command kTableRenameCommand{
    .name = "table rename",
    .synopsis = "firn table rename NS.TABLE NEW_NS.NEW_TABLE [catalog flags]",
    .summary = "rename a table",
    .help = "Renames a table, also across namespaces (not supported by the filesystem catalog,\n"
            "whose table names are their folders).\n\n" FIRN_CATALOG_FLAGS_HELP,
    .run = RunRename,
};

const Command kTableRegisterCommand{
    .name = "table register",
    .synopsis = "firn table register NS.TABLE METADATA.json [--map FROM=TO ...] [catalog flags]",
    .summary = "register a table another engine wrote",
    .help = "Adds an existing table (written by Spark, PyIceberg, Trino, ...) to the catalog by its\n"
            "current metadata file. Relative paths resolve against the current directory. The\n"
            "metadata file is parsed and checked first.\n\n"
            "  --map FROM=TO       the table was copied: read locations starting with FROM under TO\n"
            "                      instead (repeatable), e.g. --map s3://bucket/wh/db/t=/data/t.\n"
            "                      firn keeps the rules in a new metadata version beside the given\n"
            "                      one (table property firn.location-map) and applies them to every\n"
            "                      manifest, data and delete file it reads.\n\n" FIRN_CATALOG_FLAGS_HELP,
    .run = RunRegister,
};

}  // namespace firn::cli
