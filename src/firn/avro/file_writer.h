// FileWriter: writes an Avro object container file (Avro 1.11 specification, "Object
// Container Files") to an io::OutputFile.
//
// Lifecycle: Make (writes the header), Append records, then exactly one of Finish (writes
// the last block and commits the file atomically) or Abandon (leaves nothing behind).
// Destroying an unfinished writer abandons it. Records are buffered, encoded, until the
// block holds `block_size` bytes; the block is then compressed and written with the sync
// marker. BytesWritten() + BufferedBytes() lets the caller decide when to roll a file.
//
//   FIRN_ASSIGN_OR_RETURN(auto w, FileWriter::Make(std::move(out), schema, {}));
//   FIRN_RETURN_NOT_OK(w->Append(record));
//   FIRN_RETURN_NOT_OK(w->Finish());
//
// Thread-safety: none. Move-only (held by unique_ptr).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "firn/avro/codec.h"
#include "firn/avro/container_format.h"
#include "firn/avro/schema.h"
#include "firn/avro/value.h"
#include "firn/common/buffer.h"
#include "firn/io/file_io.h"

namespace firn::avro {

struct FileWriterOptions {
  Codec codec = Codec::kDeflate;  // written as "avro.codec"
  int compression_level = -1;     // deflate level; -1 is zlib's default (6)
  size_t block_size = 64 * 1024;  // encoded bytes that end a block
  // User metadata, written after avro.schema and avro.codec in this order (Iceberg:
  // "schema", "partition-spec", "partition-spec-id", "format-version", "content").
  std::vector<std::pair<std::string, std::string>> metadata;
  std::optional<SyncMarker> sync_marker;  // random if unset (tests fix it)
};

class FileWriter {
 public:
  // Writes the header. InvalidArgument if a metadata key starts with "avro." or
  // block_size is 0; errors of the OutputFile otherwise (the file is then abandoned).
  static Result<std::unique_ptr<FileWriter>> Make(std::unique_ptr<io::OutputFile> file,
                                                  std::shared_ptr<const Schema> schema,
                                                  FileWriterOptions options);
  ~FileWriter();

  // Encodes one record (a Value of the schema's root type). InvalidArgument if it does
  // not match the schema; the writer is then unchanged and still usable.
  Status Append(const Value& record);
  // Ends the current block (if it holds records) and hands it to the OutputFile.
  Status Flush();
  // Flush, then OutputFile::Commit. REQUIRES: not finished or abandoned.
  Status Finish();
  // Discards the file. Never fails; a no-op after Finish.
  void Abandon();

  // Bytes handed to the OutputFile so far (header and flushed blocks).
  uint64_t BytesWritten() const { return file_->Position(); }
  // Encoded, uncompressed bytes of the current block.
  uint64_t BufferedBytes() const { return block_.size(); }
  // Records appended so far.
  uint64_t record_count() const { return record_count_; }
  const Schema& schema() const { return *schema_; }
  const SyncMarker& sync_marker() const { return sync_; }

 private:
  FileWriter(std::unique_ptr<io::OutputFile> file, std::shared_ptr<const Schema> schema,
             FileWriterOptions options, SyncMarker sync);
  Status WriteHeader();

  std::unique_ptr<io::OutputFile> file_;
  std::shared_ptr<const Schema> schema_;
  const FileWriterOptions options_;
  const SyncMarker sync_;
  Buffer block_;       // encoded records of the current block
  Buffer compressed_;  // scratch for the block as written
  int64_t block_records_ = 0;
  uint64_t record_count_ = 0;
  bool done_ = false;
};

}  // namespace firn::avro
