#include "firn/io/fault_injecting_file_io.h"

#include <utility>

#include "firn/common/macros.h"
#include "firn/io/memory_input_file.h"
#include "firn/io/output_file_state.h"
#include "firn/io/path_util.h"

namespace firn::io {
namespace {

Status CheckPath(const FilePath& path) {
  if (path.value().empty()) return InvalidArgument("empty path");
  return OkStatus();
}

class FaultOutputFile final : public OutputFile {
 public:
  FaultOutputFile(FilePath path, std::string temp_path, SimulatedDisk::Handle handle,
                  WriteMode mode, std::shared_ptr<SimulatedDisk> disk)
      : path_(std::move(path)),
        temp_path_(std::move(temp_path)),
        handle_(handle),
        mode_(mode),
        disk_(std::move(disk)) {}
  ~FaultOutputFile() override { Abandon(); }

  const FilePath& path() const override { return path_; }
  using OutputFile::Write;
  Status Write(std::span<const uint8_t> data) override {
    FIRN_RETURN_NOT_OK(state_.Check(path_));
    if (data.empty()) return OkStatus();
    if (auto st = disk_->Append(handle_, data, temp_path_); !st) return Fail(st.error());
    position_ += data.size();
    return OkStatus();
  }
  uint64_t Position() const override { return position_; }

  Status Commit() override {
    FIRN_RETURN_NOT_OK(state_.Check(path_));
    if (auto st = disk_->Sync(handle_, temp_path_); !st) return Fail(st.error());
    if (auto st = disk_->Rename(temp_path_, path_.value(), mode_); !st) return Fail(st.error());
    if (auto st = disk_->SyncDir(std::string(ParentDir(path_.value()))); !st) {
      // As LocalOutputFile: take the final name back (kCreate only).
      if (mode_ == WriteMode::kCreate) disk_->UnlinkQuietly(path_.value(), handle_);
      return Fail(st.error());
    }
    disk_->Release(handle_);
    state_.SetCommitted();
    return OkStatus();
  }

  void Abandon() override {
    if (!state_.open()) return;
    disk_->UnlinkQuietly(temp_path_, handle_);
    disk_->Release(handle_);
    state_.SetAbandoned();
  }

 private:
  Status Fail(Error error) {
    disk_->UnlinkQuietly(temp_path_, handle_);
    disk_->Release(handle_);
    return state_.Fail(path_, std::move(error));
  }

  const FilePath path_;
  const std::string temp_path_;
  const SimulatedDisk::Handle handle_;
  const WriteMode mode_;
  const std::shared_ptr<SimulatedDisk> disk_;
  uint64_t position_ = 0;
  OutputFileState state_;
};

// A MemoryInputFile whose reads count as FaultOp::kRead.
class FaultInputFile final : public InputFile {
 public:
  FaultInputFile(FilePath path, std::shared_ptr<const std::string> data,
                 std::shared_ptr<SimulatedDisk> disk)
      : inner_(std::move(path), std::move(data)), disk_(std::move(disk)) {}

  const FilePath& path() const override { return inner_.path(); }
  Result<uint64_t> Size() const override { return inner_.Size(); }
  Status ReadAt(uint64_t offset, std::span<uint8_t> dest) const override {
    FIRN_RETURN_NOT_OK(disk_->CheckRead(path().value()));
    return inner_.ReadAt(offset, dest);
  }

 private:
  const MemoryInputFile inner_;
  const std::shared_ptr<SimulatedDisk> disk_;
};

}  // namespace

FaultInjectingFileIO::FaultInjectingFileIO() : disk_(std::make_shared<SimulatedDisk>()) {}

FaultInjectingFileIO::~FaultInjectingFileIO() = default;

void FaultInjectingFileIO::InjectFault(FaultOp op, int64_t n, FaultMode mode, int err) {
  disk_->InjectFault(op, n, mode, err);
}

void FaultInjectingFileIO::ClearFaults() { disk_->ClearFaults(); }

int64_t FaultInjectingFileIO::OpCount(FaultOp op) const { return disk_->OpCount(op); }

void FaultInjectingFileIO::DropUnsyncedData() { disk_->Crash(); }

Result<std::unique_ptr<OutputFile>> FaultInjectingFileIO::NewOutputFileImpl(const FilePath& path,
                                                                            WriteMode mode) {
  FIRN_RETURN_NOT_OK(CheckPath(path));
  if (BaseName(path.value()).empty()) {
    return InvalidArgument("create {}: not a file name", path.value());
  }
  if (mode == WriteMode::kCreate && disk_->Exists(path.value())) {
    return AlreadyExists("create {}: file already exists", path.value());
  }
  std::string temp = TempPathFor(path.value());
  FIRN_ASSIGN_OR_RETURN_CTX(SimulatedDisk::Handle handle, disk_->Create(temp),
                            fmt::format("create {}", path.value()));
  return std::make_unique<FaultOutputFile>(path, std::move(temp), handle, mode, disk_);
}

Result<std::unique_ptr<InputFile>> FaultInjectingFileIO::OpenInputFile(const FilePath& path) {
  FIRN_RETURN_NOT_OK(CheckPath(path));
  FIRN_ASSIGN_OR_RETURN(auto data, disk_->Snapshot(path.value()));
  return std::make_unique<FaultInputFile>(path, std::move(data), disk_);
}

Result<bool> FaultInjectingFileIO::Exists(const FilePath& path) {
  FIRN_RETURN_NOT_OK(CheckPath(path));
  return disk_->Exists(path.value());
}

Status FaultInjectingFileIO::Delete(const FilePath& path) {
  FIRN_RETURN_NOT_OK(CheckPath(path));
  return disk_->Unlink(path.value());
}

Result<std::vector<FileInfo>> FaultInjectingFileIO::List(const FilePath& dir) {
  FIRN_RETURN_NOT_OK(CheckPath(dir));
  return disk_->List(dir.value());
}

Status FaultInjectingFileIO::RenameImpl(const FilePath& from, const FilePath& to, WriteMode mode) {
  FIRN_RETURN_NOT_OK(CheckPath(from));
  FIRN_RETURN_NOT_OK(CheckPath(to));
  FIRN_RETURN_NOT_OK(disk_->Rename(from.value(), to.value(), mode));
  std::string from_dir(ParentDir(from.value()));
  std::string to_dir(ParentDir(to.value()));
  FIRN_RETURN_NOT_OK(disk_->SyncDir(to_dir));
  if (from_dir != to_dir) FIRN_RETURN_NOT_OK(disk_->SyncDir(from_dir));
  return OkStatus();
}

}  // namespace firn::io
