// Dead letters: records that could not be routed, decoded or converted, kept with their
// error in "<table>__dlq" (errors.tolerance = all), a plain Iceberg table any engine can
// query:
//
//   table             string       the table the record was meant for
//   topic             string       source topic (or file path)
//   partition         int
//   offset            long
//   key               binary       the Kafka key, if any
//   payload           binary       the record's bytes, unchanged
//   error             string       why it was refused ("line 1: field 'amount': ...")
//   source_timestamp  timestamptz  the Kafka timestamp, if any
//   failed_at         timestamptz  when firn refused it
//
// A dead-letter table is an ordinary table in the exactly-once protocol: it stores the
// offsets it covers, so a replay neither loses nor repeats dead letters.
//
// Thread-safety: pure functions (the catalog's own guarantees apply).
#pragma once

#include <string>

#include "firn/catalog/catalog.h"
#include "firn/io/file_io.h"
#include "firn/ingest/source/source.h"

namespace firn::ingest {

// The schema above, as DDL.
extern const char* const kDeadLetterSchemaDdl;

// Creates the dead-letter table (and its namespace) unless it exists.
Status EnsureDeadLetterTable(catalog::Catalog& catalog, io::FileIO& io,
                             const catalog::TableIdentifier& ident);

// Appends the dead-letter row for `record` as one JSON line (no '\n') to *out.
void AppendDeadLetterJson(const SourceRecord& record, const std::string& table,
                          std::string_view error, std::string* out);

}  // namespace firn::ingest
