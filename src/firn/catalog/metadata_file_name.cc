#include "firn/catalog/metadata_file_name.h"

#include <fmt/format.h>
#include <sys/random.h>

#include <array>
#include <cassert>
#include <charconv>
#include <cstring>

namespace firn::catalog {

std::string RandomUuid() {
  std::array<uint8_t, 16> bytes{};
  size_t filled = 0;
  while (filled < bytes.size()) {
    ssize_t n = getrandom(bytes.data() + filled, bytes.size() - filled, 0);
    if (n > 0) filled += static_cast<size_t>(n);
    // EINTR: retry. getrandom cannot otherwise fail for 16 bytes once the pool is ready.
  }
  bytes[6] = static_cast<uint8_t>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<uint8_t>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  std::string out;
  out.reserve(36);
  static constexpr char kHex[] = "0123456789abcdef";
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 0xf]);
  }
  return out;
}

namespace {

std::string_view FileNameOf(std::string_view location) {
  size_t slash = location.rfind('/');
  return slash == std::string_view::npos ? location : location.substr(slash + 1);
}

// A non-negative decimal without sign or spaces, or nullopt.
std::optional<int64_t> ParseDecimal(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

}  // namespace

int64_t ParseMetastoreVersion(std::string_view metadata_location) {
  std::string_view name = FileNameOf(metadata_location);
  size_t dash = name.find('-');
  if (dash == std::string_view::npos) return -1;
  return ParseDecimal(name.substr(0, dash)).value_or(-1);
}

std::string NewMetastoreMetadataLocation(std::string_view table_location,
                                         const std::optional<std::string>& base_metadata_location) {
  int64_t version = base_metadata_location ? ParseMetastoreVersion(*base_metadata_location) + 1 : 0;
  return JoinPath(JoinPath(table_location, "metadata"),
                  fmt::format("{:05d}-{}.metadata.json", version, RandomUuid()));
}

std::optional<int64_t> ParseHadoopVersion(std::string_view file_name) {
  static constexpr std::string_view kSuffix = ".metadata.json";
  if (file_name.size() <= 1 + kSuffix.size() || file_name.front() != 'v' ||
      !file_name.ends_with(kSuffix)) {
    return std::nullopt;
  }
  std::optional<int64_t> version =
      ParseDecimal(file_name.substr(1, file_name.size() - 1 - kSuffix.size()));
  if (!version || *version < 1) return std::nullopt;
  return version;
}

std::string HadoopMetadataFileName(int64_t version) {
  assert(version >= 1);
  return fmt::format("v{}.metadata.json", version);
}

std::string JoinPath(std::string_view dir, std::string_view name) {
  while (dir.size() > 1 && dir.back() == '/') dir.remove_suffix(1);
  if (dir == "/") return fmt::format("/{}", name);
  return fmt::format("{}/{}", dir, name);
}

}  // namespace firn::catalog
