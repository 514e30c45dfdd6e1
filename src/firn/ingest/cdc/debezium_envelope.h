// Debezium's change event envelope -> ChangeRecord (private to cdc/; change_decoder.h
// states the contract). Debezium reference: "Data change events" of each connector's
// documentation (debezium.io/documentation/reference/connectors/postgresql.html): the value
// is {"before", "after", "source", "op", "ts_ms", "transaction"}, wrapped as
// {"schema", "payload"} by Kafka Connect's JsonConverter when schemas.enable is true (its
// default); the key is the primary key columns, wrapped the same way.
//
// Type encodings. The row image is handed to JsonRecordDecoder unchanged, so a column
// decodes when Debezium's JSON for it is what that decoder takes for the column's Iceberg
// type (json_record_decoder.h). With the JsonConverter and Debezium's defaults:
//   accepted   booleans, integers (int8..int64) -> int/long, float/double; strings, enums,
//              json/jsonb (io.debezium.data.Json) and xml -> string; io.debezium.data.Uuid
//              -> uuid; bytes (binary.handling.mode=bytes: base64) -> binary;
//              io.debezium.time.ZonedTimestamp (ISO-8601 with offset) -> timestamptz;
//              io.debezium.time.Timestamp (epoch millis) and MicroTimestamp (epoch micros)
//              -> timestamp, with decode.timestamp-numbers = "millis" / "micros" (one unit
//              per pipeline: time.precision.mode=connect makes every timestamp millis);
//              decimal.handling.mode=string or double -> decimal / double;
//              io.debezium.time.MicroDuration (int64 micros) -> long; arrays -> list.
//   rejected   io.debezium.time.Date (int32 epoch days) -> date expects "YYYY-MM-DD";
//              io.debezium.time.Time / MicroTime / NanoTime (millis/micros/nanos of the
//              day) -> time expects "HH:MM:SS"; ZonedTime ("10:15:30Z") has a zone;
//              NanoTimestamp (epoch nanos); org.apache.kafka.connect.data.Decimal with
//              decimal.handling.mode=precise, the default (base64 of the unscaled
//              big-endian two's complement) -> decimal expects digits;
//              io.debezium.data.VariableScaleDecimal ({"scale", "value"}) and the geometry
//              structs unless the table has a matching struct column.
//   (Those can be stored with a column of the literal type instead: int for Date, long for
//   MicroTime, binary for a precise Decimal, or changed by an SMT before firn.)
//
// Thread-safety: none; called by one ChangeDecoder.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "firn/common/result.h"
#include "firn/ingest/cdc/change_decoder.h"
#include "firn/ingest/cdc/padded_json.h"

namespace firn::ingest::cdc_internal {

// Decodes one Debezium record. `value` is not a tombstone (the caller checked). The
// operation is copied into *op_scratch, which op_text views.
Result<ChangeRecord> DecodeDebezium(PaddedJson& json, std::string_view value,
                                    std::optional<std::string_view> key, std::string* op_scratch);

}  // namespace firn::ingest::cdc_internal
