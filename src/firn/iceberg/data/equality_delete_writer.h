// EqualityDeleteWriter: writes Parquet equality delete files (spec "Equality Delete
// Files"): rows of key columns; a row of an older data file (data sequence number strictly
// below the delete's) whose equality_ids columns equal a delete row's is deleted.
//
// The delete schema is the projection of the table schema on the key columns (same field
// ids, names and types; EqualityDeleteSchema builds it). Files are partitioned by either
//   - the table's spec: every source column of the spec must then be in the delete
//     schema, and a delete only applies to data files of its partition; or
//   - an unpartitioned spec (registered in the table): global deletes that apply to every
//     partition ("the delete file's partition spec is unpartitioned").
// Internally a PartitionedWriter (fan-out, rolling, memory budget), with files named
// <data location>/<partition path>/<prefix>-eq-deletes-<n>.parquet.
//
// Lifecycle: Write* then Finish or Abandon; Abandon (or a failed Finish) deletes every
// file written. Thread-safety: none.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "firn/common/result.h"
#include "firn/io/file_io.h"
#include "firn/iceberg/data/partitioned_writer.h"
#include "firn/iceberg/manifest/data_file.h"
#include "firn/iceberg/partition/partition_spec.h"
#include "firn/iceberg/types/schema.h"

namespace firn::iceberg {

// The schema of `table_schema`'s top-level fields `field_ids`, in that order (schema id
// 0). NotSupported for a nested or non-primitive field (only top-level primitive keys for
// now); InvalidArgument for an unknown or repeated id.
Result<Schema> EqualityDeleteSchema(const Schema& table_schema, const std::vector<int32_t>& field_ids);

// The columns of `delete_schema` (top-level primitives of `table_schema`, by field id)
// taken from `batch`, a batch in `table_schema`'s layout (ToParquetSchema), copied.
Result<parquet::RecordBatch> ProjectColumns(const Schema& table_schema, const parquet::RecordBatch& batch,
                                            const Schema& delete_schema);

class EqualityDeleteWriter {
 public:
  // `equality_ids`: the key field ids, top-level primitive fields of `delete_schema`.
  // `spec`: the table's spec or an unpartitioned spec (see above), with its spec id as
  // the table knows it. The writer keeps copies of both schemas and the spec.
  static Result<std::unique_ptr<EqualityDeleteWriter>> Make(io::FileIO& io, const Schema& delete_schema,
                                                            std::vector<int32_t> equality_ids,
                                                            const PartitionSpec& spec,
                                                            DataWriterOptions options);
  ~EqualityDeleteWriter();
  EqualityDeleteWriter(const EqualityDeleteWriter&) = delete;
  EqualityDeleteWriter& operator=(const EqualityDeleteWriter&) = delete;

  // Delete rows in `delete_schema`'s layout. InvalidArgument when the batch does not fit
  // (the writer stays usable).
  Status Write(const parquet::RecordBatch& batch);
  // The DataFiles (content EQUALITY_DELETES, equality_ids set) of every file written.
  Result<std::vector<DataFile>> Finish();
  void Abandon();

  int64_t MemoryUsage() const { return writer_->MemoryUsage(); }
  // See PartitionedWriter::ReleaseLargest (a budget shared with other writers).
  Result<int64_t> ReleaseLargest() { return writer_->ReleaseLargest(); }
  const Schema& delete_schema() const { return *schema_; }

 private:
  EqualityDeleteWriter(std::unique_ptr<Schema> schema, std::unique_ptr<PartitionSpec> spec,
                       std::vector<int32_t> equality_ids);

  std::unique_ptr<Schema> schema_;  // owned: writer_ refers to it
  std::unique_ptr<PartitionSpec> spec_;
  std::vector<int32_t> equality_ids_;
  std::unique_ptr<PartitionedWriter> writer_;
};

}  // namespace firn::iceberg
