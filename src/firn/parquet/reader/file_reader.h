// FileReader: reads a Parquet file into RecordBatches (batch/column_vector.h), one row
// group at a time, projecting top-level fields by Iceberg field id.
//
//   FIRN_ASSIGN_OR_RETURN(auto in, io->OpenInputFile(path));
//   FIRN_ASSIGN_OR_RETURN(auto reader, FileReader::Open(std::move(in)));
//   FIRN_ASSIGN_OR_RETURN(Projection p, reader->Project({1, 4}));   // or {} for all fields
//   for (int g = 0; g < reader->num_row_groups(); ++g) {
//     FIRN_ASSIGN_OR_RETURN(RecordBatch batch, reader->ReadRowGroup(g, p));
//     ... batch.columns[i] is p.schema->root().children[i]
//   }
//
// Open validates the footer (footer.h). Reading decodes each needed column chunk
// (column_chunk_reader.h) and assembles the field's vector (assembler.h); every batch
// handed out has passed ValidateBatch against the projected schema, so a damaged file
// yields an error (Corrupt, or NotSupported / OutOfRange as documented there), never an
// ill-formed batch. Values stay physical, as stored (see assembler.h). Errors start with
// "reading <path>: ".
//
// Thread-safety: none; one thread at a time. Move-only (held by unique_ptr). Buffers are
// reused across row groups, so reading many row groups touches little fresh memory.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "firn/common/result.h"
#include "firn/io/file_io.h"
#include "firn/parquet/batch/column_vector.h"
#include "firn/parquet/format/file_metadata.h"
#include "firn/parquet/reader/assembler.h"
#include "firn/parquet/reader/chunk_statistics.h"
#include "firn/parquet/reader/column_chunk_reader.h"
#include "firn/parquet/reader/footer.h"
#include "firn/parquet/reader/reader_options.h"
#include "firn/parquet/schema/schema.h"

namespace firn::parquet {

// A choice of top-level fields: batches read with it have one column per entry of
// `fields`, in that order, shaped by `schema`.
struct Projection {
  std::shared_ptr<const Schema> schema;  // the chosen fields, in the chosen order
  std::vector<size_t> fields;            // index of each in the file's top-level fields
};

class FileReader {
 public:
  static Result<std::unique_ptr<FileReader>> Open(std::unique_ptr<io::InputFile> file,
                                                  ReaderOptions options = {});
  FileReader(const FileReader&) = delete;
  FileReader& operator=(const FileReader&) = delete;

  const format::FileMetaData& metadata() const { return footer_.metadata; }
  const std::shared_ptr<const Schema>& schema() const { return footer_.schema; }
  int num_row_groups() const { return static_cast<int>(footer_.metadata.row_groups.size()); }
  int64_t num_rows() const { return footer_.metadata.num_rows; }
  const io::InputFile& file() const { return *file_; }

  // Top-level fields by field id, in the given order; empty means every field in file
  // order. InvalidArgument for an id no top-level field has, or one given twice.
  Result<Projection> Project(const std::vector<int32_t>& field_ids) const;
  // Top-level fields by position in the file schema. InvalidArgument if out of range.
  Result<Projection> ProjectIndices(const std::vector<size_t>& fields) const;

  // Reads one row group. OutOfRange if there is no such row group.
  Result<RecordBatch> ReadRowGroup(int row_group, const std::vector<int32_t>& field_ids = {});
  Result<RecordBatch> ReadRowGroup(int row_group, const Projection& projection);
  // Clears *out (keeping its memory) and reads a row group into it. REQUIRES: *out was
  // made by MakeBatch(*projection.schema) or filled by an earlier call with it.
  Status ReadRowGroupInto(int row_group, const Projection& projection, RecordBatch* out);
  // Every row group, concatenated into one batch.
  Result<RecordBatch> ReadAll(const std::vector<int32_t>& field_ids = {});

  // Statistics of leaf column `column` (index into schema()->columns()) in a row group,
  // for pruning; nullopt if the writer recorded none. See chunk_statistics.h.
  Result<std::optional<ColumnChunkStats>> ChunkStatistics(int row_group, int column) const;

 private:
  FileReader(std::unique_ptr<io::InputFile> file, FileFooter footer, ReaderOptions options);
  Status AppendRowGroup(int row_group, const Projection& projection, RecordBatch* out);
  Status Validate(const Projection& projection, const RecordBatch& batch) const;
  Status CheckRowGroup(int row_group) const;

  std::unique_ptr<io::InputFile> file_;
  FileFooter footer_;
  ReaderOptions options_;
  ColumnChunkReader chunk_reader_;  // refers to *file_ and options_
  Assembler assembler_;
  std::vector<ColumnChunkData> leaf_data_;  // per leaf of the field being read
};

}  // namespace firn::parquet
