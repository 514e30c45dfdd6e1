#include "firn/io/local_input_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

#include "firn/io/posix_util.h"

namespace firn::io {

Result<std::unique_ptr<LocalInputFile>> LocalInputFile::Make(FilePath path,
                                                             std::string local_path) {
  int fd = ::open(local_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    if (err == ENOENT) return NotFound("open {}: no such file", local_path);
    return ErrnoError(err, fmt::format("open {}", local_path));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return ErrnoError(err, fmt::format("stat {}", local_path));
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return InvalidArgument("open {}: is a directory", local_path);
  }
  return std::unique_ptr<LocalInputFile>(
      new LocalInputFile(std::move(path), std::move(local_path), fd));
}

LocalInputFile::LocalInputFile(FilePath path, std::string local_path, int fd)
    : path_(std::move(path)), local_path_(std::move(local_path)), fd_(fd) {}

LocalInputFile::~LocalInputFile() { ::close(fd_); }

Result<uint64_t> LocalInputFile::Size() const {
  struct stat st {};
  if (::fstat(fd_, &st) != 0) return posix::LastErrnoError("stat {}", local_path_);
  return static_cast<uint64_t>(st.st_size);
}

Status LocalInputFile::ReadAt(uint64_t offset, std::span<uint8_t> dest) const {
  return posix::PreadFully(fd_, offset, dest, local_path_);
}

}  // namespace firn::io
