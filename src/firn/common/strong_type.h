// Strong types for ids and positions (conventions §6): a FieldId cannot be passed where a
// SnapshotId is expected, and neither mixes silently with a plain integer.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>

namespace firn {

template <typename T, typename Tag>
class StrongType {
 public:
  using ValueType = T;

  constexpr StrongType() = default;
  constexpr explicit StrongType(T value) : value_(std::move(value)) {}

  constexpr const T& value() const { return value_; }
  constexpr T& value() { return value_; }

  constexpr auto operator<=>(const StrongType&) const = default;
  constexpr bool operator==(const StrongType&) const = default;

 private:
  T value_{};
};

using FieldId = StrongType<int32_t, struct FieldIdTag>;            // Iceberg field id
using SnapshotId = StrongType<int64_t, struct SnapshotIdTag>;      // Iceberg snapshot id
using SequenceNumber = StrongType<int64_t, struct SeqNumTag>;      // Iceberg data sequence number
using KafkaPartition = StrongType<int32_t, struct KafkaPartitionTag>;
using KafkaOffset = StrongType<int64_t, struct KafkaOffsetTag>;
using FilePath = StrongType<std::string, struct FilePathTag>;       // a path or URI in a FileIO

}  // namespace firn

template <typename T, typename Tag>
struct std::hash<firn::StrongType<T, Tag>> {
  size_t operator()(const firn::StrongType<T, Tag>& v) const noexcept {
    return std::hash<T>{}(v.value());
  }
};
