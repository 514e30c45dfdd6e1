#include "firn/io/memory_input_file.h"

#include <cstring>

namespace firn::io {

Status MemoryInputFile::ReadAt(uint64_t offset, std::span<uint8_t> dest) const {
  const uint64_t size = data_->size();
  if (offset > size || dest.size() > size - offset) {
    return OutOfRange("read {} bytes at offset {} of {}: past the end of the file ({} bytes)",
                      dest.size(), offset, path_.value(), size);
  }
  if (!dest.empty()) std::memcpy(dest.data(), data_->data() + offset, dest.size());
  return OkStatus();
}

}  // namespace firn::io
