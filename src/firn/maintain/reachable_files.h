// ReachableFiles: the files a set of snapshots references, for expiry and orphan removal
// to decide what is safe to delete (Java's ReachableFileCleanup in small).
//
// Locations are compared by LocationKey, never as recorded: metadata may name one file as
// "file:/wh/t/x", "file:///wh/t/x" or "/wh/t/x", and a comparison of the raw strings
// would call a referenced file unreferenced.
//
// Thread-safety: none; one FileSet per operation.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "firn/common/result.h"
#include "firn/io/file_io.h"
#include "firn/iceberg/metadata/table_metadata.h"

namespace firn::maintain {

// The form two locations of one file share: file: URIs become plain absolute paths, and
// repeated '/' in the path collapse. Other schemes ("s3://b/k") are kept, with the same
// '/' collapsing after the authority.
std::string LocationKey(std::string_view location);

// Whether `key` (a LocationKey) is `dir_key` itself or below it.
bool IsUnder(std::string_view key, std::string_view dir_key);

enum class FileKind : int8_t { kData, kDelete, kManifest, kManifestList, kMetadataJson, kOther };
std::string_view FileKindName(FileKind kind);  // "data", "delete", "manifest", ...

struct FileRef {
  std::string path;         // as recorded in metadata (what Delete is given)
  FileKind kind = FileKind::kOther;
  int64_t size_bytes = -1;  // from metadata; -1 when metadata does not record it

  bool operator==(const FileRef&) const = default;
};

class FileSet {
 public:
  // Adds `file` unless its key is present (the first recorded form wins).
  void Add(FileRef file);
  bool Contains(std::string_view location) const { return files_.contains(LocationKey(location)); }
  bool ContainsKey(const std::string& key) const { return files_.contains(key); }
  const std::map<std::string, FileRef>& files() const { return files_; }  // by key
  size_t size() const { return files_.size(); }

 private:
  std::map<std::string, FileRef> files_;
};

// Adds what `snapshot` references: its manifest list, the manifests listed, and the data
// and delete files of their entries. Only live entries (ADDED, EXISTING) count, unless
// `include_deleted_entries`: a DELETED entry names a file its snapshot removed, which that
// snapshot no longer needs. A manifest already in `*out`, or in `*skip` when given, is not
// read (its entries were added when it was, or are not wanted). Errors (a missing or
// damaged file) name the snapshot; `*out` may then hold part of the snapshot's files.
Status AddSnapshotFiles(io::FileIO& io, const iceberg::Snapshot& snapshot,
                        bool include_deleted_entries, FileSet* out, const FileSet* skip = nullptr);

}  // namespace firn::maintain
