#include "firn/io/local_file_io.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <utility>

#include "firn/common/macros.h"
#include "firn/io/local_input_file.h"
#include "firn/io/local_output_file.h"
#include "firn/io/path_util.h"
#include "firn/io/posix_util.h"

namespace firn::io {
namespace {

constexpr int kTempNameAttempts = 8;

bool IsSchemeChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '-' || c == '.';
}

std::string JoinPath(std::string_view dir, std::string_view name) {
  std::string out(dir);
  if (out.empty() || out.back() != '/') out.push_back('/');
  out.append(name);
  return out;
}

int64_t MtimeMs(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1'000'000;
}

// Appends the regular files under the open directory `fd` (which this takes over) to
// `out`. `shown` is the directory as the caller named it and `local` as a local path.
// Symbolic links are not followed (no cycles, nothing outside the tree).
Status ListDir(int fd, const std::string& shown, const std::string& local,
               std::vector<FileInfo>* out) {
  DIR* dir = ::fdopendir(fd);
  if (dir == nullptr) {
    int err = errno;
    ::close(fd);
    return ErrnoError(err, fmt::format("list {}", local));
  }
  Status status = OkStatus();
  while (status) {
    errno = 0;
    struct dirent* entry = ::readdir(dir);
    if (entry == nullptr) {
      if (errno != 0) status = posix::LastErrnoError("list {}", local);
      break;
    }
    std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    // Built before the calls below, so that errno is read right after them.
    std::string child_local = JoinPath(local, name);
    struct stat st {};
    if (::fstatat(::dirfd(dir), entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
      if (errno == ENOENT) continue;  // deleted while we listed
      status = posix::LastErrnoError("stat {}", child_local);
    } else if (S_ISREG(st.st_mode)) {
      out->push_back(FileInfo{FilePath(JoinPath(shown, name)), static_cast<uint64_t>(st.st_size),
                              MtimeMs(st)});
    } else if (S_ISDIR(st.st_mode)) {
      int sub =
          ::openat(::dirfd(dir), entry->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (sub < 0) {
        if (errno == ENOENT) continue;
        status = posix::LastErrnoError("open directory {}", child_local);
      } else {
        status = ListDir(sub, JoinPath(shown, name), child_local, out);
      }
    }
  }
  ::closedir(dir);
  return status;
}

}  // namespace

LocalFileIO::LocalFileIO(LocalFileIOOptions options) : options_(options) {}

Result<std::string> LocalFileIO::ToLocalPath(const FilePath& path) {
  std::string_view p = path.value();
  if (p.empty()) return InvalidArgument("empty path");
  if (p.starts_with("file:")) {
    std::string_view rest = p.substr(5);
    if (rest.starts_with("//")) {
      rest.remove_prefix(2);
      size_t slash = rest.find('/');
      std::string_view host = rest.substr(0, slash);
      if (!host.empty() && host != "localhost") {
        return NotSupported("{}: file URI names a remote host '{}'", p, host);
      }
      if (slash == std::string_view::npos) return InvalidArgument("{}: file URI has no path", p);
      rest = rest.substr(slash);
    }
    if (!rest.starts_with('/')) return InvalidArgument("{}: file URI path is not absolute", p);
    return std::string(rest);
  }
  size_t colon = p.find("://");
  if (colon != std::string_view::npos && colon > 0 &&
      std::all_of(p.begin(), p.begin() + colon, IsSchemeChar)) {
    // S3 and other object stores get their own FileIO (README.md, "S3").
    return NotSupported("{}: scheme '{}' is not supported by the local file system", p,
                        p.substr(0, colon));
  }
  return std::string(p);
}

Result<std::unique_ptr<OutputFile>> LocalFileIO::NewOutputFileImpl(const FilePath& path,
                                                                   WriteMode mode) {
  FIRN_ASSIGN_OR_RETURN(std::string local, ToLocalPath(path));
  std::string_view name = BaseName(local);
  if (name.empty() || name == "." || name == "..") {
    return InvalidArgument("create {}: not a file name", local);
  }
  if (mode == WriteMode::kCreate) {
    struct stat st {};
    if (::lstat(local.c_str(), &st) == 0) {
      return AlreadyExists("create {}: file already exists", local);
    }
  }
  std::string dir(ParentDir(local));
  FIRN_RETURN_NOT_OK_CTX(posix::MakeDirs(dir), fmt::format("create {}", local));
  for (int attempt = 0;; ++attempt) {
    std::string temp = TempPathFor(local);
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) {
      return std::make_unique<LocalOutputFile>(path, std::move(local), std::move(temp), fd, mode,
                                               options_.write_buffer_size);
    }
    if (errno != EEXIST || attempt + 1 == kTempNameAttempts) {
      return posix::LastErrnoError("create {}: open {}", local, temp);
    }
  }
}

Result<std::unique_ptr<InputFile>> LocalFileIO::OpenInputFile(const FilePath& path) {
  FIRN_ASSIGN_OR_RETURN(std::string local, ToLocalPath(path));
  FIRN_ASSIGN_OR_RETURN(auto file, LocalInputFile::Make(path, std::move(local)));
  return file;
}

Result<bool> LocalFileIO::Exists(const FilePath& path) {
  FIRN_ASSIGN_OR_RETURN(std::string local, ToLocalPath(path));
  struct stat st {};
  if (::stat(local.c_str(), &st) == 0) return true;
  if (errno == ENOENT || errno == ENOTDIR) return false;
  return posix::LastErrnoError("stat {}", local);
}

Status LocalFileIO::Delete(const FilePath& path) {
  FIRN_ASSIGN_OR_RETURN(std::string local, ToLocalPath(path));
  if (::unlink(local.c_str()) == 0) return OkStatus();
  if (errno == ENOENT) return NotFound("delete {}: no such file", local);
  return posix::LastErrnoError("delete {}", local);
}

Result<std::vector<FileInfo>> LocalFileIO::List(const FilePath& dir) {
  FIRN_ASSIGN_OR_RETURN(std::string local, ToLocalPath(dir));
  local = std::string(TrimTrailingSlashes(local));
  std::vector<FileInfo> files;
  int fd = ::open(local.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) return files;
    return posix::LastErrnoError("list {}", local);
  }
  FIRN_RETURN_NOT_OK(ListDir(fd, std::string(TrimTrailingSlashes(dir.value())), local, &files));
  std::sort(files.begin(), files.end(),
            [](const FileInfo& a, const FileInfo& b) { return a.path < b.path; });
  return files;
}

Status LocalFileIO::RenameImpl(const FilePath& from, const FilePath& to, WriteMode mode) {
  FIRN_ASSIGN_OR_RETURN(std::string local_from, ToLocalPath(from));
  FIRN_ASSIGN_OR_RETURN(std::string local_to, ToLocalPath(to));
  struct stat st {};
  if (::lstat(local_from.c_str(), &st) != 0 && errno == ENOENT) {
    // Checked first so that a failed rename creates no directories.
    return NotFound("rename {} to {}: source does not exist", local_from, local_to);
  }
  std::string from_dir(ParentDir(local_from));
  std::string to_dir(ParentDir(local_to));
  FIRN_RETURN_NOT_OK_CTX(posix::MakeDirs(to_dir),
                         fmt::format("rename {} to {}", local_from, local_to));
  FIRN_RETURN_NOT_OK(mode == WriteMode::kCreate ? posix::RenameNoReplace(local_from, local_to)
                                                : posix::RenameReplace(local_from, local_to));
  FIRN_RETURN_NOT_OK(posix::FsyncDir(to_dir));
  if (from_dir != to_dir) FIRN_RETURN_NOT_OK(posix::FsyncDir(from_dir));
  return OkStatus();
}

}  // namespace firn::io
