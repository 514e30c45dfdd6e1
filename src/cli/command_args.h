// ParseOrExit: the argument handling every command starts with — parse the flags, answer
// --help, check the number of positional arguments — so that commands read as their logic.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>
#include <span>
#include <string_view>

#include "cli/args.h"
#include "cli/command.h"

namespace firn::cli {

// nullopt when the command should return *exit_code now (help printed or usage error).
std::optional<ParsedArgs> ParseOrExit(const Command& self, std::span<const std::string_view> args,
                                      std::span<const FlagSpec> flags, size_t min_positional,
                                      size_t max_positional, int* exit_code);

// "K=V" pairs of a repeatable flag.
Result<std::map<std::string, std::string>> ParseKeyValues(std::string_view flag,
                                                          const std::vector<std::string_view>& values);

}  // namespace firn::cli
