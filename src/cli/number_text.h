// Numbers for people: digit grouping and binary byte sizes, as the commands print them.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>

namespace firn::cli {

// 2000000 -> "2,000,000"; -1234 -> "-1,234".
std::string Grouped(int64_t n);

// 84123456 -> "80.2 MiB"; 512 -> "512 B"; binary units up to TiB, one decimal.
std::string HumanBytes(int64_t bytes);

}  // namespace firn::cli
