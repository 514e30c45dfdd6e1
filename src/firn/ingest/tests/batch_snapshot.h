// A deep copy of a RecordBatch's observable state (every vector, nested children
// included), for the decoder tests that check a failed line leaves the batch as it was.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "firn/parquet/batch/column_vector.h"

namespace firn::ingest::testing {

struct VectorSnapshot {
  int64_t length;
  std::string validity, values, offsets;
  std::vector<VectorSnapshot> children;
  bool operator==(const VectorSnapshot&) const = default;
};

inline VectorSnapshot Snap(const parquet::ColumnVector& v) {
  VectorSnapshot s{v.length, std::string(v.validity.view()), std::string(v.values.view()),
                   std::string(v.offsets.view()), {}};
  // A validity of all 1s means the same as none.
  if (s.validity.find('\0') == std::string::npos) s.validity.clear();
  for (const auto& c : v.children) s.children.push_back(Snap(c));
  return s;
}

inline std::vector<VectorSnapshot> Snap(const parquet::RecordBatch& b) {
  std::vector<VectorSnapshot> out;
  for (const auto& c : b.columns) out.push_back(Snap(c));
  return out;
}

}  // namespace firn::ingest::testing
