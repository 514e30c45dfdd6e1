// Numbers as the health report and its recommendations print them. Binary byte units
// (as `firn inspect` and `firn parquet inspect` print sizes), durations in the largest
// unit that keeps them readable.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace firn::observe {

// 8640 -> "8,640"; -1234 -> "-1,234".
std::string FormatCount(int64_t n);

// 201326592 -> "192 MiB"; 1610612736 -> "1.5 GiB"; 512 -> "512 B". One decimal, dropped
// when it is zero.
std::string FormatBytes(int64_t bytes);

// 850 -> "850 ms"; 14200 -> "14.2 s"; 10000 -> "10 s"; 312000 -> "5.2 min";
// 11160000 -> "3.1 h"; from 48 h on, days: "7 d". Negative durations get a "-".
std::string FormatDuration(int64_t ms);

// FormatCount and the noun, plural unless n is 1: "1 commit", "8,640 snapshots".
std::string FormatCountOf(int64_t n, std::string_view noun);

// A share of a whole: 0.957 -> "96%"; (0, 0.005) -> "<1%"; 0 -> "0%".
std::string FormatPercent(double share);

}  // namespace firn::observe
