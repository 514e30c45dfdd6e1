#include "cli/parquet_file.h"

#include "firn/common/macros.h"
#include "firn/io/local_file_io.h"

namespace firn::cli {

Result<std::unique_ptr<parquet::FileReader>> OpenParquetFile(const std::string& path) {
  io::LocalFileIO io;
  FIRN_ASSIGN_OR_RETURN(auto file, io.OpenInputFile(FilePath(path)));
  return parquet::FileReader::Open(std::move(file));
}

}  // namespace firn::cli
