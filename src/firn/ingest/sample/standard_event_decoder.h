// StandardEventDecoder: the fixed-schema decoder of the standard event stream
// (standard_events.h). NDJSON lines in, rows of StandardEventSchema() out, decoded with
// simdjson straight into the column vectors of a RecordBatch (conventions §7).
//
// It knows exactly one schema; the general JSON decoder (schema-driven, with dead-letter
// handling) arrives with the streaming-ingest issue. Until then this is what `firn run`
// and the encoder benchmark use.
//
// What a line must be: one JSON object holding every field of the stream (see
// standard_events.h) with the stream's JSON types; each may be null, which gives a null
// value (every field of the schema is optional). Keys may come in any order; unknown keys
// are ignored. event_id must be an 8-4-4-4-12 UUID and event_time an RFC 3339 timestamp
// (timestamp_text.h). Empty lines are skipped; a trailing '\r' is whitespace.
//
// Damaged input never crashes the decoder and never yields an ill-formed batch: a line
// that is not valid JSON, lacks a field, has a value of the wrong type or out of range, or
// a bad uuid or timestamp, is an InvalidArgument error naming the line (1-based, counted
// over every call) and the field, e.g.
//   "line 17: field 'device.os': expected a string or null, got number"
// and leaves the batch as it was before that line.
//
// Thread-safety: none; one decoder per thread. Move-only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "firn/common/result.h"
#include "firn/parquet/batch/column_vector.h"
#include "firn/parquet/schema/schema.h"

namespace firn::ingest {

class StandardEventDecoder {
 public:
  StandardEventDecoder();
  ~StandardEventDecoder();
  StandardEventDecoder(StandardEventDecoder&&) noexcept;
  StandardEventDecoder& operator=(StandardEventDecoder&&) noexcept;

  // StandardEventSchema(); batches passed in must be shaped by it (MakeBatch).
  const std::shared_ptr<const parquet::Schema>& schema() const { return schema_; }
  parquet::RecordBatch MakeBatch() const { return parquet::MakeBatch(*schema_); }

  // Decodes one line (without its '\n') and appends it to *batch as one row; an empty or
  // whitespace-only line appends nothing. On error *batch is unchanged.
  Status AppendLine(std::string_view line, parquet::RecordBatch* batch);

  // Decodes lines from the front of `input` into *batch until batch->num_rows reaches
  // `max_rows` or no complete line is left, and returns the bytes consumed, always whole
  // lines. A line is complete when it ends in '\n', or, with `end_of_input`, when it ends
  // the input. Feed the unconsumed rest again with more input appended. On error the rows
  // of the lines before the bad one stay in *batch; the decoder should not be used for
  // the same stream afterwards (its line count no longer matches the caller's position).
  // REQUIRES: max_rows > 0.
  Result<size_t> AppendLines(std::string_view input, bool end_of_input, int64_t max_rows,
                             parquet::RecordBatch* batch);

  // Lines consumed so far, empty ones included.
  int64_t lines() const { return lines_; }

 private:
  struct Impl;  // simdjson's parser and per-line scratch, kept out of this header

  std::shared_ptr<const parquet::Schema> schema_;
  std::unique_ptr<Impl> impl_;
  int64_t lines_ = 0;
};

}  // namespace firn::ingest
