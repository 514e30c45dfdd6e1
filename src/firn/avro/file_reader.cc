#include "firn/avro/file_reader.h"

#include <cstring>

#include "firn/avro/decoder.h"
#include "firn/avro/schema_json.h"
#include "firn/avro/value_codec.h"
#include "firn/common/macros.h"

namespace firn::avro {

Result<std::unique_ptr<FileReader>> FileReader::Open(const io::InputFile& file) {
  FIRN_ASSIGN_OR_RETURN(uint64_t size, file.Size());
  if (size > (uint64_t{1} << 32)) {
    return NotSupported("reading {}: avro file of {} bytes is too large", file.path().value(),
                        size);
  }
  std::unique_ptr<FileReader> r(new FileReader());
  r->owned_.resize(size);
  FIRN_RETURN_NOT_OK(
      file.ReadAt(0, std::span(reinterpret_cast<uint8_t*>(r->owned_.data()), r->owned_.size())));
  r->data_ = std::span(reinterpret_cast<const uint8_t*>(r->owned_.data()), r->owned_.size());
  r->name_ = file.path().value();
  FIRN_RETURN_NOT_OK_CTX(r->ReadHeader(), "reading " + r->name_);
  return r;
}

Result<std::unique_ptr<FileReader>> FileReader::Make(std::span<const uint8_t> bytes,
                                                     std::string name) {
  std::unique_ptr<FileReader> r(new FileReader());
  r->data_ = bytes;
  r->name_ = std::move(name);
  FIRN_RETURN_NOT_OK_CTX(r->ReadHeader(), "reading " + r->name_);
  return r;
}

std::optional<std::string_view> FileReader::Metadata(std::string_view key) const {
  for (const auto& [k, v] : metadata_) {
    if (k == key) return v;
  }
  return std::nullopt;
}

Status FileReader::ReadHeader() {
  if (data_.size() < kMagic.size() ||
      std::memcmp(data_.data(), kMagic.data(), kMagic.size()) != 0) {
    return Corrupt("not an avro object container file (no 'Obj\\x01' magic)");
  }
  Decoder dec(data_.subspan(kMagic.size()), kMagic.size());
  // The metadata map<bytes>: blocks of (string key, bytes value).
  while (true) {
    uint64_t start = dec.offset();
    FIRN_ASSIGN_OR_RETURN_CTX(int64_t count, dec.ReadBlockCount(), "file metadata");
    if (count == 0) break;
    if (static_cast<uint64_t>(count) > dec.remaining() / 2) {
      return Corrupt("file metadata block at offset {} declares {} entries in {} bytes", start,
                     count, dec.remaining());
    }
    for (int64_t i = 0; i < count; ++i) {
      FIRN_ASSIGN_OR_RETURN_CTX(std::string_view key, dec.ReadString(), "file metadata key");
      FIRN_ASSIGN_OR_RETURN_CTX(std::string_view value, dec.ReadString(),
                                fmt::format("file metadata '{}'", key));
      metadata_.emplace_back(std::string(key), std::string(value));
    }
  }
  FIRN_ASSIGN_OR_RETURN_CTX(auto sync, dec.ReadFixed(kSyncSize), "header sync marker");
  std::memcpy(sync_.data(), sync.data(), kSyncSize);
  pos_ = dec.offset();

  std::optional<std::string_view> schema_json = Metadata(kSchemaKey);
  if (!schema_json) return Corrupt("file metadata has no '{}'", kSchemaKey);
  auto schema = ParseSchema(*schema_json);
  if (!schema) {
    return Corrupt("file metadata '{}' is not a valid schema: {}", kSchemaKey,
                   schema.error().message());
  }
  schema_ = std::make_shared<const Schema>(std::move(*schema));
  std::optional<std::string_view> codec = Metadata(kCodecKey);
  FIRN_ASSIGN_OR_RETURN(codec_, ParseCodec(codec ? *codec : "null"));
  return OkStatus();
}

Status FileReader::ReadBlock() {
  uint64_t start = pos_;
  Decoder dec(data_.subspan(pos_), pos_);
  FIRN_ASSIGN_OR_RETURN(int64_t count, dec.ReadLong());
  FIRN_ASSIGN_OR_RETURN(int64_t size, dec.ReadLong());
  if (count < 0) return Corrupt("block at offset {} has a negative record count {}", start, count);
  if (size < 0 || static_cast<uint64_t>(size) + kSyncSize > dec.remaining()) {
    return Corrupt("block at offset {} has size {}, but only {} bytes follow", start, size,
                   dec.remaining());
  }
  uint64_t data_offset = dec.offset();
  FIRN_ASSIGN_OR_RETURN(auto data, dec.ReadFixed(static_cast<size_t>(size)));
  FIRN_ASSIGN_OR_RETURN(auto sync, dec.ReadFixed(kSyncSize));
  if (std::memcmp(sync.data(), sync_.data(), kSyncSize) != 0) {
    return Corrupt("block at offset {}: sync marker at offset {} does not match the header's",
                   start, data_offset + size);
  }
  FIRN_RETURN_NOT_OK_CTX(DecompressBlock(codec_, data, &block_),
                         fmt::format("block at offset {}", start));
  uint32_t min_size = schema_->root().min_encoded_size;
  uint64_t max_records = min_size == 0 ? kMaxZeroSizeItems : block_.size() / min_size;
  if (static_cast<uint64_t>(count) > max_records) {
    return Corrupt("block at offset {} declares {} records in {} bytes", start, count,
                   block_.size());
  }
  pos_ = dec.offset();
  block_pos_ = 0;
  block_offset_ = data_offset;
  block_left_ = count;
  ++blocks_read_;
  records_declared_ += static_cast<uint64_t>(count);
  return OkStatus();
}

Result<bool> FileReader::Next(Value* out) {
  if (error_) return std::unexpected(*error_);
  auto r = NextImpl(out);
  if (!r) error_ = r.error();
  return r;
}

Result<bool> FileReader::NextImpl(Value* out) {
  while (block_left_ == 0) {
    if (block_pos_ != block_.size()) {
      return Corrupt("reading {}: block at offset {} has {} bytes after its last record", name_,
                     block_offset_, block_.size() - block_pos_);
    }
    if (pos_ == data_.size()) return false;
    FIRN_RETURN_NOT_OK_CTX(ReadBlock(), "reading " + name_);
  }
  // Offsets inside a compressed block are offsets in the decompressed data.
  Decoder dec(block_.span().subspan(block_pos_), block_pos_);
  Status s = DecodeValue(schema_->root(), dec, out);
  if (!s) {
    return std::unexpected(std::move(s).error().WithContext(
        fmt::format("reading {}: block at offset {}", name_, block_offset_)));
  }
  block_pos_ = dec.offset();
  --block_left_;
  return true;
}

Result<std::vector<Value>> FileReader::ReadAll() {
  std::vector<Value> out;
  while (true) {
    Value v;
    FIRN_ASSIGN_OR_RETURN(bool more, Next(&v));
    if (!more) break;
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace firn::avro
