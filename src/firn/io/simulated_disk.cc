#include "firn/io/simulated_disk.h"

#include <cassert>
#include <chrono>
#include <cstring>

#include "firn/io/path_util.h"

namespace firn::io {
namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The keys of `names` directly or indirectly under `dir`, as [begin, end).
template <typename Map>
std::pair<typename Map::iterator, typename Map::iterator> Under(Map& names, std::string_view dir,
                                                                std::string* prefix) {
  if (dir == ".") {
    prefix->clear();  // relative names: everything, filtered by the caller
    return {names.begin(), names.end()};
  }
  *prefix = std::string(TrimTrailingSlashes(dir));
  if (*prefix != "/") prefix->push_back('/');
  auto begin = names.lower_bound(*prefix);
  auto end = begin;
  while (end != names.end() && end->first.starts_with(*prefix)) ++end;
  return {begin, end};
}

}  // namespace

std::string_view FaultOpName(FaultOp op) {
  switch (op) {
    case FaultOp::kCreate:
      return "create";
    case FaultOp::kWrite:
      return "write";
    case FaultOp::kSync:
      return "fsync";
    case FaultOp::kRename:
      return "rename";
    case FaultOp::kDelete:
      return "delete";
    case FaultOp::kRead:
      return "read";
  }
  return "unknown";
}

void SimulatedDisk::InjectFault(FaultOp op, int64_t n, FaultMode mode, int err) {
  assert(n >= 1);
  std::lock_guard lock(mu_);
  int i = static_cast<int>(op);
  faults_[i] = Fault{counts_[i] + n, mode, err};
}

void SimulatedDisk::ClearFaults() {
  std::lock_guard lock(mu_);
  for (Fault& f : faults_) f = Fault{};
}

int64_t SimulatedDisk::OpCount(FaultOp op) const {
  std::lock_guard lock(mu_);
  return counts_[static_cast<int>(op)];
}

Status SimulatedDisk::Count(FaultOp op, const std::string& subject) {
  int i = static_cast<int>(op);
  int64_t n = ++counts_[i];
  const Fault& f = faults_[i];
  if (f.at == 0) return OkStatus();
  bool fail = f.mode == FaultMode::kOnce ? n == f.at : n >= f.at;
  if (!fail) return OkStatus();
  return IOError("{} {}: {} (injected fault)", FaultOpName(op), subject, std::strerror(f.err));
}

SimulatedDisk::Inode* SimulatedDisk::Find(Handle file) {
  if (file.epoch != epoch_) return nullptr;
  auto it = inodes_.find(file.inode);
  return it == inodes_.end() ? nullptr : &it->second;
}

void SimulatedDisk::SetName(bool durable, const std::string& path, uint64_t inode) {
  auto& names = durable ? durable_ : visible_;
  auto [it, inserted] = names.try_emplace(path, inode);
  Inode& node = inodes_.at(inode);
  ++(durable ? node.durable_links : node.links);
  if (!inserted) {
    uint64_t old = std::exchange(it->second, inode);
    Inode& old_node = inodes_.at(old);
    --(durable ? old_node.durable_links : old_node.links);
    MaybeFree(old);
  }
}

void SimulatedDisk::EraseName(bool durable, std::map<std::string, uint64_t>::iterator it) {
  auto& names = durable ? durable_ : visible_;
  uint64_t inode = it->second;
  names.erase(it);
  Inode& node = inodes_.at(inode);
  --(durable ? node.durable_links : node.links);
  MaybeFree(inode);
}

void SimulatedDisk::MaybeFree(uint64_t inode) {
  const Inode& node = inodes_.at(inode);
  if (node.links == 0 && node.durable_links == 0 && !node.writer_open) inodes_.erase(inode);
}

Result<SimulatedDisk::Handle> SimulatedDisk::Create(const std::string& path) {
  std::lock_guard lock(mu_);
  if (auto st = Count(FaultOp::kCreate, path); !st) return std::unexpected(st.error());
  if (visible_.contains(path)) return AlreadyExists("create {}: file already exists", path);
  uint64_t inode = next_inode_++;
  Inode& node = inodes_[inode];
  node.writer_open = true;
  node.mtime_ms = NowMs();
  SetName(/*durable=*/false, path, inode);
  return Handle{inode, epoch_};
}

Status SimulatedDisk::Append(Handle file, std::span<const uint8_t> data, const std::string& path) {
  std::lock_guard lock(mu_);
  Inode* node = Find(file);
  if (node == nullptr) return IOError("write {}: file lost in a simulated crash", path);
  if (auto st = Count(FaultOp::kWrite, path); !st) return st;
  node->data.append(reinterpret_cast<const char*>(data.data()), data.size());
  node->mtime_ms = NowMs();
  node->snapshot.reset();
  return OkStatus();
}

Status SimulatedDisk::Sync(Handle file, const std::string& path) {
  std::lock_guard lock(mu_);
  Inode* node = Find(file);
  if (node == nullptr) return IOError("fsync {}: file lost in a simulated crash", path);
  if (auto st = Count(FaultOp::kSync, path); !st) return st;
  node->synced_size = node->data.size();
  return OkStatus();
}

Status SimulatedDisk::SyncDir(const std::string& dir) {
  std::lock_guard lock(mu_);
  if (auto st = Count(FaultOp::kSync, dir); !st) return st;
  auto directly_in_dir = [&dir](const std::string& key) { return ParentDir(key) == dir; };
  std::string prefix;
  auto [begin, end] = Under(durable_, dir, &prefix);
  for (auto it = begin; it != end;) {
    auto next = std::next(it);
    if (directly_in_dir(it->first)) EraseName(/*durable=*/true, it);
    it = next;
  }
  auto [vbegin, vend] = Under(visible_, dir, &prefix);
  for (auto it = vbegin; it != vend; ++it) {
    if (directly_in_dir(it->first)) SetName(/*durable=*/true, it->first, it->second);
  }
  return OkStatus();
}

Status SimulatedDisk::Rename(const std::string& from, const std::string& to, WriteMode mode) {
  std::lock_guard lock(mu_);
  if (auto st = Count(FaultOp::kRename, from + " to " + to); !st) return st;
  auto src = visible_.find(from);
  if (src == visible_.end()) {
    return NotFound("rename {} to {}: source does not exist", from, to);
  }
  if (mode == WriteMode::kCreate && visible_.contains(to)) {
    return AlreadyExists("rename {} to {}: destination already exists", from, to);
  }
  if (from == to) return OkStatus();
  SetName(/*durable=*/false, to, src->second);  // before the erase, which might free it
  EraseName(/*durable=*/false, visible_.find(from));
  return OkStatus();
}

Status SimulatedDisk::Unlink(const std::string& path) {
  std::lock_guard lock(mu_);
  if (auto st = Count(FaultOp::kDelete, path); !st) return st;
  auto it = visible_.find(path);
  if (it == visible_.end()) return NotFound("delete {}: no such file", path);
  EraseName(/*durable=*/false, it);
  return OkStatus();
}

Result<std::shared_ptr<const std::string>> SimulatedDisk::Snapshot(const std::string& path) {
  std::lock_guard lock(mu_);
  auto it = visible_.find(path);
  if (it == visible_.end()) return NotFound("open {}: no such file", path);
  Inode& node = inodes_.at(it->second);
  if (node.snapshot == nullptr) node.snapshot = std::make_shared<const std::string>(node.data);
  return node.snapshot;
}

bool SimulatedDisk::Exists(const std::string& path) {
  std::lock_guard lock(mu_);
  return visible_.contains(path);
}

std::vector<FileInfo> SimulatedDisk::List(const std::string& dir) {
  std::lock_guard lock(mu_);
  std::vector<FileInfo> out;
  std::string prefix;
  auto [begin, end] = Under(visible_, dir, &prefix);
  for (auto it = begin; it != end; ++it) {
    const Inode& node = inodes_.at(it->second);
    out.push_back(FileInfo{FilePath(it->first), node.data.size(), node.mtime_ms});
  }
  return out;
}

Status SimulatedDisk::CheckRead(const std::string& path) {
  std::lock_guard lock(mu_);
  return Count(FaultOp::kRead, path);
}

void SimulatedDisk::UnlinkQuietly(const std::string& path, Handle file) {
  std::lock_guard lock(mu_);
  if (Find(file) == nullptr) return;
  auto it = visible_.find(path);
  if (it != visible_.end() && it->second == file.inode) EraseName(/*durable=*/false, it);
}

void SimulatedDisk::Release(Handle file) {
  std::lock_guard lock(mu_);
  Inode* node = Find(file);
  if (node == nullptr) return;
  node->writer_open = false;
  MaybeFree(file.inode);
}

void SimulatedDisk::Crash() {
  std::lock_guard lock(mu_);
  visible_ = durable_;
  for (auto it = inodes_.begin(); it != inodes_.end();) {
    Inode& node = it->second;
    if (node.durable_links == 0) {
      it = inodes_.erase(it);
      continue;
    }
    node.links = node.durable_links;
    node.writer_open = false;
    node.data.resize(node.synced_size);
    node.snapshot.reset();
    ++it;
  }
  ++epoch_;
}

}  // namespace firn::io
