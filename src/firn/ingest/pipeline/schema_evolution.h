// Schema evolution for streaming writes (evolve-schema = true): when a record does not fit
// the table because it has a field the table lacks, or an integer too large for an int
// column (a float beyond float range), the table's schema is evolved for it:
//
//   - a new field, at the top level or inside a struct, becomes an optional column with the
//     type inference gives it (json/schema_inference.h);
//   - int widens to long, float to double (the spec's allowed promotions).
//
// Nothing is ever dropped, renamed or narrowed; a field whose name differs from a column
// only in case is not added (the record stays a bad record). New fields inside lists and
// maps are not added either.
//
// Thread-safety: pure function.
#pragma once

#include <optional>
#include <string_view>

#include "firn/common/result.h"
#include "firn/iceberg/types/schema_update.h"

namespace firn::ingest {

// The evolved schema (schema id 0; the caller assigns one) and last-column-id for a
// `record` that failed to decode with `error`, or nullopt when evolving cannot make it fit.
std::optional<iceberg::SchemaUpdateResult> EvolveForRecord(const iceberg::Schema& current,
                                                           int32_t last_column_id,
                                                           std::string_view record, const Error& error);

}  // namespace firn::ingest
