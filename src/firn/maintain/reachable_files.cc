#include "firn/maintain/reachable_files.h"

#include <fmt/format.h>

#include "firn/common/macros.h"
#include "firn/iceberg/manifest/manifest_reader.h"

namespace firn::maintain {
namespace {

std::string CollapseSlashes(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (char c : path) {
    if (c == '/' && !out.empty() && out.back() == '/') continue;
    out.push_back(c);
  }
  if (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

}  // namespace

std::string LocationKey(std::string_view location) {
  if (location.starts_with("file:")) {
    std::string_view rest = location.substr(5);
    if (rest.starts_with("//")) {
      rest.remove_prefix(2);
      // "file://localhost/x" and "file:///x": drop the (empty or local) authority.
      if (rest.starts_with("localhost/")) rest.remove_prefix(9);
      const size_t slash = rest.find('/');
      if (slash != 0 && slash != std::string_view::npos && !rest.starts_with('/')) {
        // A remote host: keep it distinct from any local path.
        return "file://" + std::string(rest.substr(0, slash)) + CollapseSlashes(rest.substr(slash));
      }
    }
    return CollapseSlashes(rest);
  }
  const size_t scheme = location.find("://");
  if (scheme != std::string_view::npos && scheme > 0) {
    const size_t path_start = location.find('/', scheme + 3);
    if (path_start == std::string_view::npos) return std::string(location);
    return std::string(location.substr(0, path_start)) + CollapseSlashes(location.substr(path_start));
  }
  return CollapseSlashes(location);
}

bool IsUnder(std::string_view key, std::string_view dir_key) {
  if (!key.starts_with(dir_key)) return false;
  if (key.size() == dir_key.size()) return true;
  return dir_key.ends_with('/') || key[dir_key.size()] == '/';
}

std::string_view FileKindName(FileKind kind) {
  switch (kind) {
    case FileKind::kData: return "data";
    case FileKind::kDelete: return "delete";
    case FileKind::kManifest: return "manifest";
    case FileKind::kManifestList: return "manifest list";
    case FileKind::kMetadataJson: return "metadata json";
    case FileKind::kOther: return "other";
  }
  return "other";
}

void FileSet::Add(FileRef file) {
  std::string key = LocationKey(file.path);
  files_.try_emplace(std::move(key), std::move(file));
}

Status AddSnapshotFiles(io::FileIO& io, const iceberg::Snapshot& snapshot,
                        bool include_deleted_entries, FileSet* out, const FileSet* skip) {
  const std::string context = fmt::format("snapshot {}", snapshot.snapshot_id.value());
  out->Add(FileRef{snapshot.manifest_list, FileKind::kManifestList, -1});
  FIRN_ASSIGN_OR_RETURN_CTX(std::vector<iceberg::ManifestFile> manifests,
                            iceberg::ReadManifestList(io, snapshot.manifest_list), context);
  for (const iceberg::ManifestFile& m : manifests) {
    if (out->Contains(m.manifest_path) || (skip != nullptr && skip->Contains(m.manifest_path))) continue;
    FIRN_ASSIGN_OR_RETURN_CTX(std::vector<iceberg::ManifestEntry> entries, iceberg::ReadManifest(io, m),
                              context);
    out->Add(FileRef{m.manifest_path, FileKind::kManifest, m.manifest_length});
    for (const iceberg::ManifestEntry& e : entries) {
      if (e.status == iceberg::ManifestEntryStatus::kDeleted && !include_deleted_entries) continue;
      const bool data = e.data_file.content == iceberg::DataFileContent::kData;
      out->Add(FileRef{e.data_file.file_path, data ? FileKind::kData : FileKind::kDelete,
                       e.data_file.file_size_in_bytes});
    }
  }
  return OkStatus();
}

}  // namespace firn::maintain
