// DataFile and ManifestEntry (spec "Manifests": the data_file struct and manifest_entry),
// the unit of change in a snapshot: a data file or a delete file with its partition tuple
// and column metrics.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "firn/common/result.h"
#include "firn/common/strong_type.h"
#include "firn/iceberg/types/literal.h"

namespace firn::iceberg {

// Reserved field ids of position delete files (spec "Position Delete Files", "Reserved
// Field IDs"): file_path (string, required) and pos (long, required).
inline constexpr int32_t kDeleteFilePathFieldId = 2147483546;
inline constexpr int32_t kDeletePosFieldId = 2147483545;

enum class DataFileContent : int8_t { kData = 0, kPositionDeletes = 1, kEqualityDeletes = 2 };
std::string_view DataFileContentName(DataFileContent c);  // "DATA", "POSITION_DELETES", ...

enum class FileFormat : int8_t { kParquet, kAvro, kOrc };
std::string_view FileFormatName(FileFormat f);  // "PARQUET", "AVRO", "ORC"
Result<FileFormat> ParseFileFormat(std::string_view s);  // case-insensitive

struct DataFile {
  DataFileContent content = DataFileContent::kData;  // data, position or equality deletes
  std::string file_path;                  // full URI of the file
  FileFormat file_format = FileFormat::kParquet;  // the file's format
  int32_t spec_id = 0;                    // the partition spec it was written for (from the manifest)
  std::vector<Literal> partition;         // the partition tuple, one value per spec field
  int64_t record_count = 0;               // rows in the file
  int64_t file_size_in_bytes = 0;         // total file size
  std::map<int32_t, int64_t> column_sizes;       // field id -> bytes on disk
  std::map<int32_t, int64_t> value_counts;       // field id -> values, nulls included
  std::map<int32_t, int64_t> null_value_counts;  // field id -> nulls
  std::map<int32_t, int64_t> nan_value_counts;   // field id -> NaNs
  std::map<int32_t, std::string> lower_bounds;   // field id -> single-value binary
  std::map<int32_t, std::string> upper_bounds;   // field id -> single-value binary
  std::optional<std::string> key_metadata;       // encryption key metadata
  std::vector<int64_t> split_offsets;            // row group offsets, ascending
  std::vector<int32_t> equality_ids;             // equality deletes: the key field ids
  std::optional<int32_t> sort_order_id;          // the sort order the file is written in

  bool operator==(const DataFile&) const = default;
};

enum class ManifestEntryStatus : int8_t { kExisting = 0, kAdded = 1, kDeleted = 2 };
std::string_view ManifestEntryStatusName(ManifestEntryStatus s);

struct ManifestEntry {
  ManifestEntryStatus status = ManifestEntryStatus::kAdded;  // what the snapshot did
  std::optional<SnapshotId> snapshot_id;        // the snapshot that added or deleted it
  std::optional<SequenceNumber> sequence_number;  // data sequence number (inherited if null)
  std::optional<SequenceNumber> file_sequence_number;  // when the file was added
  DataFile data_file;                           // the file

  bool operator==(const ManifestEntry&) const = default;
};

}  // namespace firn::iceberg
