#include "firn/iceberg/sort/spill_files.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "firn/common/logging.h"

namespace firn::iceberg {
namespace {

constexpr std::string_view kSpillStem = "firn-sort-";

std::string HostTag() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') return "localhost";
  std::string tag(host);
  for (char& c : tag) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.';
    if (!keep) c = '_';
  }
  return tag;
}

}  // namespace

std::string SpillFilePrefix() { return fmt::format("{}{}-{}-", kSpillStem, HostTag(), ::getpid()); }

bool ProcessIsAlive(int64_t pid) {
  if (pid <= 0 || pid > INT32_MAX) return false;
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

Result<SpillSweep> RemoveAbandonedSpillFiles(const std::string& dir, const std::function<bool(int64_t)>& alive) {
  namespace fs = std::filesystem;
  SpillSweep sweep;
  const std::string ours = fmt::format("{}{}-", kSpillStem, HostTag());
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec == std::errc::no_such_file_or_directory) return sweep;
  if (ec) return IOError("listing the spill directory {}: {}", dir, ec.message());
  const int64_t self = ::getpid();
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) return IOError("listing the spill directory {}: {}", dir, ec.message());
    const std::string name = it->path().filename().string();
    if (!name.starts_with(ours) || !name.ends_with(".parquet")) continue;
    // <pid>-<uuid>-<n>.parquet after the prefix
    const std::string_view rest = std::string_view(name).substr(ours.size());
    int64_t pid = 0;
    const auto [end, err] = std::from_chars(rest.data(), rest.data() + rest.size(), pid);
    if (err != std::errc() || end == rest.data() || end == rest.data() + rest.size() || *end != '-') continue;
    if (pid == self || alive(pid)) continue;
    std::error_code file_ec;
    if (!it->is_regular_file(file_ec) || file_ec) continue;
    const auto size = static_cast<int64_t>(it->file_size(file_ec));
    if (file_ec) continue;
    if (fs::remove(it->path(), file_ec) && !file_ec) {
      ++sweep.files_removed;
      sweep.bytes_removed += size;
    } else {
      FIRN_LOG(kWarn, "cannot remove the abandoned sort run {}: {}", it->path().string(), file_ec.message());
    }
  }
  return sweep;
}

}  // namespace firn::iceberg
