// Opening a local Parquet file for the `firn parquet` commands.
#pragma once

#include <memory>
#include <string>

#include "firn/common/result.h"
#include "firn/parquet/reader/file_reader.h"

namespace firn::cli {

// Opens `path` (a local path or file:// URI) and reads its footer. Errors name the file.
Result<std::unique_ptr<parquet::FileReader>> OpenParquetFile(const std::string& path);

}  // namespace firn::cli
