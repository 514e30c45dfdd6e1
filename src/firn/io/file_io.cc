#include "firn/io/file_io.h"

#include "firn/common/macros.h"

namespace firn::io {

Result<std::string> FileIO::ReadAll(const FilePath& path) {
  FIRN_ASSIGN_OR_RETURN(auto file, OpenInputFile(path));
  FIRN_ASSIGN_OR_RETURN(uint64_t size, file->Size());
  std::string contents(size, '\0');
  FIRN_RETURN_NOT_OK(
      file->ReadAt(0, std::span(reinterpret_cast<uint8_t*>(contents.data()), contents.size())));
  return contents;
}

Status FileIO::WriteAll(const FilePath& path, std::string_view contents, WriteMode mode) {
  FIRN_ASSIGN_OR_RETURN(auto file, NewOutputFile(path, mode));
  FIRN_RETURN_NOT_OK(file->Write(contents));
  return file->Commit();
}

}  // namespace firn::io
