// Iceberg metadata tables (as Spark and Java expose them, "Inspecting tables"): snapshots,
// history, files, data_files, delete_files, manifests, partitions, entries, refs and
// metadata_log_entries, computed from a table's metadata and its manifests.
//
// Each table is columns plus rows of JSON values (numbers, strings, null, objects for
// structs and maps), so the CLI can print it as a table, JSON lines or CSV.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "firn/common/result.h"
#include "firn/io/file_io.h"
#include "firn/iceberg/metadata/table_metadata.h"

namespace firn::iceberg {

struct MetadataTable {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;  // JSON values, one per column
};

// The names accepted by BuildMetadataTable.
std::span<const std::string_view> MetadataTableNames();

// `metadata_location`: the current metadata file (for metadata_log_entries). Reads the
// manifests of the current snapshot where the table needs them. InvalidArgument for an
// unknown name (the message lists the known ones).
Result<MetadataTable> BuildMetadataTable(std::string_view name, io::FileIO& io,
                                         const TableMetadata& metadata,
                                         const std::string& metadata_location);

}  // namespace firn::iceberg
