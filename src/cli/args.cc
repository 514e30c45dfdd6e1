#include "cli/args.h"

#include <algorithm>
#include <charconv>
#include <limits>

namespace firn::cli {
namespace {

constexpr FlagSpec kHelp{"--help", "-h", false};

const FlagSpec* Find(std::span<const FlagSpec> specs, std::string_view name) {
  if (name == kHelp.name || name == kHelp.short_name) return &kHelp;
  for (const auto& s : specs) {
    if (name == s.name || (!s.short_name.empty() && name == s.short_name)) return &s;
  }
  return nullptr;
}

}  // namespace

bool ParsedArgs::Has(std::string_view name) const { return Get(name).has_value(); }

std::optional<std::string_view> ParsedArgs::Get(std::string_view name) const {
  for (const auto& [n, v] : flags_) {
    if (n == name) return v;
  }
  return std::nullopt;
}

std::vector<std::string_view> ParsedArgs::GetAll(std::string_view name) const {
  std::vector<std::string_view> out;
  for (const auto& [n, v] : flags_) {
    if (n == name) out.push_back(v);
  }
  return out;
}

Result<ParsedArgs> ParseArgs(std::span<const std::string_view> args,
                             std::span<const FlagSpec> specs) {
  ParsedArgs out;
  bool flags_done = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string_view a = args[i];
    if (flags_done || a.size() < 2 || a[0] != '-') {
      out.positional_.push_back(a);
      continue;
    }
    if (a == "--") {
      flags_done = true;
      continue;
    }
    std::string_view name = a;
    std::optional<std::string_view> value;
    if (const size_t eq = a.find('='); a.starts_with("--") && eq != std::string_view::npos) {
      name = a.substr(0, eq);
      value = a.substr(eq + 1);
    }
    const FlagSpec* spec = Find(specs, name);
    if (spec == nullptr) return InvalidArgument("unknown flag '{}'", name);
    if (!spec->repeatable && out.Has(spec->name)) return InvalidArgument("flag {} given more than once", spec->name);
    if (!spec->takes_value) {
      if (value) return InvalidArgument("flag {} takes no value", spec->name);
      value = "";
    } else if (!value) {
      if (i + 1 >= args.size()) return InvalidArgument("flag {} needs a value", spec->name);
      value = args[++i];
    }
    out.flags_.emplace_back(spec->name, *value);
  }
  return out;
}

Result<int64_t> ParseCount(std::string_view flag, std::string_view value) {
  std::string digits;
  for (char c : value) {
    if (c != '_' && c != ',') digits.push_back(c);
  }
  int64_t n = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || n < 0) {
    return InvalidArgument("{} expects a non-negative integer, got '{}'", flag, value);
  }
  return n;
}

Result<int64_t> ParseByteSize(std::string_view flag, std::string_view value) {
  const auto bad = [&] {
    return InvalidArgument(
        "{} expects a positive size in bytes (e.g. 134217728 or 128MiB), got '{}'", flag, value);
  };
  size_t digits_end = 0;
  while (digits_end < value.size() && value[digits_end] >= '0' && value[digits_end] <= '9') {
    ++digits_end;
  }
  int64_t n = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + digits_end, n);
  if (digits_end == 0 || ec != std::errc()) return bad();
  (void)end;
  const std::string_view suffix = value.substr(digits_end);
  int shift = 0;
  if (suffix.empty() || suffix == "B")
    shift = 0;
  else if (suffix == "K" || suffix == "KiB")
    shift = 10;
  else if (suffix == "M" || suffix == "MiB")
    shift = 20;
  else if (suffix == "G" || suffix == "GiB")
    shift = 30;
  else
    return bad();
  if (n <= 0 || n > (std::numeric_limits<int64_t>::max() >> shift)) return bad();
  return n << shift;
}

}  // namespace firn::cli
