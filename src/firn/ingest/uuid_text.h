// UUIDs as text: the 36-character 8-4-4-4-12 hex form of RFC 9562 and the 16 bytes that
// Iceberg's uuid type stores (Parquet FIXED_LEN_BYTE_ARRAY(16) with the UUID annotation,
// big-endian, i.e. in text order).
//
// Thread-safety: pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "firn/common/result.h"

namespace firn::ingest {

using UuidBytes = std::array<uint8_t, 16>;

// Parses "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", hex digits in either case. Braces, URNs
// and the 32-digit form without dashes are rejected. InvalidArgument quotes the text.
Result<UuidBytes> ParseUuid(std::string_view text);

// Appends the lowercase 8-4-4-4-12 form of 16 bytes. REQUIRES: bytes.size() == 16.
void AppendUuid(std::string_view bytes, std::string* out);

}  // namespace firn::ingest
