#include "cli/command_args.h"

#include <fmt/format.h>

namespace firn::cli {

std::optional<ParsedArgs> ParseOrExit(const Command& self, std::span<const std::string_view> args,
                                      std::span<const FlagSpec> flags, size_t min_positional,
                                      size_t max_positional, int* exit_code) {
  auto parsed = ParseArgs(args, flags);
  if (!parsed) {
    *exit_code = UsageError(self, parsed.error());
    return std::nullopt;
  }
  if (parsed->Has("--help")) {
    PrintCommandHelp(self);
    *exit_code = kExitOk;
    return std::nullopt;
  }
  const size_t n = parsed->positional().size();
  if (n < min_positional) {
    *exit_code = UsageError(self, Error(ErrorKind::kInvalidArgument, "missing argument"));
    return std::nullopt;
  }
  if (n > max_positional) {
    *exit_code = UsageError(self, Error(ErrorKind::kInvalidArgument,
                                        fmt::format("unexpected argument '{}'", parsed->positional()[max_positional])));
    return std::nullopt;
  }
  return std::move(*parsed);
}

Result<std::map<std::string, std::string>> ParseKeyValues(std::string_view flag,
                                                          const std::vector<std::string_view>& values) {
  std::map<std::string, std::string> out;
  for (std::string_view v : values) {
    const size_t eq = v.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      return InvalidArgument("{} expects KEY=VALUE, got '{}'", flag, v);
    }
    out[std::string(v.substr(0, eq))] = std::string(v.substr(eq + 1));
  }
  return out;
}

}  // namespace firn::cli
