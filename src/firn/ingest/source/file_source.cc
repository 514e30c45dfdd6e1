#include "firn/ingest/source/file_source.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

#include "firn/common/macros.h"

namespace firn::ingest {
namespace {

constexpr size_t kReadChunk = 1 << 20;
// Compacting moves at most kReadChunk unread bytes per (kBufferSize - 2 * kReadChunk)
// bytes read.
constexpr size_t kBufferSize = 8 * kReadChunk;

}  // namespace

FileSource::~FileSource() { (void)Close(); }

Result<std::unique_ptr<FileSource>> FileSource::Make(const std::vector<std::string>& paths) {
  if (paths.empty()) return InvalidArgument("file source: no input files");
  auto src = std::unique_ptr<FileSource>(new FileSource());
  for (const std::string& path : paths) {
    File f;
    if (path == "-") {
      f.topic = "stdin";
      f.fd = STDIN_FILENO;
    } else {
      char resolved[PATH_MAX];
      if (::realpath(path.c_str(), resolved) == nullptr) return ErrnoError(errno, "input file " + path);
      f.topic = resolved;
      f.fd = ::open(resolved, O_RDONLY | O_CLOEXEC);
      if (f.fd < 0) return ErrnoError(errno, "opening input file " + path);
    }
    src->files_.push_back(std::move(f));
  }
  return src;
}

Status FileSource::SeekFile(File& f, int64_t offset) {
  if (f.fd == STDIN_FILENO) {
    if (offset != 0) return InvalidArgument("stdin cannot be read from an offset ({})", offset);
    return OkStatus();
  }
  if (::lseek(f.fd, offset, SEEK_SET) < 0) return ErrnoError(errno, "seeking in " + f.topic);
  f.position = offset;
  f.eof = false;
  return OkStatus();
}

Status FileSource::Assign() {
  assigned_ = true;
  std::vector<TopicPartition> parts;
  for (const File& f : files_) parts.push_back({f.topic, KafkaPartition(0)});
  if (listener_ == nullptr) return OkStatus();
  FIRN_ASSIGN_OR_RETURN(auto starts, listener_->OnAssigned(parts));
  for (size_t i = 0; i < files_.size(); ++i) {
    if (starts[i] && files_[i].fd != STDIN_FILENO) FIRN_RETURN_NOT_OK(SeekFile(files_[i], starts[i]->value()));
  }
  return OkStatus();
}

Status FileSource::Poll(int /*timeout_ms*/, size_t max_records, std::vector<SourceRecord>* out) {
  out->clear();
  if (!assigned_) FIRN_RETURN_NOT_OK(Assign());
  // Drop what the previous Poll handed out.
  if (current_ < files_.size()) {
    files_[current_].position += static_cast<int64_t>(consumed_);
    begin_ += consumed_;
  }
  consumed_ = 0;
  bool incomplete = false;  // the unread bytes end inside a line: read more whatever their size
  while (current_ < files_.size() && out->empty()) {
    File& f = files_[current_];
    if (!f.eof && (incomplete || end_ - begin_ < kReadChunk)) FIRN_RETURN_NOT_OK(ReadMore(f));
    incomplete = false;
    const std::string_view buf(buf_.get() + begin_, end_ - begin_);
    size_t pos = 0;
    while (out->size() < max_records && pos < buf.size()) {
      const void* found = std::memchr(buf.data() + pos, '\n', buf.size() - pos);
      if (found == nullptr && !f.eof) {  // an incomplete line: read more
        incomplete = true;
        break;
      }
      const size_t end = found == nullptr ? buf.size() : static_cast<size_t>(static_cast<const char*>(found) - buf.data());
      const size_t next = found == nullptr ? buf.size() : end + 1;
      std::string_view line = buf.substr(pos, end - pos);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.find_first_not_of(" \t") != std::string_view::npos) {
        SourceRecord& r = out->emplace_back();
        r.topic = f.topic;
        r.partition = KafkaPartition(0);
        r.offset = KafkaOffset(f.position + static_cast<int64_t>(pos));
        r.next_offset = KafkaOffset(f.position + static_cast<int64_t>(next));
        r.value = line;
        r.padded = true;  // the buffer's tail (see file_source.h)
      }
      pos = next;
    }
    consumed_ = pos;
    if (f.eof && pos >= buf.size()) {
      // This file is done; its records (if any) are handed out now, the next file
      // starts on the next Poll.
      if (!out->empty()) break;
      begin_ = end_ = consumed_ = 0;
      ++current_;
    }
  }
  return OkStatus();
}

// Appends up to kReadChunk bytes of `f` after the unread ones. The buffer grows only for a
// line longer than it.
Status FileSource::ReadMore(File& f) {
  if (capacity_ - end_ < kReadChunk) {
    const size_t unread = end_ - begin_;
    if (unread + kReadChunk > capacity_) {
      const size_t capacity = std::max({2 * capacity_, unread + kReadChunk, kBufferSize});
      auto bigger = std::make_unique_for_overwrite<char[]>(capacity + kRecordPadding);
      std::memset(bigger.get() + capacity, 0, kRecordPadding);
      if (unread > 0) std::memcpy(bigger.get(), buf_.get() + begin_, unread);
      buf_ = std::move(bigger);
      capacity_ = capacity;
    } else if (unread > 0) {
      std::memmove(buf_.get(), buf_.get() + begin_, unread);
    }
    begin_ = 0;
    end_ = unread;
  }
  ssize_t n;
  do {
    n = ::read(f.fd, buf_.get() + end_, kReadChunk);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return ErrnoError(errno, "reading " + f.topic);
  end_ += static_cast<size_t>(n);
  bytes_read_ += n;
  f.eof = n == 0;
  return OkStatus();
}

Status FileSource::Seek(const std::vector<std::pair<TopicPartition, std::optional<KafkaOffset>>>& to) {
  for (const auto& [tp, offset] : to) {
    for (size_t i = 0; i < files_.size(); ++i) {
      if (files_[i].topic != tp.topic) continue;
      FIRN_RETURN_NOT_OK(SeekFile(files_[i], offset ? offset->value() : 0));
      if (i <= current_) {  // re-read from there; later files are read from their new offsets
        current_ = i;
        begin_ = end_ = consumed_ = 0;
      }
    }
  }
  return OkStatus();
}

Status FileSource::Close() {
  for (File& f : files_) {
    if (f.fd > STDIN_FILENO) ::close(f.fd);
    f.fd = -1;
  }
  if (listener_ != nullptr && assigned_) {
    std::vector<TopicPartition> parts;
    for (const File& f : files_) parts.push_back({f.topic, KafkaPartition(0)});
    listener_->OnRevoked(parts, false);
    listener_ = nullptr;
  }
  return OkStatus();
}

}  // namespace firn::ingest
