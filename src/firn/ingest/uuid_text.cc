#include "firn/ingest/uuid_text.h"

#include <cassert>

namespace firn::ingest {
namespace {

// Hex digit values, 0xff for other bytes: a table keeps the parse free of branches on the
// (random) digits, which mispredict on every other character otherwise.
constexpr std::array<uint8_t, 256> kHexValue = [] {
  std::array<uint8_t, 256> t{};
  t.fill(0xff);
  for (int c = '0'; c <= '9'; ++c) t[c] = static_cast<uint8_t>(c - '0');
  for (int c = 'a'; c <= 'f'; ++c) t[c] = static_cast<uint8_t>(c - 'a' + 10);
  for (int c = 'A'; c <= 'F'; ++c) t[c] = static_cast<uint8_t>(c - 'A' + 10);
  return t;
}();

// Offsets of the 16 byte pairs in the 36-character form.
constexpr size_t kPairAt[16] = {0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34};

}  // namespace

Result<UuidBytes> ParseUuid(std::string_view s) {
  UuidBytes out{};
  if (s.size() != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-') {
    return InvalidArgument("'{}' is not a UUID: expected the form 8-4-4-4-12", s);
  }
  uint8_t bad = 0;  // high bit set if any character was not a hex digit
  for (size_t i = 0; i < 16; ++i) {
    const uint8_t hi = kHexValue[static_cast<uint8_t>(s[kPairAt[i]])];
    const uint8_t lo = kHexValue[static_cast<uint8_t>(s[kPairAt[i] + 1])];
    bad |= hi | lo;
    out[i] = static_cast<uint8_t>(hi << 4 | (lo & 0x0f));
  }
  if (bad & 0x80) return InvalidArgument("'{}' is not a UUID: a character is not a hex digit", s);
  return out;
}

void AppendUuid(std::string_view bytes, std::string* out) {
  assert(bytes.size() == 16);
  static constexpr char kHex[] = "0123456789abcdef";
  for (size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out->push_back('-');
    const auto b = static_cast<uint8_t>(bytes[i]);
    out->push_back(kHex[b >> 4]);
    out->push_back(kHex[b & 15]);
  }
}

}  // namespace firn::ingest
