// JsonRecordEncoder: rows of a RecordBatch -> NDJSON, the reverse of JsonRecordDecoder and
// the output of `firn scan --format jsonl`. Batches are shaped by the table's Parquet
// schema (iceberg/data/parquet_schema.h) with physical values, as the Parquet reader and
// the decoder produce them. Decoding the output gives back the same values.
//
// Canonical forms (each line is one object with every field of the schema, in schema
// order; a null is written as `null`, never omitted):
//   boolean            true / false
//   int, long          JSON integers
//   float, double      the shortest text that reads back to the same value ("0.1", "1e+300",
//                      "-0"); NaN and infinities as "NaN", "Infinity", "-Infinity"
//   decimal(P,S)       a string with exactly S fraction digits: "-12.30", "0.05", "7"
//   date               "2024-01-02"
//   time               "03:04:05.123456" (always six fraction digits)
//   timestamp          "2024-01-02T03:04:05.123456"
//   timestamptz        "2024-01-02T03:04:05.123456Z" (UTC)
//   timestamp[tz]_ns   the same with nine fraction digits
//                      (years outside 0000..9999 as "+10000-01-01", "-0001-12-31")
//   string             a JSON string; '"', '\\' and control characters escaped (\n, \t,
//                      \u001f ...), everything else (UTF-8) as is
//   uuid               lowercase "f79c3e09-677c-4bbd-a479-3f349cb785e7"
//   binary, fixed[L]   standard base64 with padding
//   struct             an object; list an array
//   map                an object when the key type is string (keys in stored order),
//                      else [{"key": k, "value": v}, ...]
// No whitespace anywhere; lines end in '\n'.
//
// Thread-safety: immutable after Make; AppendRows may run concurrently on one encoder.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "firn/common/result.h"
#include "firn/iceberg/types/schema.h"
#include "firn/ingest/json/json_plan.h"
#include "firn/parquet/batch/column_vector.h"

namespace firn::ingest {

class JsonRecordEncoder {
 public:
  static Result<std::unique_ptr<JsonRecordEncoder>> Make(const iceberg::Schema& schema);

  // Appends rows [begin, end) of `batch`, one line each, to *out. InvalidArgument if the
  // batch's shape (columns, children) does not match the schema or the rows are out of
  // range. REQUIRES: the batch passes parquet::ValidateBatch (the reader's batches do).
  Status AppendRows(const parquet::RecordBatch& batch, int64_t begin, int64_t end,
                    std::string* out) const;
  Status AppendAll(const parquet::RecordBatch& batch, std::string* out) const {
    return AppendRows(batch, 0, batch.num_rows, out);
  }

 private:
  explicit JsonRecordEncoder(JsonPlan plan);
  Status CheckShape(int32_t idx, const parquet::ColumnVector& v) const;
  void AppendValue(int32_t idx, const parquet::ColumnVector& v, int64_t i, std::string* out) const;
  void AppendFields(const JsonPlanNode& n, const parquet::ColumnVector* const* children, int64_t i,
                    std::string* out) const;

  JsonPlan plan_;
  std::vector<std::string> member_;  // per node: its quoted key and ':' ("\"name\":")
};

// Appends `s` as a quoted JSON string.
void AppendJsonString(std::string_view s, std::string* out);

}  // namespace firn::ingest
