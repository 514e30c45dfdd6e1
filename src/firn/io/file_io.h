// FileIO: the storage interface that every other module writes and reads files through.
//
// Backends: LocalFileIO (POSIX; plain paths and file:// URIs), MemoryFileIO (tests and
// tools), FaultInjectingFileIO (simulated disk with injected faults and crashes). An S3
// backend will implement the same interface later (see README.md, "S3").
//
// The contract that callers rely on (README.md states it in full):
//   - A file appears under its name only through a successful OutputFile::Commit(), all
//     at once and with all its bytes. Nothing partial is ever visible under the name, not
//     after a failed write, not after Abandon(), not after a crash.
//   - After Commit() returns OK the file is durable: it survives a crash.
//   - WriteMode::kCreate never replaces an existing file, even against a concurrent writer
//     of the same name: exactly one of them commits; the others get AlreadyExists.
//
// Thread-safety: a FileIO is safe to use from many threads at once. An OutputFile belongs
// to one thread at a time; InputFile::ReadAt and Size may be called concurrently. Files
// may outlive the FileIO that made them.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "firn/common/result.h"
#include "firn/common/strong_type.h"

namespace firn::io {

// What to do when the destination of a new file or a rename already exists.
enum class WriteMode {
  kCreate,     // fail with AlreadyExists; never replace (the default everywhere)
  kOverwrite,  // replace the existing file atomically
};

// One entry of FileIO::List.
struct FileInfo {
  FilePath path;         // full path, in the same form (scheme or not) as the listed dir
  uint64_t size = 0;     // bytes
  int64_t mtime_ms = 0;  // last modification, milliseconds since the Unix epoch

  bool operator==(const FileInfo&) const = default;
};

// A file open for reading. Move-only by construction (held by unique_ptr).
class InputFile {
 public:
  InputFile() = default;
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;
  virtual ~InputFile() = default;

  virtual const FilePath& path() const = 0;

  // Current size of the file in bytes.
  virtual Result<uint64_t> Size() const = 0;

  // Fills all of `dest` with the bytes at [offset, offset + dest.size()).
  // A range that runs past the end of the file is an OutOfRange error naming the file,
  // the offset and the length; `dest` is then unspecified.
  virtual Status ReadAt(uint64_t offset, std::span<uint8_t> dest) const = 0;
};

// A file being written. Lifecycle: Write* then exactly one of Commit() or Abandon().
// Destroying an OutputFile that was not committed abandons it.
//
// Once any operation fails the file is poisoned: its temporary data is removed at once,
// and every later Write or Commit returns the first error again. A failed file leaves
// nothing under its final name (kOverwrite: see Commit).
//
// Thread-safety: none; one owner at a time.
class OutputFile {
 public:
  OutputFile() = default;
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  virtual ~OutputFile() = default;

  // The final name that Commit() publishes.
  virtual const FilePath& path() const = 0;

  // Appends `data`. Writes are buffered, so small writes are cheap; an error from the
  // storage may therefore surface on a later Write or on Commit.
  virtual Status Write(std::span<const uint8_t> data) = 0;
  Status Write(std::string_view data) {
    return Write(std::span(reinterpret_cast<const uint8_t*>(data.data()), data.size()));
  }

  // Bytes accepted by Write so far (buffered or not): the size the file will have.
  virtual uint64_t Position() const = 0;

  // Memory the file holds for buffered writes (not what storage keeps), and a way to give
  // it back: ReleaseMemory writes the buffer out and frees it; a later Write allocates
  // again. For callers that keep many files open under a memory budget.
  virtual int64_t MemoryUsage() const { return 0; }
  virtual Status ReleaseMemory() { return OkStatus(); }

  // Makes the file durable and visible under path(), atomically. REQUIRES: neither
  // Commit() nor Abandon() was called. Fails with AlreadyExists (kCreate) if path() was
  // created meanwhile. After a failure path() is as before, with one exception: if a
  // kOverwrite Commit fails in its last step (syncing the directory), the complete new
  // file may already have replaced the old one. Never is anything partial visible.
  virtual Status Commit() = 0;

  // Discards everything written; leaves nothing behind. Never fails. A no-op after
  // Commit() (a committed file is not removed) or a previous Abandon().
  virtual void Abandon() = 0;
};

class FileIO {
 public:
  FileIO() = default;
  FileIO(const FileIO&) = delete;
  FileIO& operator=(const FileIO&) = delete;
  virtual ~FileIO() = default;

  // Starts a new file. Nothing is visible under `path` until OutputFile::Commit().
  // kCreate: AlreadyExists if `path` exists now (and again at Commit if it appeared
  // meanwhile). Parent directories are created as needed.
  Result<std::unique_ptr<OutputFile>> NewOutputFile(const FilePath& path,
                                                    WriteMode mode = WriteMode::kCreate) {
    return NewOutputFileImpl(path, mode);
  }

  // NotFound if `path` does not exist.
  virtual Result<std::unique_ptr<InputFile>> OpenInputFile(const FilePath& path) = 0;

  // Whether `path` exists (on LocalFileIO a directory counts too).
  virtual Result<bool> Exists(const FilePath& path) = 0;

  // Removes a file. NotFound if it does not exist. Not durable by itself: a crash before
  // the directory is next synced (by a Commit or Rename into it) may bring the file back.
  virtual Status Delete(const FilePath& path) = 0;

  // Every file under directory `dir`, recursively, sorted by path. Nothing under `dir`
  // (or no such directory) gives an empty list, as an object store would. Temporary
  // files of uncommitted OutputFiles may be listed (see README.md).
  virtual Result<std::vector<FileInfo>> List(const FilePath& dir) = 0;

  // Renames a file atomically and durably. kCreate never replaces `to` (AlreadyExists);
  // kOverwrite replaces it. NotFound if `from` does not exist; AlreadyExists or NotFound
  // mean nothing changed. After another IOError the rename may have become visible
  // without being durable.
  Status Rename(const FilePath& from, const FilePath& to, WriteMode mode = WriteMode::kCreate) {
    return RenameImpl(from, to, mode);
  }

  // Conveniences built on the methods above.
  Result<std::string> ReadAll(const FilePath& path);
  Status WriteAll(const FilePath& path, std::string_view contents,
                  WriteMode mode = WriteMode::kCreate);

 protected:
  // The two operations with a WriteMode are virtual through these, so that the default
  // argument lives in one place (default arguments on virtual functions are a trap).
  virtual Result<std::unique_ptr<OutputFile>> NewOutputFileImpl(const FilePath& path,
                                                                WriteMode mode) = 0;
  virtual Status RenameImpl(const FilePath& from, const FilePath& to, WriteMode mode) = 0;
};

}  // namespace firn::io
