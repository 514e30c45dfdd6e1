#include "firn/io/local_output_file.h"

#include <unistd.h>

#include <utility>

#include "firn/common/macros.h"
#include "firn/io/path_util.h"
#include "firn/io/posix_util.h"

namespace firn::io {

LocalOutputFile::LocalOutputFile(FilePath path, std::string local_path, std::string temp_path,
                                 int fd, WriteMode mode, size_t buffer_size)
    : path_(std::move(path)),
      local_path_(std::move(local_path)),
      temp_path_(std::move(temp_path)),
      mode_(mode),
      buffer_size_(buffer_size),
      fd_(fd) {}

LocalOutputFile::~LocalOutputFile() { Abandon(); }

Status LocalOutputFile::Write(std::span<const uint8_t> data) {
  FIRN_RETURN_NOT_OK(state_.Check(path_));
  position_ += data.size();
  if (buffer_.size() + data.size() <= buffer_size_) {
    // The buffer grows with what is written (up to buffer_size_), so that a writer with
    // many files open holds memory for what they buffer, not buffer_size_ each.
    buffer_.Append(data);
    return OkStatus();
  }
  FIRN_RETURN_NOT_OK(Flush());
  if (data.size() >= buffer_size_) {
    if (auto st = posix::WriteFully(fd_, data, temp_path_); !st) return Fail(st.error());
    return OkStatus();
  }
  buffer_.Append(data);
  return OkStatus();
}

Status LocalOutputFile::Flush() {
  if (buffer_.empty()) return OkStatus();
  if (auto st = posix::WriteFully(fd_, buffer_.span(), temp_path_); !st) return Fail(st.error());
  buffer_.Clear();
  return OkStatus();
}

Status LocalOutputFile::ReleaseMemory() {
  FIRN_RETURN_NOT_OK(state_.Check(path_));
  FIRN_RETURN_NOT_OK(Flush());
  buffer_.Release();
  return OkStatus();
}

Status LocalOutputFile::Commit() {
  FIRN_RETURN_NOT_OK(state_.Check(path_));
  FIRN_RETURN_NOT_OK(Flush());
  buffer_.Release();
  if (auto st = posix::Fsync(fd_, temp_path_); !st) return Fail(st.error());
  int fd = std::exchange(fd_, -1);
  if (auto st = posix::Close(fd, temp_path_); !st) return Fail(st.error());
  Status renamed = mode_ == WriteMode::kCreate ? posix::RenameNoReplace(temp_path_, local_path_)
                                               : posix::RenameReplace(temp_path_, local_path_);
  if (!renamed) return Fail(renamed.error());
  if (auto st = posix::FsyncDir(std::string(ParentDir(local_path_))); !st) {
    // The temporary name is gone; take the final one back (see the header).
    if (mode_ == WriteMode::kCreate) ::unlink(local_path_.c_str());
    return Fail(st.error());
  }
  state_.SetCommitted();
  return OkStatus();
}

void LocalOutputFile::Abandon() {
  if (!state_.open()) return;
  CloseAndUnlinkTemp();
  buffer_.Release();
  state_.SetAbandoned();
}

Status LocalOutputFile::Fail(Error error) {
  CloseAndUnlinkTemp();
  buffer_.Release();
  return state_.Fail(path_, std::move(error));
}

void LocalOutputFile::CloseAndUnlinkTemp() {
  if (fd_ >= 0) ::close(std::exchange(fd_, -1));
  // Harmless if the rename already moved it away (ENOENT); the name is ours alone.
  ::unlink(temp_path_.c_str());
}

}  // namespace firn::io
