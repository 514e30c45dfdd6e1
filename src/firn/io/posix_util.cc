#include "firn/io/posix_util.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "firn/common/macros.h"
#include "firn/io/path_util.h"

namespace firn::io::posix {
namespace {

Status RenameError(int err, const std::string& from, const std::string& to) {
  std::string what = fmt::format("rename {} to {}", from, to);
  if (err == EEXIST) return AlreadyExists("{}: destination already exists", what);
  if (err == ENOENT && access(from.c_str(), F_OK) != 0 && errno == ENOENT) {
    return NotFound("{}: source does not exist", what);
  }
  return ErrnoError(err, what);
}

}  // namespace

Status WriteFully(int fd, std::span<const uint8_t> data, const std::string& path) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return LastErrnoError("write {}", path);
    }
    data = data.subspan(static_cast<size_t>(n));
  }
  return OkStatus();
}

Status PreadFully(int fd, uint64_t offset, std::span<uint8_t> dest, const std::string& path) {
  const uint64_t start = offset;
  size_t done = 0;
  while (done < dest.size()) {
    ssize_t n =
        ::pread(fd, dest.data() + done, dest.size() - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return LastErrnoError("read {} bytes at offset {} of {}", dest.size(), start, path);
    }
    if (n == 0) {
      struct stat st {};
      uint64_t size = fstat(fd, &st) == 0 ? static_cast<uint64_t>(st.st_size) : offset + done;
      return OutOfRange("read {} bytes at offset {} of {}: past the end of the file ({} bytes)",
                        dest.size(), start, path, size);
    }
    done += static_cast<size_t>(n);
  }
  return OkStatus();
}

Status Fsync(int fd, const std::string& path) {
  while (::fsync(fd) != 0) {
    if (errno != EINTR) return LastErrnoError("fsync {}", path);
  }
  return OkStatus();
}

Status Close(int fd, const std::string& path) {
  // Linux closes the descriptor even when close(2) fails (also on EINTR): never retry.
  if (::close(fd) != 0 && errno != EINTR) {
    return LastErrnoError("close {}", path);
  }
  return OkStatus();
}

Status FsyncDir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return LastErrnoError("open directory {}", dir);
  Status st = Fsync(fd, dir);
  ::close(fd);
  return st;
}

Status MakeDirs(const std::string& dir) {
  if (::mkdir(dir.c_str(), 0777) == 0) return FsyncDir(std::string(ParentDir(dir)));
  int err = errno;
  if (err == ENOENT) {
    std::string parent(ParentDir(dir));
    if (parent == dir) return ErrnoError(err, fmt::format("mkdir {}", dir));
    FIRN_RETURN_NOT_OK(MakeDirs(parent));
    if (::mkdir(dir.c_str(), 0777) == 0) return FsyncDir(parent);
    err = errno;
  }
  if (err == EEXIST) {
    // Someone else made it first, or it is not a directory.
    struct stat st {};
    if (::stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return OkStatus();
    return IOError("mkdir {}: exists and is not a directory", dir);
  }
  return ErrnoError(err, fmt::format("mkdir {}", dir));
}

Status RenameNoReplace(const std::string& from, const std::string& to, bool allow_renameat2) {
#ifdef RENAME_NOREPLACE
  if (allow_renameat2) {
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) {
      return OkStatus();
    }
    int err = errno;
    // EINVAL/ENOSYS: the file system (or kernel) does not support the flag.
    if (err != EINVAL && err != ENOSYS) return RenameError(err, from, to);
  }
#else
  (void)allow_renameat2;
#endif
  // link(2) fails with EEXIST rather than replace, which is what makes this atomic.
  if (::link(from.c_str(), to.c_str()) != 0) return RenameError(errno, from, to);
  if (::unlink(from.c_str()) != 0) {
    int err = errno;
    ::unlink(to.c_str());
    return ErrnoError(err, fmt::format("rename {} to {}: unlink {}", from, to, from));
  }
  return OkStatus();
}

Status RenameReplace(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) return RenameError(errno, from, to);
  return OkStatus();
}

}  // namespace firn::io::posix
