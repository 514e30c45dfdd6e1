// How the records of a table describe changes (the table's `cdc-format` and `cdc-field`
// settings, docs/configuration.md "Upserts and CDC"). Kept apart from change_decoder.h so
// that the config (config/table_settings.h) can hold it without simdjson.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace firn::ingest {

enum class CdcFormat : uint8_t {
  kNone,      // no change stream: every record is an upsert of the whole record
  kDebezium,  // Debezium's JSON envelope (op, before, after, source), bare or Connect-wrapped
  kField,     // a field of the record holds the operation (I/C/R/U: upsert, D: delete)
};

// "none", "debezium", "field": the spelling in the config.
std::string_view CdcFormatName(CdcFormat format);

struct CdcOptions {
  CdcFormat format = CdcFormat::kNone;  // how a record says what changed
  std::string field;  // kField: the top-level field holding the operation; else empty
  bool operator==(const CdcOptions&) const = default;
};

}  // namespace firn::ingest
