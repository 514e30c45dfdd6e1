#include "firn/iceberg/manifest/data_file.h"

#include <cctype>
#include <string>

namespace firn::iceberg {

std::string_view DataFileContentName(DataFileContent c) {
  switch (c) {
    case DataFileContent::kData:
      return "DATA";
    case DataFileContent::kPositionDeletes:
      return "POSITION_DELETES";
    case DataFileContent::kEqualityDeletes:
      return "EQUALITY_DELETES";
  }
  return "?";
}

std::string_view FileFormatName(FileFormat f) {
  switch (f) {
    case FileFormat::kParquet:
      return "PARQUET";
    case FileFormat::kAvro:
      return "AVRO";
    case FileFormat::kOrc:
      return "ORC";
  }
  return "?";
}

Result<FileFormat> ParseFileFormat(std::string_view s) {
  std::string upper;
  for (char c : s) upper.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  if (upper == "PARQUET") return FileFormat::kParquet;
  if (upper == "AVRO") return FileFormat::kAvro;
  if (upper == "ORC") return FileFormat::kOrc;
  return InvalidArgument("unknown file format '{}' (expected PARQUET, AVRO or ORC)", s);
}

std::string_view ManifestEntryStatusName(ManifestEntryStatus s) {
  switch (s) {
    case ManifestEntryStatus::kExisting:
      return "EXISTING";
    case ManifestEntryStatus::kAdded:
      return "ADDED";
    case ManifestEntryStatus::kDeleted:
      return "DELETED";
  }
  return "?";
}

}  // namespace firn::iceberg
