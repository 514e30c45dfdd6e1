// Loads NDJSON of the standard event stream (gen_events.cc) into firn column vectors with
// simdjson, for the encoder benchmark. The general JSON decoder of ingest (issue 4) will
// replace this fixed-schema loader; the benchmark times only the Parquet encoding.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "firn/common/result.h"
#include "firn/parquet/batch/column_vector.h"
#include "firn/parquet/schema/schema.h"

namespace firn::bench {

// event_id uuid, event_time timestamptz, user_id long, session_id string, event_type
// string, page string, amount double, country string, device struct<os, version>,
// tags list<string>; all optional, field ids 1..14.
std::shared_ptr<const parquet::Schema> StandardEventSchema();

// Parses `ndjson` into batches of at most `batch_rows` rows.
Result<std::vector<parquet::RecordBatch>> LoadEvents(std::string_view ndjson, const parquet::Schema& schema,
                                                     int64_t batch_rows);

// "2026-11-24T02:44:41.123456Z" -> microseconds since the epoch.
Result<int64_t> ParseTimestampMicros(std::string_view s);
// "8-4-4-4-12" hex -> 16 bytes.
Result<std::array<uint8_t, 16>> ParseUuid(std::string_view s);

}  // namespace firn::bench
