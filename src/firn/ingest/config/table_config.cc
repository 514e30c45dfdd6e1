// [table-defaults] and [tables."ns.name"]: see table_settings.h and docs/configuration.md.
#include <fmt/format.h>

#include <array>
#include <charconv>
#include <utility>

#include "firn/common/macros.h"
#include "firn/iceberg/metadata/table_properties.h"
#include "firn/iceberg/partition/partition_spec_parser.h"
#include "firn/iceberg/sort/sort_order_parser.h"
#include "firn/iceberg/types/schema_ddl.h"
#include "firn/iceberg/types/schema_json.h"
#include "firn/ingest/config/config_sections.h"

namespace firn::ingest {

void ApplyTableOverrides(const TableOverrides& o, TableSettings* s) {
  if (o.auto_create) s->auto_create = *o.auto_create;
  if (o.evolve_schema) s->evolve_schema = *o.evolve_schema;
  if (o.schema_ddl || o.schema_json) {
    s->schema_ddl = o.schema_ddl;
    s->schema_json = o.schema_json;
  }
  if (o.partition_by) s->partition_by = o.partition_by;
  if (o.sort_by) s->sort_by = o.sort_by;
  if (o.identifier_fields) s->identifier_fields = *o.identifier_fields;
  for (const auto& [key, value] : o.properties) s->properties[key] = value;
  if (o.upsert) s->upsert = *o.upsert;
  // cdc-field belongs to cdc-format: a level that gives the format replaces the field too.
  if (o.cdc_format) {
    s->cdc.format = *o.cdc_format;
    s->cdc.field = o.cdc_field.value_or("");
  } else if (o.cdc_field) {
    s->cdc.field = *o.cdc_field;
  }
}

namespace config_internal {
namespace {

namespace props = iceberg::props;

constexpr std::array<std::pair<std::string_view, CdcFormat>, 3> kCdcFormats = {{
    {"none", CdcFormat::kNone},
    {"debezium", CdcFormat::kDebezium},
    {"field", CdcFormat::kField},
}};

// A cdc-field name: non-empty segments separated by '.' (nested fields).
bool IsFieldPath(std::string_view name) {
  if (name.empty() || name.front() == '.' || name.back() == '.') return false;
  return name.find("..") == std::string_view::npos;
}

// Table properties that firn (and every Iceberg engine) reads as numbers or booleans;
// checked here so that a typo fails at start rather than at the first commit.
struct PropertyRule {
  std::string_view name;
  int64_t min;  // integers: the smallest value; booleans: -1
};
constexpr PropertyRule kPropertyRules[] = {
    {props::kTargetFileSizeBytes, 1},     {props::kCommitNumRetries, 0},
    {props::kCommitMinRetryWaitMs, 0},    {props::kCommitMaxRetryWaitMs, 0},
    {props::kCommitTotalRetryTimeMs, 0},  {props::kManifestMinMergeCount, 0},
    {props::kManifestTargetSizeBytes, 1}, {props::kMetadataPreviousVersionsMax, 0},
    {props::kMaxSnapshotAgeMs, 0},        {props::kMinSnapshotsToKeep, 0},
    {props::kManifestMergeEnabled, -1},   {props::kMetadataDeleteAfterCommit, -1},
};

void CheckProperties(const std::string& path, const std::map<std::string, std::string>& p,
                     Diagnostics& diag) {
  for (const auto& [name, value] : p) {
    std::string key_path = fmt::format("{}.properties.{}", path, KeySegment(name));
    if (name == props::kDefaultFileFormat && iceberg::ToLowerAscii(value) != "parquet") {
      diag.ErrorAtKey(key_path,
                      fmt::format("{}: firn writes only \"parquet\", got \"{}\"", key_path, value));
    }
    for (const PropertyRule& rule : kPropertyRules) {
      if (name != rule.name) continue;
      if (rule.min < 0) {
        std::string lower = iceberg::ToLowerAscii(value);
        if (lower != "true" && lower != "false") {
          diag.ErrorAtKey(key_path,
                          fmt::format("{}: expected true or false, got \"{}\"", key_path, value));
        }
        continue;
      }
      int64_t number = 0;
      auto r = std::from_chars(value.data(), value.data() + value.size(), number);
      if (r.ec != std::errc() || r.ptr != value.data() + value.size() || number < rule.min) {
        diag.ErrorAtKey(key_path, fmt::format("{}: expected a {} integer, got \"{}\"", key_path,
                                              rule.min > 0 ? "positive" : "non-negative", value));
      }
    }
  }
}

// A syntax check of partition-by for a table whose schema is not known yet (it is
// inferred from the first records). It follows partition_spec_parser.h's grammar; the
// columns and the transforms' types are checked when the table is created.
Status CheckPartitionSyntax(std::string_view text) {
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) {
      s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) {
      s.remove_suffix(1);
    }
    return s;
  };
  auto split = [&](std::string_view s) -> Result<std::vector<std::string_view>> {
    std::vector<std::string_view> out;
    int depth = 0;
    size_t start = 0;
    for (size_t i = 0; i <= s.size(); ++i) {
      char c = i < s.size() ? s[i] : ',';
      if (c == '(') ++depth;
      if (c == ')' && --depth < 0) return InvalidArgument("unbalanced ')' in '{}'", s);
      if (c == ',' && depth == 0) {
        out.push_back(trim(s.substr(start, i - start)));
        start = i + 1;
      }
    }
    if (depth != 0) return InvalidArgument("unbalanced '(' in '{}'", s);
    return out;
  };
  if (trim(text).empty()) return OkStatus();  // unpartitioned
  FIRN_ASSIGN_OR_RETURN(std::vector<std::string_view> terms, split(text));
  for (std::string_view term : terms) {
    if (term.empty()) return InvalidArgument("empty partition term in '{}'", text);
    std::string lower = iceberg::ToLowerAscii(term);
    std::string_view body = term;
    size_t as = lower.rfind(" as ");
    if (as != std::string::npos && lower.find(')', as) == std::string::npos) {
      if (trim(term.substr(as + 4)).empty()) {
        return InvalidArgument("partition term '{}': empty name after 'as'", term);
      }
      body = trim(term.substr(0, as));
    }
    size_t open = body.find('(');
    if (open == std::string_view::npos) continue;  // a column: identity
    if (!body.ends_with(")"))
      return InvalidArgument("partition term '{}': expected ')' at the end", term);
    std::string func = iceberg::ToLowerAscii(trim(body.substr(0, open)));
    FIRN_ASSIGN_OR_RETURN(std::vector<std::string_view> args,
                          split(body.substr(open + 1, body.size() - open - 2)));
    if (func == "bucket" || func == "truncate") {
      auto positive = [](std::string_view s) {
        int32_t n = 0;
        auto r = std::from_chars(s.data(), s.data() + s.size(), n);
        return r.ec == std::errc() && r.ptr == s.data() + s.size() && n > 0;
      };
      if (args.size() != 2 ||
          !(positive(args[0]) ? !args[1].empty() : positive(args[1]) && !args[0].empty())) {
        return InvalidArgument("partition term '{}': {} takes a positive width and a column", term,
                               func);
      }
      continue;
    }
    static constexpr std::string_view kOneColumn[] = {
        "identity", "year", "years", "month",     "months", "day",       "days",
        "date",     "hour", "hours", "date_hour", "void",   "alwaysnull"};
    if (std::find(std::begin(kOneColumn), std::end(kOneColumn), func) == std::end(kOneColumn)) {
      return InvalidArgument("partition term '{}': unknown transform '{}'", term, func);
    }
    if (args.size() != 1 || args[0].empty()) {
      return InvalidArgument("partition term '{}': {} takes one column", term, func);
    }
  }
  return OkStatus();
}

// Spec "Identifier Field IDs": required primitive fields, not float or double, nested only
// in required structs.
Status CheckIdentifierField(const iceberg::Schema& schema, const std::string& name) {
  const iceberg::NestedField* field = schema.FindField(name);
  if (field == nullptr) return InvalidArgument("column '{}' does not exist", name);
  iceberg::TypeId type = field->type.id();
  if (!field->type.is_primitive() || type == iceberg::TypeId::kFloat ||
      type == iceberg::TypeId::kDouble) {
    return InvalidArgument("'{}' is a {}; identifier fields must be primitive, not float or double",
                           name, field->type.ToString());
  }
  if (!field->required) {
    return InvalidArgument("'{}' is optional; identifier fields must be required (NOT NULL)", name);
  }
  const iceberg::SchemaFieldEntry* entry = schema.FindEntry(field->id);
  while (entry != nullptr && entry->parent_id.value() != 0) {
    entry = schema.FindEntry(entry->parent_id);
    if (entry == nullptr) break;
    if (entry->field->type.id() != iceberg::TypeId::kStruct || !entry->field->required) {
      return InvalidArgument(
          "'{}' is inside '{}'; identifier fields may only be nested in "
          "required structs",
          name, entry->path);
    }
  }
  return OkStatus();
}

// One level as written, with the rules between its own keys.
bool ReadOverrides(Section s, TableOverrides* out) {
  Diagnostics& diag = s.diag();
  size_t before = diag.error_count();
  out->auto_create = s.Bool("auto-create");
  out->evolve_schema = s.Bool("evolve-schema");
  out->schema_ddl = s.String("schema-ddl");
  out->schema_json = s.String("schema-json");
  out->partition_by = s.String("partition-by");
  out->sort_by = s.String("sort-by");
  out->identifier_fields = s.StringList("identifier-fields", true);
  // Kafka Connect's Iceberg sink's name for the same setting.
  std::optional<std::vector<std::string>> id_columns = s.StringList("id-columns", true);
  if (auto p = s.StringMap("properties")) out->properties = std::move(*p);
  out->upsert = s.Bool("upsert");
  out->cdc_format = s.Enum<CdcFormat>("cdc-format", kCdcFormats);
  out->cdc_field = s.String("cdc-field");
  if (out->cdc_field && !IsFieldPath(*out->cdc_field)) {
    diag.ErrorAtKey(s.KeyPath("cdc-field"),
                    fmt::format("{}: expected a field name (\"op\", or \"meta.op\" for a "
                                "nested field), got \"{}\"",
                                s.KeyPath("cdc-field"), EscapeControls(*out->cdc_field)));
  }
  s.RejectUnknown();
  if (diag.error_count() != before) return false;
  if (id_columns) {
    if (out->identifier_fields) {
      diag.ErrorAtKey(s.KeyPath("id-columns"),
                      fmt::format("{}: give either identifier-fields or id-columns (the same "
                                  "setting), not both",
                                  s.KeyPath("id-columns")));
    }
    out->identifier_fields = std::move(id_columns);
  }
  if (out->schema_ddl && out->schema_json) {
    diag.ErrorAtKey(s.KeyPath("schema-json"),
                    fmt::format("{}: give either schema-ddl or schema-json, not both",
                                s.KeyPath("schema-json")));
  }
  if (out->schema_ddl) {
    if (auto schema = iceberg::ParseSchemaDdl(*out->schema_ddl); !schema) {
      diag.ErrorAtKey(s.KeyPath("schema-ddl"),
                      fmt::format("{}: {}", s.KeyPath("schema-ddl"), schema.error().message()));
    }
  }
  if (out->schema_json) {
    if (auto schema = iceberg::SchemaFromJsonString(*out->schema_json); !schema) {
      diag.ErrorAtKey(s.KeyPath("schema-json"),
                      fmt::format("{}: {}", s.KeyPath("schema-json"), schema.error().message()));
    }
  }
  if (out->partition_by) {
    if (Status ok = CheckPartitionSyntax(*out->partition_by); !ok) {
      diag.ErrorAtKey(s.KeyPath("partition-by"),
                      fmt::format("{}: {}", s.KeyPath("partition-by"), ok.error().message()));
    }
  }
  CheckProperties(s.path(), out->properties, diag);
  return diag.error_count() == before;
}

// The rules of a table's resolved settings that need its schema: partition-by binds and
// identifier-fields exist. `path` names the level the table's settings end at.
void CheckResolved(const std::string& path, const TableSettings& t, Diagnostics& diag) {
  Result<iceberg::Schema> schema = t.schema_ddl    ? iceberg::ParseSchemaDdl(*t.schema_ddl)
                                   : t.schema_json ? iceberg::SchemaFromJsonString(*t.schema_json)
                                                   : Result<iceberg::Schema>(iceberg::Schema());
  if (!schema || (!t.schema_ddl && !t.schema_json)) return;  // unknown until inferred
  if (t.partition_by) {
    if (auto fields = iceberg::ParsePartitionFields(*t.partition_by, *schema); !fields) {
      diag.ErrorAtKey(path, fmt::format("{}: partition-by does not fit the schema: {}", path,
                                        fields.error().message()));
    }
  }
  if (t.sort_by) {
    if (auto order = iceberg::ParseSortOrder(*t.sort_by, *schema); !order) {
      diag.ErrorAtKey(path, fmt::format("{}: sort-by does not fit the schema: {}", path, order.error().message()));
    }
  }
  for (const std::string& name : t.identifier_fields) {
    if (Status ok = CheckIdentifierField(*schema, name); !ok) {
      diag.ErrorAtKey(path, fmt::format("{}: identifier-fields: {}", path, ok.error().message()));
    }
  }
}

// The rules of upsert, cdc-format and cdc-field on a table's resolved settings `t`.
// `path` names the level that resolved them and `o` what that level gave; errors are put
// at the level's own keys (a level that gives none of the three is checked at the level
// that did).
void CheckCdc(const std::string& path, const TableOverrides& o, const TableSettings& t,
              Diagnostics& diag) {
  auto key = [&](std::string_view name) { return fmt::format("{}.{}", path, name); };
  const std::string_view format = CdcFormatName(t.cdc.format);
  if (!t.cdc.field.empty() && t.cdc.format != CdcFormat::kField) {
    diag.ErrorAtKey(key("cdc-field"),
                    fmt::format("{} is only used with cdc-format = \"field\", not \"{}\"",
                                key("cdc-field"), format));
  }
  if (t.cdc.format == CdcFormat::kField && t.cdc.field.empty()) {
    diag.ErrorAtKey(key("cdc-format"),
                    fmt::format("{} is required for cdc-format = \"field\": the field that "
                                "holds each record's operation",
                                key("cdc-field")));
  }
  if (t.cdc.format != CdcFormat::kNone && !t.upsert) {
    const std::string why =
        "a change stream written to an append-only table would keep deleted rows and old "
        "versions of updated rows as rows";
    if (o.cdc_format || !o.upsert) {
      diag.ErrorAtKey(key("cdc-format"), fmt::format("{} = \"{}\" needs upsert = true: {}",
                                                     key("cdc-format"), format, why));
    } else {
      diag.ErrorAtKey(key("upsert"),
                      fmt::format("{} = false, but cdc-format = \"{}\" needs upsert = true: {}",
                                  key("upsert"), format, why));
    }
  }
}

}  // namespace

bool ReadTables(Section& root, PipelineConfig* config) {
  Diagnostics& diag = root.diag();
  size_t before = diag.error_count();
  bool defaults_valid = ReadOverrides(root.Table("table-defaults"), &config->table_defaults);
  TableSettings defaults;
  ApplyTableOverrides(config->table_defaults, &defaults);
  if (defaults_valid) {
    CheckResolved("table-defaults", defaults, diag);
    CheckCdc("table-defaults", config->table_defaults, defaults, diag);
  }

  Section tables = root.Table("tables");
  if (tables.table() == nullptr) return diag.error_count() == before;
  for (const auto& [key, node] : *tables.table()) {
    std::string name(key.str());
    Section table = tables.Table(name);
    if (!table.present()) continue;  // not a table: reported
    if (Status ok = CheckTableName(name, TablePlaceholders::kNone); !ok) {
      diag.ErrorAtKey(table.path(), fmt::format("{}: {}", table.path(), ok.error().message()));
    }
    TableOverrides overrides;
    if (!ReadOverrides(table, &overrides) || !defaults_valid) continue;
    // Only what this level changes: the defaults' own problems were reported above.
    if (overrides.schema_ddl || overrides.schema_json || overrides.partition_by || overrides.sort_by ||
        overrides.identifier_fields) {
      TableSettings resolved = defaults;
      ApplyTableOverrides(overrides, &resolved);
      CheckResolved(table.path(), resolved, diag);
    }
    if (overrides.upsert || overrides.cdc_format || overrides.cdc_field) {
      TableSettings resolved = defaults;
      ApplyTableOverrides(overrides, &resolved);
      CheckCdc(table.path(), overrides, resolved, diag);
    }
    config->tables.emplace(std::move(name), std::move(overrides));
  }
  return diag.error_count() == before;
}

}  // namespace config_internal
}  // namespace firn::ingest
