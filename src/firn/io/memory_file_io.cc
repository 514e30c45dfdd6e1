#include "firn/io/memory_file_io.h"

#include <chrono>
#include <map>
#include <mutex>
#include <utility>

#include "firn/common/macros.h"
#include "firn/io/memory_input_file.h"
#include "firn/io/output_file_state.h"
#include "firn/io/path_util.h"

namespace firn::io {

struct MemoryFileTable {
  struct Entry {
    std::shared_ptr<const std::string> data;
    int64_t mtime_ms = 0;
  };

  std::mutex mu;
  std::map<std::string, Entry, std::less<>> files;  // guarded by mu
};

namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Status CheckPath(const FilePath& path) {
  if (path.value().empty()) return InvalidArgument("empty path");
  return OkStatus();
}

class MemoryOutputFile final : public OutputFile {
 public:
  MemoryOutputFile(FilePath path, WriteMode mode, std::shared_ptr<MemoryFileTable> table)
      : path_(std::move(path)), mode_(mode), table_(std::move(table)) {}
  ~MemoryOutputFile() override { Abandon(); }

  const FilePath& path() const override { return path_; }
  using OutputFile::Write;
  Status Write(std::span<const uint8_t> data) override {
    FIRN_RETURN_NOT_OK(state_.Check(path_));
    data_.append(reinterpret_cast<const char*>(data.data()), data.size());
    return OkStatus();
  }
  uint64_t Position() const override { return data_.size(); }

  Status Commit() override {
    FIRN_RETURN_NOT_OK(state_.Check(path_));
    auto data = std::make_shared<const std::string>(std::move(data_));
    data_.clear();
    std::lock_guard lock(table_->mu);
    auto [it, inserted] = table_->files.try_emplace(path_.value());
    if (!inserted && mode_ == WriteMode::kCreate) {
      return state_.Fail(path_,
                         AlreadyExists("commit {}: file already exists", path_.value()).error());
    }
    it->second = MemoryFileTable::Entry{std::move(data), NowMs()};
    state_.SetCommitted();
    return OkStatus();
  }

  void Abandon() override {
    if (!state_.open()) return;
    data_ = std::string();
    state_.SetAbandoned();
  }

 private:
  const FilePath path_;
  const WriteMode mode_;
  const std::shared_ptr<MemoryFileTable> table_;
  std::string data_;
  OutputFileState state_;
};

}  // namespace

MemoryFileIO::MemoryFileIO() : table_(std::make_shared<MemoryFileTable>()) {}

MemoryFileIO::~MemoryFileIO() = default;

Result<std::unique_ptr<OutputFile>> MemoryFileIO::NewOutputFileImpl(const FilePath& path,
                                                                    WriteMode mode) {
  FIRN_RETURN_NOT_OK(CheckPath(path));
  if (BaseName(path.value()).empty()) {
    return InvalidArgument("create {}: not a file name", path.value());
  }
  if (mode == WriteMode::kCreate) {
    std::lock_guard lock(table_->mu);
    if (table_->files.contains(path.value())) {
      return AlreadyExists("create {}: file already exists", path.value());
    }
  }
  return std::make_unique<MemoryOutputFile>(path, mode, table_);
}

Result<std::unique_ptr<InputFile>> MemoryFileIO::OpenInputFile(const FilePath& path) {
  FIRN_RETURN_NOT_OK(CheckPath(path));
  std::lock_guard lock(table_->mu);
  auto it = table_->files.find(path.value());
  if (it == table_->files.end()) return NotFound("open {}: no such file", path.value());
  return std::make_unique<MemoryInputFile>(path, it->second.data);
}

Result<bool> MemoryFileIO::Exists(const FilePath& path) {
  FIRN_RETURN_NOT_OK(CheckPath(path));
  std::lock_guard lock(table_->mu);
  return table_->files.contains(path.value());
}

Status MemoryFileIO::Delete(const FilePath& path) {
  FIRN_RETURN_NOT_OK(CheckPath(path));
  std::lock_guard lock(table_->mu);
  if (table_->files.erase(path.value()) == 0) {
    return NotFound("delete {}: no such file", path.value());
  }
  return OkStatus();
}

Result<std::vector<FileInfo>> MemoryFileIO::List(const FilePath& dir) {
  FIRN_RETURN_NOT_OK(CheckPath(dir));
  std::string prefix(TrimTrailingSlashes(dir.value()));
  if (prefix != "/") prefix.push_back('/');
  std::vector<FileInfo> out;
  std::lock_guard lock(table_->mu);
  for (auto it = table_->files.lower_bound(prefix);
       it != table_->files.end() && it->first.starts_with(prefix); ++it) {
    out.push_back(FileInfo{FilePath(it->first), it->second.data->size(), it->second.mtime_ms});
  }
  return out;
}

Status MemoryFileIO::RenameImpl(const FilePath& from, const FilePath& to, WriteMode mode) {
  FIRN_RETURN_NOT_OK(CheckPath(from));
  FIRN_RETURN_NOT_OK(CheckPath(to));
  std::lock_guard lock(table_->mu);
  auto src = table_->files.find(from.value());
  if (src == table_->files.end()) {
    return NotFound("rename {} to {}: source does not exist", from.value(), to.value());
  }
  if (mode == WriteMode::kCreate && table_->files.contains(to.value())) {
    return AlreadyExists("rename {} to {}: destination already exists", from.value(), to.value());
  }
  if (from.value() == to.value()) return OkStatus();
  MemoryFileTable::Entry entry = std::move(src->second);
  table_->files.erase(src);
  table_->files.insert_or_assign(to.value(), std::move(entry));
  return OkStatus();
}

}  // namespace firn::io
