// LocalOutputFile: the OutputFile of LocalFileIO.
//
// Bytes go to a temporary file beside the final one (TempPathFor: "<dir>/.<name>.<hex>.tmp"),
// through a buffer of `buffer_size` bytes. Commit() then
//   1. flushes the buffer and fsyncs the temporary file (its data is durable),
//   2. renames it to the final name (kCreate: RENAME_NOREPLACE, or link+unlink; never
//      replaces a file that appeared meanwhile),
//   3. fsyncs the directory (the new name is durable).
// Any failure closes and unlinks the temporary file; if step 3 fails in kCreate mode the
// final name is unlinked again, so a failed Commit leaves nothing behind. (In kOverwrite
// mode the old file is already gone by then, so the new one is left in place.)
//
// Thread-safety: none; one owner at a time.
#pragma once

#include <cstdint>
#include <string>

#include "firn/common/buffer.h"
#include "firn/io/file_io.h"
#include "firn/io/output_file_state.h"

namespace firn::io {

class LocalOutputFile final : public OutputFile {
 public:
  // Takes ownership of `fd`, open for writing on the (new, empty) file `temp_path`.
  // `local_path` is `path` as a local file system path.
  LocalOutputFile(FilePath path, std::string local_path, std::string temp_path, int fd,
                  WriteMode mode, size_t buffer_size);
  ~LocalOutputFile() override;

  const FilePath& path() const override { return path_; }
  using OutputFile::Write;
  Status Write(std::span<const uint8_t> data) override;
  uint64_t Position() const override { return position_; }
  int64_t MemoryUsage() const override { return static_cast<int64_t>(buffer_.capacity()); }
  Status ReleaseMemory() override;
  Status Commit() override;
  void Abandon() override;

 private:
  Status Flush();
  // Poisons the file: closes and unlinks the temporary file, remembers `error` (with the
  // final path as context) and returns it.
  Status Fail(Error error);
  void CloseAndUnlinkTemp();

  const FilePath path_;
  const std::string local_path_;
  const std::string temp_path_;
  const WriteMode mode_;
  const size_t buffer_size_;
  int fd_;
  Buffer buffer_;
  uint64_t position_ = 0;
  OutputFileState state_;
};

}  // namespace firn::io
