// Thin wrappers over the POSIX calls that LocalFileIO needs. Each retries EINTR and
// short transfers, and turns failures into errors that name the operation and the path:
// "open /wh/t/x.parquet: Permission denied".
//
// Thread-safety: all functions are thread-safe (they share no state).
#pragma once

#include <cerrno>
#include <cstdint>
#include <span>
#include <string>
#include <utility>

#include "firn/common/result.h"

namespace firn::io::posix {

// ErrnoError for the call that just failed: errno is read before the message is
// formatted (formatting allocates, which may change errno). Pass only plain values as
// arguments, nothing that allocates.
template <typename... Args>
std::unexpected<Error> LastErrnoError(fmt::format_string<Args...> what, Args&&... args) {
  int err = errno;
  return ErrnoError(err, fmt::format(what, std::forward<Args>(args)...));
}

// Writes all of `data` to `fd`. `path` names the file in errors.
Status WriteFully(int fd, std::span<const uint8_t> data, const std::string& path);

// Fills all of `dest` from `fd` at `offset`. Reading past the end of the file is an
// OutOfRange error naming the path, the offset, the length and the file size.
Status PreadFully(int fd, uint64_t offset, std::span<uint8_t> dest, const std::string& path);

Status Fsync(int fd, const std::string& path);

// close(2); an error from it is reported (it can carry a deferred write error).
Status Close(int fd, const std::string& path);

// fsync(2) on a directory, making the names created or removed in it durable.
Status FsyncDir(const std::string& dir);

// mkdir -p. Each directory it creates is made durable by syncing its parent, so that
// files committed into it later cannot vanish with it in a crash.
Status MakeDirs(const std::string& dir);

// Renames `from` to `to` unless `to` exists (AlreadyExists), atomically: renameat2 with
// RENAME_NOREPLACE, or, where the file system lacks it (or !allow_renameat2, for tests),
// link(2) then unlink(2). NotFound if `from` does not exist. Does not sync directories.
Status RenameNoReplace(const std::string& from, const std::string& to, bool allow_renameat2 = true);

// rename(2), replacing `to`. NotFound if `from` does not exist.
Status RenameReplace(const std::string& from, const std::string& to);

}  // namespace firn::io::posix
