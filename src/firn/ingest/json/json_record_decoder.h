// JsonRecordDecoder: NDJSON lines -> rows of a RecordBatch shaped by an Iceberg schema
// (parquet::MakeBatch(*ToParquetSchema(schema)), see iceberg/data/parquet_schema.h).
// Lines are parsed with simdjson's on-demand API and decoded straight into the column
// vectors, following a plan compiled once per schema (json_plan.h); there are no
// per-record heap objects.
//
// The JSON form of each type is the contract of `firn table append` and `firn scan
// --format jsonl` (json_record_encoder.h writes the canonical forms):
//   boolean                true / false
//   int, long              JSON integers, range-checked (no fraction, no exponent)
//   float, double          JSON numbers (integers accepted), or "NaN", "Infinity", "-Infinity"
//   decimal(P,S)           a JSON number or string, "-12.30"; no exponent; at most S fraction
//                          digits (fewer are padded, more are an error) and P digits
//   date                   "YYYY-MM-DD"        (years outside 0000..9999: "+10000-01-01", "-0001-...")
//   time                   "HH:MM[:SS[.f]]"    up to 6 fraction digits (non-zero digits beyond are an error)
//   timestamp              "YYYY-MM-DDTHH:MM:SS[.ffffff]", no zone
//   timestamptz            the same with "Z" or "+HH:MM"/"-HH:MM", converted to UTC
//   timestamp[tz]_ns       the same with up to 9 fraction digits
//                          Timestamps may also be JSON integers if Options::timestamp_numbers
//                          says so (below); strings are read the same way in every mode.
//   string                 a JSON string (any escapes; the input must be valid UTF-8)
//   uuid                   "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", either case
//   binary, fixed[L]       standard base64 with padding; fixed checks the decoded length is L
//   struct                 an object; keys in any order
//   list                   an array
//   map                    an object when the key type is string, else an array of
//                          {"key": k, "value": v} objects
// A missing field or null is a null for an optional field and an error for a required
// one (map keys are required). Unknown keys are ignored unless Options::reject_unknown_fields.
// A key given twice in one object is an error.
// TODO(v3): a missing field's write-default (NestedField::write_default) is not applied
// yet; a missing field is null (optional) or an error (required).
//
// Options (all off by default; the defaults are the contract above):
//   reject_unknown_fields  an unknown key is an error, "field 'device.model': unknown field"
//   case_insensitive       a struct's keys match its field names ignoring ASCII case
//                          ('A'..'Z' only; other bytes compare exactly), at every level. An
//                          exact match is tried first. Two keys of one object naming the same
//                          field are an error, "field 'name': given twice (keys differ only in
//                          case)", where 'name' is the field's path in the schema. Make fails
//                          if two fields of one struct differ only in case. Map keys are data
//                          and the "key"/"value" of map entries are the decoder's own syntax:
//                          neither is folded.
//   timestamp_numbers      a JSON number in a timestamp, timestamptz, timestamp_ns or
//                          timestamptz_ns field: kReject (an error, "expected a timestamp
//                          string, got number 3"), kMillis (an integer count of milliseconds
//                          since 1970-01-01T00:00:00, UTC for the zoned types) or kMicros
//                          (microseconds likewise), scaled to the column's unit. A number with
//                          a fraction or exponent (1.5, 1e3, 1.0) is an error, "expected a
//                          timestamp string or integer epoch milliseconds, got number 1.5", as
//                          is a count whose scaled value does not fit int64, "field 'ts':
//                          9223372036854776 epoch milliseconds is out of range for timestamp".
//                          Dates and times are not affected.
//
// Errors. A line that does not fit is an InvalidArgument naming the line (1-based, counted
// over every call, empty lines included) and the field path, e.g.
//   "line 17: field 'device.version': expected a string, got number 3"
// Malformed JSON (including invalid UTF-8 and anything after the object) is
// "line 17: malformed JSON: ...". A failed line leaves the batch exactly as it was before
// that line (every column, nested children included, is rolled back), so callers can
// route it to a dead-letter path and go on with the next line.
//
// Thread-safety: none; one decoder per thread. Move-only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "firn/common/result.h"
#include "firn/iceberg/types/schema.h"
#include "firn/parquet/batch/column_vector.h"
#include "firn/parquet/schema/schema.h"

namespace firn::ingest {

class JsonRecordDecoder {
 public:
  // How a JSON number in a timestamp field is read (Options::timestamp_numbers).
  enum class TimestampNumbers : uint8_t {
    kReject,  // an error: timestamps are strings
    kMillis,  // an integer count of epoch milliseconds
    kMicros,  // an integer count of epoch microseconds
  };

  struct Options {
    bool reject_unknown_fields = false;  // an unknown key is an error instead of ignored
    bool case_insensitive = false;       // keys match field names ignoring ASCII case
    TimestampNumbers timestamp_numbers = TimestampNumbers::kReject;  // JSON numbers in timestamps
  };

  // InvalidArgument for a type the decoder does not support (decimal precision above 38)
  // and, with case_insensitive, for two fields of one struct differing only in case.
  static Result<std::unique_ptr<JsonRecordDecoder>> Make(const iceberg::Schema& schema,
                                                         Options options);
  static Result<std::unique_ptr<JsonRecordDecoder>> Make(const iceberg::Schema& schema) {
    return Make(schema, Options{});
  }
  ~JsonRecordDecoder();
  JsonRecordDecoder(const JsonRecordDecoder&) = delete;
  JsonRecordDecoder& operator=(const JsonRecordDecoder&) = delete;

  // The Parquet schema of the table (ToParquetSchema); batches must be made from it.
  const std::shared_ptr<const parquet::Schema>& schema() const { return schema_; }
  parquet::RecordBatch MakeBatch() const { return parquet::MakeBatch(*schema_); }

  // Decodes one line (without its '\n') and appends it to *batch as one row; an empty or
  // whitespace-only line appends nothing. On error *batch is unchanged.
  // REQUIRES: *batch was made by MakeBatch() (checked: InvalidArgument otherwise).
  Status AppendLine(std::string_view line, parquet::RecordBatch* batch);

  // The same in two steps, for a caller that appends records one at a time to the same
  // batch: Bind checks the batch once and AppendBound appends to it. AppendLine and
  // AppendLines bind the batch they are given.
  // REQUIRES (Bind): *batch was made by MakeBatch() (checked). It stays live, and its
  // vectors stay where they are (Clear keeps them; swapping or assigning the batch does
  // not), until the next Bind, AppendLine or AppendLines.
  Status Bind(parquet::RecordBatch* batch);
  // `padded`: at least simdjson's padding (64 bytes, ingest::kRecordPadding) is readable
  // after `line` (any content), so it is parsed in place instead of copied first.
  // REQUIRES: a batch is bound.
  Status AppendBound(std::string_view line, bool padded = false);

  // Decodes lines from the front of `input` until batch->num_rows reaches `max_rows` or no
  // complete line is left, and returns the bytes consumed (whole lines, with their '\n').
  // A line is complete when it ends in '\n', or, with `end_of_input`, when it ends the
  // input. On error, the rows of the lines before the bad one stay in *batch, and if
  // `bad_line` is given it is set to the bad line (a view into `input`, without '\n'); the
  // bad line is counted in lines(), so a caller that dead-letters it resumes right after
  // it: at bad_line->data() + bad_line->size() + 1 (if that is inside the input).
  // REQUIRES: max_rows > 0.
  Result<size_t> AppendLines(std::string_view input, bool end_of_input, int64_t max_rows,
                             parquet::RecordBatch* batch, std::string_view* bad_line = nullptr);

  // Lines seen so far, empty and bad ones included.
  int64_t lines() const { return lines_; }

 private:
  struct Impl;  // simdjson's parser, the plan and per-line scratch
  JsonRecordDecoder(std::shared_ptr<const parquet::Schema> schema, std::unique_ptr<Impl> impl);

  std::shared_ptr<const parquet::Schema> schema_;
  std::unique_ptr<Impl> impl_;
  parquet::RecordBatch* bound_ = nullptr;
  int64_t lines_ = 0;
};

}  // namespace firn::ingest
