// MemoryInputFile: an InputFile over an immutable snapshot of a file's bytes, as the
// in-memory backends hand out. Replacing or deleting the file later does not change what
// an open MemoryInputFile reads (as with an open descriptor on a POSIX file system).
//
// Thread-safety: Size and ReadAt may be called concurrently.
#pragma once

#include <memory>
#include <string>

#include "firn/io/file_io.h"

namespace firn::io {

class MemoryInputFile final : public InputFile {
 public:
  MemoryInputFile(FilePath path, std::shared_ptr<const std::string> data)
      : path_(std::move(path)), data_(std::move(data)) {}

  const FilePath& path() const override { return path_; }
  Result<uint64_t> Size() const override { return data_->size(); }
  Status ReadAt(uint64_t offset, std::span<uint8_t> dest) const override;

 private:
  const FilePath path_;
  const std::shared_ptr<const std::string> data_;
};

}  // namespace firn::io
