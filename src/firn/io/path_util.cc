#include "firn/io/path_util.h"

#include <fmt/format.h>
#include <sys/random.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>

namespace firn::io {

std::string_view ParentDir(std::string_view path) {
  size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string_view BaseName(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view TrimTrailingSlashes(std::string_view dir) {
  while (dir.size() > 1 && dir.back() == '/') dir.remove_suffix(1);
  return dir;
}

std::string TempPathFor(std::string_view path) {
  size_t slash = path.rfind('/');
  std::string_view dir = slash == std::string_view::npos ? "" : path.substr(0, slash + 1);
  return fmt::format("{}.{}.{}.tmp", dir, BaseName(path), RandomHex());
}

bool IsTempFileName(std::string_view name) {
  // ".<name>.<16 hex>.tmp", with a non-empty <name>.
  constexpr size_t kSuffix = 1 + 16 + 4;
  if (name.size() < 1 + 1 + kSuffix || name.front() != '.' || !name.ends_with(".tmp")) {
    return false;
  }
  std::string_view tail = name.substr(name.size() - kSuffix);
  if (tail.front() != '.') return false;
  for (char c : tail.substr(1, 16)) {
    bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    if (!hex) return false;
  }
  return true;
}

std::string RandomHex() {
  uint64_t v = 0;
  if (getrandom(&v, sizeof(v), 0) != static_cast<ssize_t>(sizeof(v))) {
    // Practically unreachable (getrandom does not fail for 8 bytes once the pool is up);
    // fall back to something still unique within this process.
    static std::atomic<uint64_t> counter{0};
    uint64_t now =
        static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    v = (now * 0x9E3779B97F4A7C15ull) ^ (static_cast<uint64_t>(getpid()) << 32) ^
        counter.fetch_add(1, std::memory_order_relaxed);
  }
  return fmt::format("{:016x}", v);
}

}  // namespace firn::io
