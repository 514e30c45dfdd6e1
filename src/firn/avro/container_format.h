// Constants of the Avro object container file layout (Avro 1.11 specification, "Object
// Container Files"). See README.md for the byte layout.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace firn::avro {

inline constexpr std::array<uint8_t, 4> kMagic = {'O', 'b', 'j', 1};
inline constexpr size_t kSyncSize = 16;
using SyncMarker = std::array<uint8_t, kSyncSize>;

inline constexpr std::string_view kSchemaKey = "avro.schema";
inline constexpr std::string_view kCodecKey = "avro.codec";
// Metadata keys starting with this are reserved for Avro itself.
inline constexpr std::string_view kReservedPrefix = "avro.";

}  // namespace firn::avro
