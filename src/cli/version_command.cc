// firn version: the version and how this binary was built.
#include <fmt/format.h>

#include "cli/args.h"
#include "cli/command.h"

namespace firn::cli {
namespace {

int RunVersion(const Command& self, std::span<const std::string_view> args) {
  auto parsed = ParseArgs(args, {});
  if (!parsed) return UsageError(self, parsed.error());
  if (parsed->Has("--help")) {
    PrintCommandHelp(self);
    return kExitOk;
  }
  if (!parsed->positional().empty()) {
    return UsageError(self,
                      Error(ErrorKind::kInvalidArgument,
                            fmt::format("unexpected argument '{}'", parsed->positional()[0])));
  }
  fmt::print("firn {}\n", FirnVersion());
  fmt::print("built with {} {}.{}.{}, {}, build type {}\n",
#if defined(__clang__)
             "clang", __clang_major__, __clang_minor__, __clang_patchlevel__,
#else
             "g++", __GNUC__, __GNUC_MINOR__, __GNUC_PATCHLEVEL__,
#endif
             __cplusplus > 202002L ? "C++23" : "C++20", FIRN_BUILD_TYPE);
  return kExitOk;
}

}  // namespace

std::string_view FirnVersion() { return FIRN_VERSION; }

const Command kVersionCommand{
    .name = "version",
    .synopsis = "firn version",
    .summary = "print firn's version and build",
    .help = "Prints the version of firn and the compiler and build type it was built with.\n",
    .run = RunVersion,
};

}  // namespace firn::cli
