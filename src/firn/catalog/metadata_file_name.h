// Names of metadata JSON files, as Java's Iceberg writes them.
//
//   Metastore catalogs (JDBC/SQL, Hive, REST): "<version:05d>-<uuid>.metadata.json", with
//   version = the base file's version + 1, or 0 for a new table (Java's
//   BaseMetastoreTableOperations.newTableMetadataFilePath / parseVersion).
//   Hadoop tables: "v<N>.metadata.json", N counting from 1, next to "version-hint.text".
//
// Thread-safety: all functions are thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace firn::catalog {

// A random (version 4) UUID in canonical text form: "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".
std::string RandomUuid();

// The version encoded in a metastore-style metadata location (a path or just a file name):
// the number before the first '-' of the file name. -1 when there is none (e.g. a Hadoop
// "v3.metadata.json"), so that the next version is 0, as Java does.
int64_t ParseMetastoreVersion(std::string_view metadata_location);

// "<table_location>/metadata/<version:05d>-<uuid>.metadata.json" for the version after
// `base_metadata_location` (0 without a base).
std::string NewMetastoreMetadataLocation(std::string_view table_location,
                                         const std::optional<std::string>& base_metadata_location);

// "v<N>.metadata.json" -> N (N >= 1); nullopt for any other name.
std::optional<int64_t> ParseHadoopVersion(std::string_view file_name);
std::string HadoopMetadataFileName(int64_t version);

// `dir` + "/" + `name`, without doubling a trailing '/' of `dir`.
std::string JoinPath(std::string_view dir, std::string_view name);

}  // namespace firn::catalog
