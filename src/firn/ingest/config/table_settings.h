// Per-table settings of the pipeline config: [table-defaults] and [tables."ns.name"].
//
// Resolution, key by key: [tables."ns.name"] over [table-defaults] over the built-in
// defaults (TableSettings' initializers). `properties` merge key by key. schema-ddl and
// schema-json are two spellings of one setting: a level that gives either replaces both
// of the level below, so a table never ends up with two schemas. `id-columns` is another
// spelling of `identifier-fields` (Kafka Connect's Iceberg sink's name): one setting.
//
// Upserts: with `upsert`, a record replaces the row with the same key, and with a
// `cdc-format` other than none a record may also delete one (cdc/change_decoder.h). The
// key is `identifier_fields` when given, else the table's identifier-field-ids.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "firn/ingest/cdc/cdc_options.h"

namespace firn::ingest {

// The resolved settings for one table.
struct TableSettings {
  bool auto_create = false;                    // create the table when it does not exist
  bool evolve_schema = false;                  // evolve the schema when records bring new fields
  std::optional<std::string> schema_ddl;       // schema of a created table, as column DDL
  std::optional<std::string> schema_json;      // ... or as Iceberg schema JSON; neither: inferred
  std::optional<std::string> partition_by;     // partition spec of a created table ("day(ts)")
  std::optional<std::string> sort_by;          // sort order of a created table ("id desc")
  std::vector<std::string> identifier_fields;  // identifier (key) columns of a created table
  std::map<std::string, std::string> properties;  // Iceberg table properties
  bool upsert = false;  // a record replaces the row with the same key (equality deletes)
  CdcOptions cdc;       // how records say what changed; format kNone unless upsert

  bool operator==(const TableSettings&) const = default;
};

// One level of table settings as written: a field that was not given is unset.
struct TableOverrides {
  std::optional<bool> auto_create;                            // auto-create
  std::optional<bool> evolve_schema;                          // evolve-schema
  std::optional<std::string> schema_ddl;                      // schema-ddl
  std::optional<std::string> schema_json;                     // schema-json
  std::optional<std::string> partition_by;                    // partition-by
  std::optional<std::string> sort_by;                         // sort-by
  std::optional<std::vector<std::string>> identifier_fields;  // identifier-fields / id-columns
  std::map<std::string, std::string> properties;              // properties (merged)
  std::optional<bool> upsert;                                 // upsert
  std::optional<CdcFormat> cdc_format;                        // cdc-format
  std::optional<std::string> cdc_field;                       // cdc-field

  bool operator==(const TableOverrides&) const = default;
};

// `*settings` with the fields given in `overrides` replaced (properties merged).
void ApplyTableOverrides(const TableOverrides& overrides, TableSettings* settings);

}  // namespace firn::ingest
