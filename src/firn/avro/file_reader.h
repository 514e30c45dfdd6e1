// FileReader: reads an Avro object container file (Avro 1.11 specification, "Object
// Container Files") record by record, with the writer's schema.
//
// Everything is validated: the magic, the metadata map (avro.schema must parse,
// avro.codec must be null, deflate or snappy; anything else is NotSupported naming the
// codec), and for every block its record count (bounded by its size), its byte size
// (within the file), its sync marker, its decompressed data (snappy: CRC-32) and that its
// records use exactly its bytes. Every error is Corrupt (or NotSupported) and names the
// file and the offset; nothing is read out of bounds.
//
// The whole file is held in memory: manifests and manifest lists are small.
//
//   FIRN_ASSIGN_OR_RETURN(auto r, FileReader::Open(*input));
//   Value v;
//   while (true) { FIRN_ASSIGN_OR_RETURN(bool more, r->Next(&v)); if (!more) break; ... }
//
// Thread-safety: none. Move-only (held by unique_ptr).
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "firn/avro/codec.h"
#include "firn/avro/container_format.h"
#include "firn/avro/schema.h"
#include "firn/avro/value.h"
#include "firn/common/buffer.h"
#include "firn/io/file_io.h"

namespace firn::avro {

class FileReader {
 public:
  // Reads all of `file` and its header.
  static Result<std::unique_ptr<FileReader>> Open(const io::InputFile& file);
  // Reads from `bytes`, which must remain live while the reader is in use. `name` is used
  // in error messages.
  static Result<std::unique_ptr<FileReader>> Make(std::span<const uint8_t> bytes,
                                                  std::string name = "<memory>");

  const Schema& schema() const { return *schema_; }
  std::shared_ptr<const Schema> shared_schema() const { return schema_; }
  Codec codec() const { return codec_; }
  const SyncMarker& sync_marker() const { return sync_; }
  // All metadata entries, in file order (including avro.schema and avro.codec).
  const std::vector<std::pair<std::string, std::string>>& metadata() const { return metadata_; }
  // The value for `key`, if present.
  std::optional<std::string_view> Metadata(std::string_view key) const;

  // Decodes the next record into *out; false (and *out unchanged) at the end of the file.
  // After an error every later call returns the same error.
  Result<bool> Next(Value* out);
  // Every remaining record.
  Result<std::vector<Value>> ReadAll();

  // Blocks read so far, and the records they declared.
  uint64_t blocks_read() const { return blocks_read_; }
  uint64_t records_declared() const { return records_declared_; }

 private:
  FileReader() = default;
  Status ReadHeader();
  Status ReadBlock();  // REQUIRES: the current block is used up and bytes remain
  Result<bool> NextImpl(Value* out);

  std::string owned_;  // the file's bytes when opened from an InputFile
  std::span<const uint8_t> data_;
  std::string name_;
  std::shared_ptr<const Schema> schema_;
  Codec codec_ = Codec::kNull;
  SyncMarker sync_{};
  std::vector<std::pair<std::string, std::string>> metadata_;

  size_t pos_ = 0;             // file offset of the next block
  Buffer block_;               // the current block, decompressed
  size_t block_pos_ = 0;       // offset of the next record in block_
  uint64_t block_offset_ = 0;  // file offset of the current block's data
  int64_t block_left_ = 0;     // records left in the current block
  uint64_t blocks_read_ = 0;
  uint64_t records_declared_ = 0;
  std::optional<Error> error_;  // the first error of Next, returned again after
};

}  // namespace firn::avro
