#include "firn/ingest/pipeline/dead_letter.h"

#include <chrono>

#include "firn/catalog/catalog_table_operations.h"
#include "firn/common/json_writer.h"
#include "firn/common/macros.h"
#include "firn/iceberg/types/schema_ddl.h"
#include "firn/ingest/json/json_scalars.h"
#include "firn/ingest/timestamp_text.h"

namespace firn::ingest {

const char* const kDeadLetterSchemaDdl =
    "table string, topic string, partition int, offset long, key binary, payload binary, "
    "error string, source_timestamp timestamptz, failed_at timestamptz";

Status EnsureDeadLetterTable(catalog::Catalog& catalog, io::FileIO& io,
                             const catalog::TableIdentifier& ident) {
  FIRN_ASSIGN_OR_RETURN(bool exists, catalog.TableExists(ident));
  if (exists) return OkStatus();
  FIRN_ASSIGN_OR_RETURN(bool ns_exists, catalog.NamespaceExists(ident.ns));
  if (!ns_exists) {
    Status s = catalog.CreateNamespace(ident.ns, {});
    if (!s && s.error().kind() != ErrorKind::kAlreadyExists) return s;
  }
  FIRN_ASSIGN_OR_RETURN(iceberg::Schema schema, iceberg::ParseSchemaDdl(kDeadLetterSchemaDdl));
  catalog::NewTable table{schema, iceberg::PartitionSpec{}, iceberg::SortOrder::Unsorted(), {}, "",
                          iceberg::kDefaultFormatVersion};
  auto created = catalog::CreateTable(catalog, io, ident, table);
  // Another worker may have created it first.
  if (!created && created.error().kind() != ErrorKind::kAlreadyExists) {
    return std::unexpected(std::move(created.error()).WithContext("creating dead-letter table"));
  }
  return OkStatus();
}

namespace {

void TimestampMicros(JsonWriter& w, int64_t micros) {
  std::string text;
  AppendTimestamp(micros, FractionDigits::kMicros, /*utc=*/true, &text);
  w.String(text);
}

}  // namespace

void AppendDeadLetterJson(const SourceRecord& r, const std::string& table, std::string_view error,
                          std::string* out) {
  JsonWriter w;
  std::string b64;
  w.BeginObject();
  w.Key("table");
  w.String(table);
  w.Key("topic");
  w.String(r.topic);
  w.Key("partition");
  w.Int(r.partition.value());
  w.Key("offset");
  w.Int(r.offset.value());
  w.Key("key");
  if (r.key) {
    AppendBase64(*r.key, &b64);
    w.String(b64);
  } else {
    w.Null();
  }
  w.Key("payload");
  b64.clear();
  AppendBase64(r.value, &b64);
  w.String(b64);
  w.Key("error");
  w.String(error);
  w.Key("source_timestamp");
  if (r.timestamp_ms >= 0) {
    TimestampMicros(w, r.timestamp_ms * 1000);
  } else {
    w.Null();
  }
  w.Key("failed_at");
  TimestampMicros(w, std::chrono::duration_cast<std::chrono::microseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count());
  w.EndObject();
  out->append(w.str());
}

}  // namespace firn::ingest
