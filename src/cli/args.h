// A small command-line parser for firn's commands: flags with values ("--events 1000",
// "--events=1000", "-c file"), boolean flags ("--help"), and positional arguments. An
// unknown flag, a missing value or a flag given twice is an InvalidArgument error that
// the command reports as a usage error (exit 2). "--" ends the flags.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "firn/common/result.h"

namespace firn::cli {

struct FlagSpec {
  std::string_view name;             // "--events"
  std::string_view short_name = {};  // "-c", or empty
  bool takes_value = true;           // false: a boolean flag
  bool repeatable = false;           // may be given several times (--property K=V ...)
};

class ParsedArgs {
 public:
  // Whether `name` (a spec's long name) was given.
  bool Has(std::string_view name) const;
  // The value of flag `name`, if given.
  std::optional<std::string_view> Get(std::string_view name) const;
  // Every value of a repeatable flag, in order.
  std::vector<std::string_view> GetAll(std::string_view name) const;
  const std::vector<std::string_view>& positional() const { return positional_; }

 private:
  friend Result<ParsedArgs> ParseArgs(std::span<const std::string_view>, std::span<const FlagSpec>);
  std::vector<std::pair<std::string_view, std::string_view>> flags_;  // long name, value
  std::vector<std::string_view> positional_;
};

// "--help" and "-h" are always accepted, as boolean flag "--help".
Result<ParsedArgs> ParseArgs(std::span<const std::string_view> args,
                             std::span<const FlagSpec> specs);

// A non-negative integer with optional digit separators "_" or ",": "2000000", "2_000_000".
Result<int64_t> ParseCount(std::string_view flag, std::string_view value);
// A positive byte size: "134217728", or with a binary suffix "128MiB", "128M", "64KiB",
// "1GiB", or "B".
Result<int64_t> ParseByteSize(std::string_view flag, std::string_view value);

}  // namespace firn::cli
