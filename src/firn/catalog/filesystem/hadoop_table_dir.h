// HadoopTableDir: one table's folder in the Hadoop layout (Java's HadoopTableOperations):
//
//   <table dir>/metadata/v1.metadata.json, v2.metadata.json, ...   one file per version
//   <table dir>/metadata/version-hint.text                          "N", the newest version
//
// The hint is only a hint: it is written after vN (best effort, atomically replaced) and
// may be missing, garbage or stale. The current version is found as Java does: from a
// readable hint N whose vN exists, step forward while v(N+1) exists; without a usable hint,
// list the folder and take the highest vN. A hint naming a vN that is missing is damage
// (someone deleted the current metadata) and is reported as Corrupt rather than silently
// falling back to an older version, which would roll the table back.
//
// Thread-safety: thread-safe (no mutable state; the FileIO is thread-safe).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "firn/common/result.h"
#include "firn/io/file_io.h"

namespace firn::catalog {

inline constexpr const char* kVersionHintFileName = "version-hint.text";

class HadoopTableDir {
 public:
  // "*io" must outlive this object.
  HadoopTableDir(io::FileIO* io, std::string table_dir);

  const std::string& table_dir() const { return table_dir_; }
  std::string MetadataDir() const;
  std::string MetadataFile(int64_t version) const;  // <metadata dir>/v<version>.metadata.json
  std::string VersionHintFile() const;

  // The version of a metadata location in this table's metadata folder; nullopt for any
  // other path.
  std::optional<int64_t> VersionOf(std::string_view metadata_location) const;

  // The current version; nullopt if there is no table here (no vN file).
  Result<std::optional<int64_t>> FindCurrentVersion() const;
  // Every vN present, ascending.
  Result<std::vector<int64_t>> ListVersions() const;
  // Rewrites version-hint.text to `version`. Callers treat failure as harmless.
  Status WriteVersionHint(int64_t version) const;

 private:
  io::FileIO* io_;  // not owned
  std::string table_dir_;
};

}  // namespace firn::catalog
