// Text forms of the Iceberg values that JSON carries as strings or raw numbers, shared by
// the JSON decoder and encoder: decimals, base64, and range-checked temporal parsing.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "firn/common/result.h"

namespace firn::ingest {

using Int128 = __int128;

// Parses "-12.30", "12.3", "12" (optional '-', digits, optional '.' and digits; no
// exponent, no '+') as an unscaled decimal(precision, scale). Fewer fraction digits than
// `scale` are padded with zeros; more are an error (never rounded), as is a value with
// more than `precision` digits. InvalidArgument says why.
Result<Int128> ParseDecimalText(std::string_view s, int32_t precision, int32_t scale);
// Writes the unscaled value as `width` bytes, big-endian two's complement (the Parquet
// FIXED_LEN_BYTE_ARRAY decimal form), and reads it back (sign-extending).
void StoreBigEndian(Int128 v, int32_t width, uint8_t* dst);
Int128 LoadBigEndian(const uint8_t* src, int32_t width);
// Appends "-12.30": exactly `scale` fraction digits.
void AppendDecimal(Int128 unscaled, int32_t scale, std::string* out);

// Decodes standard base64 (RFC 4648 §4, '=' padding required, no whitespace) and appends
// the bytes to *out. False if the text is not such base64.
bool Base64Decode(std::string_view text, std::string* out);
void AppendBase64(std::string_view bytes, std::string* out);

// Temporal text (iceberg/types/temporal.h forms). Timestamps are "date" 'T' "clock" then,
// exactly when `with_zone`, "Z" or +HH:MM/-HH:MM (converted to UTC); the result must fit
// int64 (InvalidArgument otherwise: years about +-292,000 for micros, 1677..2262 for nanos).
Result<int32_t> ParseDateText(std::string_view s);
Result<int64_t> ParseTimeText(std::string_view s, bool nanos);
Result<int64_t> ParseTimestampText(std::string_view s, bool nanos, bool with_zone);
// Converts a count of epoch milliseconds (`millis`) or microseconds to a timestamp value:
// microseconds, or nanoseconds when `nanos`. nullopt when the result does not fit int64.
std::optional<int64_t> ScaleEpochCount(int64_t count, bool millis, bool nanos);

}  // namespace firn::ingest
