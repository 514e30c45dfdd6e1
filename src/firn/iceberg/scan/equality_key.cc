#include "firn/iceberg/scan/equality_key.h"

namespace firn::iceberg {

void AppendEqualityKey(const std::vector<KeyColumn>& columns, int64_t row, std::string* out) {
  for (const KeyColumn& c : columns) {
    if (!c.vector->IsValid(row)) {
      out->push_back('\0');
      continue;
    }
    out->push_back('\1');
    const int32_t width = parquet::ValueWidth(*c.node);
    if (width > 0) {
      out->append(reinterpret_cast<const char*>(c.vector->values.data()) + row * width,
                  static_cast<size_t>(width));
    } else {
      // Length-prefixed, so that ("ab", "c") and ("a", "bc") differ.
      std::string_view b = c.vector->BytesAt(row);
      uint64_t n = b.size();
      out->append(reinterpret_cast<const char*>(&n), sizeof(n));
      out->append(b);
    }
  }
}

}  // namespace firn::iceberg
