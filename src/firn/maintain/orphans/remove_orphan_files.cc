#include "firn/maintain/orphans/remove_orphan_files.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <set>

#include "firn/common/macros.h"
#include "firn/io/path_util.h"
#include "firn/maintain/reachable_files.h"

namespace firn::maintain {
namespace {

using iceberg::TableMetadata;

constexpr size_t kMaxFailedPaths = 5;

int64_t SystemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Files that catalogs keep inside table and namespace folders.
bool IsCatalogFile(std::string_view name) {
  if (name == "version-hint.text" || name == ".firn-namespace.properties") return true;
  for (std::string_view db : {".db", ".sqlite", ".sqlite3"}) {
    for (std::string_view suffix : {"", "-wal", "-shm", "-journal"}) {
      if (name.ends_with(std::string(db) + std::string(suffix))) return true;
    }
  }
  return false;
}

// Every JSON string in `json` (the statistics fields are kept verbatim): whatever paths
// they name are referenced. Keeping a few extra strings is harmless.
void AddJsonStrings(std::string_view json, std::set<std::string>* keys) {
  for (size_t i = 0; i < json.size(); ++i) {
    if (json[i] != '"') continue;
    std::string s;
    for (++i; i < json.size() && json[i] != '"'; ++i) {
      if (json[i] == '\\' && i + 1 < json.size()) ++i;
      s.push_back(json[i]);
    }
    if (!s.empty()) keys->insert(LocationKey(s));
  }
}

// Roots of other tables below `location_key`: D where a listed file is D/metadata/*.metadata.json.
std::set<std::string> NestedTableRoots(const std::vector<std::string>& keys, const std::string& location_key,
                                       const std::string& own_metadata_dir_key) {
  std::set<std::string> roots;
  for (const std::string& key : keys) {
    if (!key.ends_with(".metadata.json")) continue;
    const std::string dir(io::ParentDir(key));
    if (dir == own_metadata_dir_key || io::BaseName(dir) != "metadata") continue;
    const std::string root(io::ParentDir(dir));
    if (root != location_key && IsUnder(root, location_key)) roots.insert(root);
  }
  return roots;
}

// Every location the metadata references, as keys.
Result<std::set<std::string>> ReferencedKeys(io::FileIO& io, const iceberg::TableState& state) {
  const TableMetadata& m = *state.metadata;
  FileSet files;
  for (const iceberg::Snapshot& s : m.snapshots) {
    FIRN_RETURN_NOT_OK(AddSnapshotFiles(io, s, /*include_deleted_entries=*/false, &files));
  }
  std::set<std::string> keys;
  for (const auto& [key, ref] : files.files()) keys.insert(key);
  keys.insert(LocationKey(state.metadata_location));
  for (const iceberg::MetadataLogEntry& e : m.metadata_log) keys.insert(LocationKey(e.metadata_file));
  AddJsonStrings(m.statistics_json, &keys);
  AddJsonStrings(m.partition_statistics_json, &keys);
  return keys;
}

}  // namespace

Result<RemoveOrphanFilesResult> RemoveOrphanFiles(iceberg::TableOperations& ops,
                                                  const RemoveOrphanFilesOptions& options) {
  io::FileIO& io = ops.io();
  RemoveOrphanFilesResult result;
  result.dry_run = options.dry_run;
  const int64_t now = options.now_ms ? options.now_ms() : SystemNowMs();
  result.cutoff_ms = options.older_than_ms.value_or(now - kDefaultOrphanAgeMs);
  // The location comes from metadata read now; the referenced set from metadata read
  // after the listing (see the header).
  FIRN_ASSIGN_OR_RETURN(iceberg::TableState first, ops.Refresh());
  result.location = options.location.value_or(first.metadata->location);
  if (result.location.empty()) return InvalidArgument("the table has no location to list");
  if (first.metadata->properties.contains("firn.location-map")) {
    return NotSupported("the table was registered with --map: its metadata names files at {}, "
                        "not where they are; orphan removal would see every file as unreferenced",
                        first.metadata->location);
  }
  FIRN_ASSIGN_OR_RETURN_CTX(std::vector<io::FileInfo> listed, io.List(FilePath(result.location)),
                            "listing " + result.location);
  FIRN_ASSIGN_OR_RETURN(iceberg::TableState state, ops.Refresh());
  FIRN_ASSIGN_OR_RETURN_CTX(std::set<std::string> referenced, ReferencedKeys(io, state),
                            "reading what the table references");

  const std::string location_key = LocationKey(result.location);
  std::vector<std::string> keys;
  keys.reserve(listed.size());
  for (const io::FileInfo& f : listed) keys.push_back(LocationKey(f.path.value()));
  const std::set<std::string> nested =
      NestedTableRoots(keys, location_key, std::string(io::ParentDir(LocationKey(state.metadata_location))));

  for (size_t i = 0; i < listed.size(); ++i) {
    const io::FileInfo& f = listed[i];
    const std::string& key = keys[i];
    ++result.files_listed;
    result.bytes_listed += static_cast<int64_t>(f.size);
    if (referenced.contains(key)) {
      ++result.files_referenced;
      continue;
    }
    if (IsCatalogFile(io::BaseName(key))) continue;
    bool in_nested = false;
    for (const std::string& root : nested) in_nested = in_nested || IsUnder(key, root);
    if (in_nested) {
      ++result.nested_table_files;
      continue;
    }
    // Temporary files of atomic writes fall under the same age rule as everything else:
    // a young one may still become a committed file.
    if (f.mtime_ms >= result.cutoff_ms) {
      ++result.young_unreferenced;
      continue;
    }
    result.orphans.push_back(OrphanFile{f.path.value(), static_cast<int64_t>(f.size), f.mtime_ms});
    result.orphan_bytes += static_cast<int64_t>(f.size);
  }
  // The metadata must name its files where they were listed: else every file would look
  // unreferenced. The manifest list current before the listing must have been listed.
  if (const iceberg::Snapshot* s = first.metadata->CurrentSnapshot()) {
    const std::string list_key = LocationKey(s->manifest_list);
    const bool listed_it = std::find(keys.begin(), keys.end(), list_key) != keys.end();
    if (IsUnder(list_key, location_key) && !listed_it) {
      return InvalidArgument(
          "the current manifest list {} was not found listing {}: the metadata does not match "
          "the files; refusing to delete anything",
          s->manifest_list, result.location);
    }
  }
  if (result.files_referenced == 0 && !result.orphans.empty()) {
    return InvalidArgument(
        "none of the {} files under {} is referenced by the table's metadata (current {}): the "
        "metadata names its files elsewhere; refusing to delete anything",
        result.files_listed, result.location, state.metadata_location);
  }
  if (options.dry_run) return result;
  for (const OrphanFile& o : result.orphans) {
    auto st = io.Delete(FilePath(o.path));
    if (st) {
      ++result.files_deleted;
      result.bytes_deleted += o.size_bytes;
    } else if (st.error().kind() != ErrorKind::kNotFound) {
      ++result.delete_failures;
      if (result.failed_paths.size() < kMaxFailedPaths) result.failed_paths.push_back(st.error().ToString());
    }
  }
  return result;
}

}  // namespace firn::maintain
