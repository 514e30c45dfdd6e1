// LocalFileIO: FileIO on the local (POSIX) file system.
//
// Paths are plain local paths ("/wh/db/t/data/x.parquet", or relative ones) or file://
// URIs ("file:///wh/...", "file:/wh/...", "file://localhost/wh/..."), whose scheme is
// stripped. Other schemes are NotSupported here; an S3 backend will be a separate FileIO
// (see README.md), chosen by scheme in one place once it exists.
//
// Durability: Commit and Rename fsync the file and its directory; directories created on
// demand are synced into their parents. Delete is not synced (see FileIO::Delete).
// Errors name the operation and the path: "open /wh/t/x: Permission denied".
//
// Thread-safety: thread-safe; a LocalFileIO has no mutable state.
#pragma once

#include <cstddef>
#include <string>

#include "firn/io/file_io.h"

namespace firn::io {

struct LocalFileIOOptions {
  // Bytes each OutputFile buffers before a write(2). Writes at least this large bypass
  // the buffer.
  size_t write_buffer_size = size_t{1} << 20;
};

class LocalFileIO final : public FileIO {
 public:
  explicit LocalFileIO(LocalFileIOOptions options = {});

  // `path` as a local file system path: the scheme of a file:// URI stripped.
  // InvalidArgument for an empty path, NotSupported for other schemes or remote hosts.
  static Result<std::string> ToLocalPath(const FilePath& path);

  Result<std::unique_ptr<InputFile>> OpenInputFile(const FilePath& path) override;
  Result<bool> Exists(const FilePath& path) override;
  Status Delete(const FilePath& path) override;
  Result<std::vector<FileInfo>> List(const FilePath& dir) override;

 protected:
  Result<std::unique_ptr<OutputFile>> NewOutputFileImpl(const FilePath& path,
                                                        WriteMode mode) override;
  Status RenameImpl(const FilePath& from, const FilePath& to, WriteMode mode) override;

 private:
  const LocalFileIOOptions options_;
};

}  // namespace firn::io
