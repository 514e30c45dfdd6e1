#include "firn/catalog/filesystem/hadoop_table_dir.h"

#include <algorithm>
#include <charconv>

#include "firn/catalog/metadata_file_name.h"
#include "firn/common/macros.h"

namespace firn::catalog {
namespace {

// The hint's number: decimal digits, surrounding whitespace allowed; nullopt otherwise.
std::optional<int64_t> ParseHint(std::string_view text) {
  auto is_space = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 1) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

HadoopTableDir::HadoopTableDir(io::FileIO* io, std::string table_dir)
    : io_(io), table_dir_(std::move(table_dir)) {
  while (table_dir_.size() > 1 && table_dir_.back() == '/') table_dir_.pop_back();
}

std::string HadoopTableDir::MetadataDir() const { return JoinPath(table_dir_, "metadata"); }

std::string HadoopTableDir::MetadataFile(int64_t version) const {
  return JoinPath(MetadataDir(), HadoopMetadataFileName(version));
}

std::string HadoopTableDir::VersionHintFile() const {
  return JoinPath(MetadataDir(), kVersionHintFileName);
}

std::optional<int64_t> HadoopTableDir::VersionOf(std::string_view metadata_location) const {
  std::string dir = MetadataDir() + "/";
  if (!metadata_location.starts_with(dir)) return std::nullopt;
  return ParseHadoopVersion(metadata_location.substr(dir.size()));
}

Result<std::vector<int64_t>> HadoopTableDir::ListVersions() const {
  FIRN_ASSIGN_OR_RETURN(auto files, io_->List(FilePath(MetadataDir())));
  std::vector<int64_t> versions;
  for (const io::FileInfo& file : files) {
    if (auto version = VersionOf(file.path.value())) versions.push_back(*version);
  }
  std::sort(versions.begin(), versions.end());
  return versions;
}

Result<std::optional<int64_t>> HadoopTableDir::FindCurrentVersion() const {
  std::optional<int64_t> hint;
  Result<std::string> hint_text = io_->ReadAll(FilePath(VersionHintFile()));
  if (hint_text) {
    hint = ParseHint(*hint_text);
  } else if (hint_text.error().kind() != ErrorKind::kNotFound) {
    return std::unexpected(std::move(hint_text).error());
  }
  if (hint) {
    FIRN_ASSIGN_OR_RETURN(bool exists, io_->Exists(FilePath(MetadataFile(*hint))));
    if (!exists) {
      return Corrupt("{}: {} names version {}, but {} is missing", table_dir_, kVersionHintFileName,
                     *hint, MetadataFile(*hint));
    }
    int64_t version = *hint;
    while (true) {  // the hint may be stale: a later commit's hint write failed or lagged
      FIRN_ASSIGN_OR_RETURN(bool next, io_->Exists(FilePath(MetadataFile(version + 1))));
      if (!next) return version;
      ++version;
    }
  }
  FIRN_ASSIGN_OR_RETURN(std::vector<int64_t> versions, ListVersions());
  if (versions.empty()) return std::nullopt;
  return versions.back();
}

Status HadoopTableDir::WriteVersionHint(int64_t version) const {
  return io_->WriteAll(FilePath(VersionHintFile()), std::to_string(version),
                       io::WriteMode::kOverwrite);
}

}  // namespace firn::catalog
