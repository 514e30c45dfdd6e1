#include "firn/avro/file_writer.h"

#include <random>

#include "firn/avro/encoder.h"
#include "firn/avro/schema_json.h"
#include "firn/avro/value_codec.h"
#include "firn/common/macros.h"

namespace firn::avro {
namespace {

SyncMarker RandomSync() {
  std::random_device rd;
  SyncMarker s;
  for (size_t i = 0; i < s.size(); i += 4) {
    uint32_t r = rd();
    for (size_t j = 0; j < 4; ++j) s[i + j] = static_cast<uint8_t>(r >> (8 * j));
  }
  return s;
}

}  // namespace

Result<std::unique_ptr<FileWriter>> FileWriter::Make(std::unique_ptr<io::OutputFile> file,
                                                     std::shared_ptr<const Schema> schema,
                                                     FileWriterOptions options) {
  std::string path = file->path().value();
  if (options.block_size == 0) {
    file->Abandon();
    return InvalidArgument("writing {}: block_size must be positive", path);
  }
  for (const auto& [key, value] : options.metadata) {
    if (key.starts_with(kReservedPrefix)) {
      file->Abandon();
      return InvalidArgument("writing {}: metadata key '{}' is reserved for Avro", path, key);
    }
  }
  SyncMarker sync = options.sync_marker ? *options.sync_marker : RandomSync();
  std::unique_ptr<FileWriter> w(
      new FileWriter(std::move(file), std::move(schema), std::move(options), sync));
  FIRN_RETURN_NOT_OK_CTX(w->WriteHeader(), "writing " + path);
  return w;
}

FileWriter::FileWriter(std::unique_ptr<io::OutputFile> file, std::shared_ptr<const Schema> schema,
                       FileWriterOptions options, SyncMarker sync)
    : file_(std::move(file)),
      schema_(std::move(schema)),
      options_(std::move(options)),
      sync_(sync) {}

FileWriter::~FileWriter() { Abandon(); }

Status FileWriter::WriteHeader() {
  Buffer header;
  header.Append(kMagic.data(), kMagic.size());
  Encoder enc(&header);
  std::string schema_json = SchemaToJson(*schema_);
  std::string_view codec = CodecName(options_.codec);
  auto bytes = [](std::string_view s) {
    return std::span(reinterpret_cast<const uint8_t*>(s.data()), s.size());
  };
  enc.WriteBlockCount(static_cast<int64_t>(2 + options_.metadata.size()));
  enc.WriteString(kSchemaKey);
  enc.WriteBytes(bytes(schema_json));
  enc.WriteString(kCodecKey);
  enc.WriteBytes(bytes(codec));
  for (const auto& [key, value] : options_.metadata) {
    enc.WriteString(key);
    enc.WriteBytes(bytes(value));
  }
  enc.WriteBlockCount(0);
  header.Append(sync_.data(), sync_.size());
  return file_->Write(header.span());
}

Status FileWriter::Append(const Value& record) {
  if (done_)
    return InvalidArgument("writing {}: Append after Finish or Abandon", file_->path().value());
  size_t before = block_.size();
  Encoder enc(&block_);
  Status s = EncodeValue(schema_->root(), record, enc);
  if (!s) {
    block_.Resize(before);
    return std::unexpected(std::move(s).error().WithContext(
        fmt::format("writing {}: record {}", file_->path().value(), record_count_)));
  }
  ++block_records_;
  ++record_count_;
  if (block_.size() >= options_.block_size) return Flush();
  return OkStatus();
}

Status FileWriter::Flush() {
  if (block_records_ == 0) return OkStatus();
  compressed_.Clear();
  FIRN_RETURN_NOT_OK_CTX(
      CompressBlock(options_.codec, block_.span(), options_.compression_level, &compressed_),
      "writing " + file_->path().value());
  Buffer head;
  Encoder enc(&head);
  enc.WriteLong(block_records_);
  enc.WriteLong(static_cast<int64_t>(compressed_.size()));
  FIRN_RETURN_NOT_OK(file_->Write(head.span()));
  FIRN_RETURN_NOT_OK(file_->Write(compressed_.span()));
  FIRN_RETURN_NOT_OK(file_->Write(std::span<const uint8_t>(sync_.data(), sync_.size())));
  block_.Clear();
  block_records_ = 0;
  return OkStatus();
}

Status FileWriter::Finish() {
  if (done_)
    return InvalidArgument("writing {}: Finish after Finish or Abandon", file_->path().value());
  done_ = true;
  Status s = Flush();
  if (!s) {
    file_->Abandon();
    return s;
  }
  return file_->Commit();
}

void FileWriter::Abandon() {
  if (done_) return;
  done_ = true;
  file_->Abandon();
}

}  // namespace firn::avro
