// FileSource: newline-delimited JSON from local files or stdin, one record per line.
//
// Each file is one partition (partition 0 of a "topic" named by the file's absolute
// path) whose offsets are byte positions: a record's offset is where its line starts and
// its next offset where the following line starts. So the tables' stored offsets say how
// far each file was ingested, and running firn again on a file that grew appends only the
// new lines (and a file read to the end appends nothing), exactly once.
//
// stdin cannot be re-read: it is topic "stdin", and a pipeline over stdin stores no
// offsets (every run appends everything it reads).
//
// Thread-safety: none (see source.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "firn/ingest/source/source.h"

namespace firn::ingest {

class FileSource final : public Source {
 public:
  // `paths` are read in order; "-" is stdin. NotFound/IOError name a file that cannot be
  // opened.
  static Result<std::unique_ptr<FileSource>> Make(const std::vector<std::string>& paths);
  ~FileSource() override;

  void SetListener(SourceListener* listener) override { listener_ = listener; }
  Status Poll(int timeout_ms, size_t max_records, std::vector<SourceRecord>* out) override;
  Status Seek(const std::vector<std::pair<TopicPartition, std::optional<KafkaOffset>>>& to) override;
  bool Exhausted() const override { return current_ >= files_.size(); }
  Status Close() override;

  // Bytes read so far over all files (for progress).
  int64_t bytes_read() const { return bytes_read_; }

 private:
  struct File {
    std::string topic;   // absolute path, or "stdin"
    int fd = -1;
    int64_t position = 0;  // byte offset of buf[0] in the file
    bool eof = false;
  };
  FileSource() = default;
  Status Assign();
  Status SeekFile(File& f, int64_t offset);
  Status ReadMore(File& f);

  std::vector<File> files_;
  size_t current_ = 0;
  SourceListener* listener_ = nullptr;
  bool assigned_ = false;
  // The current file's bytes from its position: buf_[begin_, end_) is unread. Reads go to
  // the end; the unread tail moves to the front only when the free space runs short, so
  // a byte is copied from the kernel once and moved at most once (not per Poll). The
  // allocation has kRecordPadding bytes beyond capacity_ that reads never fill: every
  // record is followed by readable bytes, and the decoder parses it in place.
  std::unique_ptr<char[]> buf_;
  size_t capacity_ = 0;
  size_t begin_ = 0;
  size_t end_ = 0;
  size_t consumed_ = 0;  // bytes after begin_ handed out by the last Poll
  int64_t bytes_read_ = 0;
};

}  // namespace firn::ingest
