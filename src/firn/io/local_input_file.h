// LocalInputFile: the InputFile of LocalFileIO, reading with pread(2).
//
// Thread-safety: Size and ReadAt may be called concurrently (pread has no file position).
#pragma once

#include <string>

#include "firn/io/file_io.h"

namespace firn::io {

class LocalInputFile final : public InputFile {
 public:
  // Opens `local_path` (which is `path` as a local path) for reading. NotFound if it does
  // not exist; an error also if it is a directory.
  static Result<std::unique_ptr<LocalInputFile>> Make(FilePath path, std::string local_path);
  ~LocalInputFile() override;

  const FilePath& path() const override { return path_; }
  Result<uint64_t> Size() const override;
  Status ReadAt(uint64_t offset, std::span<uint8_t> dest) const override;

 private:
  LocalInputFile(FilePath path, std::string local_path, int fd);

  const FilePath path_;
  const std::string local_path_;
  const int fd_;
};

}  // namespace firn::io
