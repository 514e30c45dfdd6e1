// KeyEncoder: a row's identifier-field values as bytes, to find the rows of one key.
//
// Upserts match rows by the table's identifier fields (Iceberg's identifier-field-ids).
// The encoder reads them from a RecordBatch in a schema's layout (the table's, for
// upserted rows, or the key projection, for deletes given only by their key) and gives:
//   - Encode: an unambiguous byte string per key (each value with a null marker; byte
//     arrays length-prefixed), equal for two rows exactly when every key value is equal;
//   - AppendKey: the row's key values appended to a batch in key_schema()'s layout, the
//     rows of an equality-delete file.
// Identifier fields must be top-level primitive columns, not float or double (the spec's
// rule; nested identifier fields are not supported yet and are refused by Make).
//
// Thread-safety: immutable after Make; Encode and AppendKey are const.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "firn/common/result.h"
#include "firn/iceberg/types/schema.h"
#include "firn/parquet/batch/column_vector.h"

namespace firn::ingest {

class KeyEncoder {
 public:
  // `layout`: the schema whose top-level fields the batches given to Encode hold, in
  // order. `key_ids`: the identifier field ids, each a top-level primitive of `layout`.
  static Result<KeyEncoder> Make(const iceberg::Schema& layout, const std::vector<int32_t>& key_ids);

  // *out = the key of `row` (cleared first). REQUIRES: `batch` in the layout of Make.
  void Encode(const parquet::RecordBatch& batch, int64_t row, std::string* out) const;
  // Appends the key values of `row` to `keys`, a batch in key_schema()'s layout.
  void AppendKey(const parquet::RecordBatch& batch, int64_t row, parquet::RecordBatch* keys) const;

  // The projection of the layout on the key fields (same ids, names and types; required).
  const iceberg::Schema& key_schema() const { return *key_schema_; }
  const std::vector<int32_t>& key_ids() const { return key_ids_; }
  // The key's column names, "id, region", for messages.
  std::string KeyNames() const;

 private:
  struct Column {
    size_t index;   // top-level column of the layout
    int32_t width;  // fixed width in bytes; 0 for byte arrays
  };
  std::vector<Column> columns_;
  std::vector<int32_t> key_ids_;
  std::shared_ptr<const iceberg::Schema> key_schema_;
};

}  // namespace firn::ingest
