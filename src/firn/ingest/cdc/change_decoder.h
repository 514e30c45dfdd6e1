// ChangeDecoder: one Kafka record (value and key) -> the change it describes, for tables
// written with upserts (docs/configuration.md, "Upserts and CDC"). It only finds the
// operation and the JSON object of the row image; the row itself is decoded into columns
// by JsonRecordDecoder (json/json_record_decoder.h), like any record.
//
// Formats (CdcOptions::format):
//   kNone      every record is kUpsert of the whole record.
//   kDebezium  Debezium's change event envelope, bare ({"before":..,"after":..,"source":..,
//              "op":..,"ts_ms":..}) or wrapped by Kafka Connect's JsonConverter with
//              schemas.enable ({"schema":{..},"payload":{<envelope>}}). op:
//                "c" create, "r" snapshot read, "u" update -> kUpsert of `after`
//                "d" delete -> kDelete of `before`; when `before` is null, of the Kafka
//                    key (bare {"id":1} or wrapped {"schema":..,"payload":{"id":1}}).
//                    With PostgreSQL's REPLICA IDENTITY DEFAULT `before` holds only the
//                    key columns (the others null), which is all a delete needs.
//                "m" logical decoding message -> kSkip
//                "t" truncate -> InvalidArgument "truncate events are not supported: ..."
//              source_ts_ms is payload.source.ts_ms (when the change happened in the
//              database), -1 when absent or null.
//   kField     the string value of the field CdcOptions::field (a dotted name reaches into
//              nested objects: "meta.op"), first letter, any case: I, C, R, U -> kUpsert,
//              D -> kDelete; the row is the whole record (as Kafka Connect's Iceberg sink's
//              `cdc-field`; with Debezium's ExtractNewRecordState SMT, add.fields=op, the
//              field is "__op").
// A tombstone (an empty or all-whitespace value, or the JSON literal null; also Connect's
// {"schema":..,"payload":null}) is kSkip in every format: Debezium sends one after each
// delete for log compaction, and the delete itself came just before.
//
// Errors are InvalidArgument naming what is wrong, e.g.
//   debezium envelope: op "u" has a null 'after'
//   debezium envelope: malformed JSON: ...
//   cdc field 'op': expected a string, got number
// Malformed JSON in the parts the decoder reads, and anything after the top-level value,
// are errors; the row image is handed on unparsed beyond its brackets (JsonRecordDecoder
// checks it). With kNone nothing is parsed at all.
//
// Lifetimes: ChangeRecord::row is a view into `value` (or, for a delete without `before`,
// into `key`); op_text is a view into the decoder's scratch. Both are valid while the
// viewed record bytes live and until the next Decode on this decoder.
//
// No heap allocation per record once the scratch has grown to the largest record.
// Thread-safety: none; one decoder per table or per thread. Move-only.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "firn/common/result.h"
#include "firn/ingest/cdc/cdc_options.h"

namespace firn::ingest {

enum class ChangeOp : uint8_t {
  kUpsert,  // insert or replace the row with the same key
  kDelete,  // delete the row with the key of `row`
  kSkip,    // nothing to write (a tombstone, a Debezium message event)
};

struct ChangeRecord {
  ChangeOp op = ChangeOp::kSkip;
  std::string_view row;       // the JSON object of the row image (see the header comment)
  int64_t source_ts_ms = -1;  // Debezium payload.source.ts_ms; -1: none
  std::string_view op_text;   // the operation as the record gave it ("c", "U", ...), for messages
};

class ChangeDecoder {
 public:
  // InvalidArgument when options.format is kField with an empty field name (or a dotted
  // name with an empty segment).
  static Result<std::unique_ptr<ChangeDecoder>> Make(const CdcOptions& options);
  ~ChangeDecoder();
  ChangeDecoder(const ChangeDecoder&) = delete;
  ChangeDecoder& operator=(const ChangeDecoder&) = delete;

  // `value`: the Kafka record value (an empty view for a null value, a tombstone).
  // `key`: the Kafka key; nullopt for a null key.
  Result<ChangeRecord> Decode(std::string_view value, std::optional<std::string_view> key);

  const CdcOptions& options() const { return options_; }

 private:
  struct Impl;  // simdjson's parser and the padded scratch
  ChangeDecoder(CdcOptions options, std::unique_ptr<Impl> impl);

  CdcOptions options_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace firn::ingest
