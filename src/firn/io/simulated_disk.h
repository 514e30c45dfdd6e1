// SimulatedDisk: an in-memory file system that knows what a crash would keep, and that
// fails operations on request. FaultInjectingFileIO is built on it; see README.md.
//
// The model is POSIX with a volatile page cache:
//   - A file (inode) has bytes and a synced length: Sync(file) makes all of its current
//     bytes durable. Files are append-only, so the durable bytes are a prefix.
//   - Names live in two namespaces. The visible one is what every operation sees. The
//     durable one is what a crash keeps: SyncDir(dir) copies the visible entries directly
//     in `dir` (adds, replacements and removals alike) into it.
//   - Crash() replaces the visible namespace by the durable one and cuts every file back
//     to its synced length. A name whose file was never synced survives as an empty file,
//     as it can on a real file system. Handles from before the crash stop working.
//   - Directories are implicit (any '/'-separated prefix) and always durable; LocalFileIO
//     syncs each directory it creates, which is what makes that true there.
//
// Every operation below except the quiet ones counts as one operation of its FaultOp and
// can be made to fail by InjectFault. A failed operation changes nothing.
//
// Thread-safety: thread-safe (one mutex).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "firn/io/file_io.h"

namespace firn::io {

// Kinds of operations that can be made to fail.
enum class FaultOp {
  kCreate,  // creating a (temporary) file for a new OutputFile
  kWrite,   // one OutputFile::Write that reaches the disk
  kSync,    // fsync of a file or of a directory (Commit does both; Rename syncs dirs)
  kRename,  // the rename in Commit, and FileIO::Rename
  kDelete,  // FileIO::Delete
  kRead,    // InputFile::ReadAt
};
inline constexpr int kFaultOpCount = 6;
std::string_view FaultOpName(FaultOp op);  // "write", "fsync", ...

enum class FaultMode {
  kOnce,        // only the nth operation fails
  kPersistent,  // the nth and every later one fail, until ClearFaults (a failing disk)
};

class SimulatedDisk {
 public:
  // A file open for writing, valid until the next Crash().
  struct Handle {
    uint64_t inode = 0;
    uint64_t epoch = 0;
  };

  // Makes the nth operation of `op` from now on (n = 1: the next one) fail with an
  // IOError "<op> <path>: <strerror(err)> (injected fault)"; kPersistent: that one and all
  // later ones. Replaces an earlier fault for `op`.
  void InjectFault(FaultOp op, int64_t n, FaultMode mode, int err);
  void ClearFaults();
  // Operations of kind `op` attempted since construction, failed ones included.
  int64_t OpCount(FaultOp op) const;

  // Creates an empty file named `path` (O_EXCL: AlreadyExists if the name is taken).
  Result<Handle> Create(const std::string& path);
  Status Append(Handle file, std::span<const uint8_t> data, const std::string& path);
  Status Sync(Handle file, const std::string& path);
  Status SyncDir(const std::string& dir);
  // NotFound without `from`; AlreadyExists if `to` exists and mode is kCreate.
  Status Rename(const std::string& from, const std::string& to, WriteMode mode);
  Status Unlink(const std::string& path);  // NotFound without `path`
  Result<std::shared_ptr<const std::string>> Snapshot(const std::string& path);
  bool Exists(const std::string& path);
  std::vector<FileInfo> List(const std::string& dir);
  // Counts as a kRead; `path` names the file in the error.
  Status CheckRead(const std::string& path);

  // Quiet operations, for cleaning up after a failure: never fail, never counted.
  // UnlinkQuietly removes `path` only while it still names `file`.
  void UnlinkQuietly(const std::string& path, Handle file);
  // The writer of `file` is done with it (committed or abandoned).
  void Release(Handle file);

  void Crash();

 private:
  struct Inode {
    std::string data;
    size_t synced_size = 0;
    int64_t mtime_ms = 0;
    int links = 0;          // names in visible_
    int durable_links = 0;  // names in durable_
    bool writer_open = false;
    std::shared_ptr<const std::string> snapshot;  // cached copy of data; reset on append
  };
  struct Fault {
    int64_t at = 0;  // fails when the op count reaches this (0: no fault)
    FaultMode mode = FaultMode::kOnce;
    int err = 0;
  };

  // Counts one `op` and returns the injected error if it is to fail. REQUIRES: mu_ held.
  Status Count(FaultOp op, const std::string& path);
  // REQUIRES: mu_ held, for all of these.
  Inode* Find(Handle file);
  // Points `path` in the visible or durable namespace at `inode`, keeping link counts.
  void SetName(bool durable, const std::string& path, uint64_t inode);
  void EraseName(bool durable, std::map<std::string, uint64_t>::iterator it);
  // Frees `inode` once no name refers to it and no writer holds it.
  void MaybeFree(uint64_t inode);

  mutable std::mutex mu_;
  std::unordered_map<uint64_t, Inode> inodes_;  // guarded by mu_
  std::map<std::string, uint64_t> visible_;     // guarded by mu_
  std::map<std::string, uint64_t> durable_;     // guarded by mu_
  uint64_t next_inode_ = 1;                     // guarded by mu_
  uint64_t epoch_ = 0;                          // guarded by mu_; bumped by Crash()
  int64_t counts_[kFaultOpCount] = {};          // guarded by mu_
  Fault faults_[kFaultOpCount];                 // guarded by mu_
};

}  // namespace firn::io
