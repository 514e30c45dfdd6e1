// Repetition and definition levels of data pages, RLE/bit-packing hybrid encoded at
// bit width BitWidth(max_level) (Encodings.md, "Run Length Encoding / Bit-Packing Hybrid",
// table "Prepend length?"): data page v1 prefixes the runs with their length as 4 bytes
// little endian, data page v2 does not (the lengths are in the page header).
//
// A column whose max level is 0 has no level section; the functions below then write
// nothing and decode zeros from nothing.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "firn/common/buffer.h"
#include "firn/common/result.h"

namespace firn::parquet {

// Bit width of the levels of a column with this max level.
int LevelBitWidth(int16_t max_level);

// Appends <uint32 LE length> <runs>. REQUIRES: 0 <= levels[i] <= max_level.
void EncodeLevelsV1(std::span<const int16_t> levels, int16_t max_level, Buffer* out);
// Appends <runs>; the caller records its length in the DataPageHeaderV2.
void EncodeLevelsV2(std::span<const int16_t> levels, int16_t max_level, Buffer* out);

// Decodes n levels from the start of a v1 page body into out[0..n) and returns the bytes
// consumed (4 + the prefixed length). Corrupt if the section is short or a level exceeds
// max_level.
Result<size_t> DecodeLevelsV1(std::span<const uint8_t> in, int16_t max_level, size_t n,
                              int16_t* out);
// Decodes n levels from `in`, the whole v2 level section.
Status DecodeLevelsV2(std::span<const uint8_t> in, int16_t max_level, size_t n, int16_t* out);

// Splits off a section prefixed by its length as 4 bytes little endian (v1 levels, RLE
// booleans): returns the section, without the prefix. Consumed bytes: 4 + its size().
Result<std::span<const uint8_t>> ReadLengthPrefixed(std::span<const uint8_t> in, const char* what);

}  // namespace firn::parquet
