// MemoryFileIO: a FileIO whose files live in memory, for tests and tools.
//
// Same contract as LocalFileIO: a file appears only at Commit, whole; kCreate never
// replaces; Rename is atomic. Paths are opaque keys (any scheme or none); directories are
// implied by '/' and List(dir) returns the keys under "dir/". There are no temporary
// files: uncommitted bytes live in the OutputFile. Nothing here ever fails except by the
// contract (NotFound, AlreadyExists, OutOfRange); FaultInjectingFileIO is for failures.
//
// Thread-safety: thread-safe (one mutex). Files may outlive the MemoryFileIO.
#pragma once

#include <memory>

#include "firn/io/file_io.h"

namespace firn::io {

struct MemoryFileTable;  // the files and their mutex (memory_file_io.cc)

class MemoryFileIO final : public FileIO {
 public:
  MemoryFileIO();
  ~MemoryFileIO() override;

  Result<std::unique_ptr<InputFile>> OpenInputFile(const FilePath& path) override;
  Result<bool> Exists(const FilePath& path) override;
  Status Delete(const FilePath& path) override;
  Result<std::vector<FileInfo>> List(const FilePath& dir) override;

 protected:
  Result<std::unique_ptr<OutputFile>> NewOutputFileImpl(const FilePath& path,
                                                        WriteMode mode) override;
  Status RenameImpl(const FilePath& from, const FilePath& to, WriteMode mode) override;

 private:
  std::shared_ptr<MemoryFileTable> table_;  // shared with the OutputFiles
};

}  // namespace firn::io
