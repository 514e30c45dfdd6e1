#include "cli/command.h"

#include <fmt/format.h>

#include <cstdio>

namespace firn::cli {

std::span<const Command* const> AllCommands() {
  static const Command* const kAll[] = {
      &kRunCommand,           &kNamespaceCreateCommand, &kNamespaceListCommand, &kNamespaceDropCommand,
      &kTableCreateCommand,   &kTableListCommand,       &kTableDescribeCommand, &kTableAppendCommand,
      &kTableDropCommand,     &kTableRenameCommand,     &kTableRegisterCommand, &kTableSortOrderCommand,
      &kSchemaCommand,
      &kScanCommand,          &kInspectCommand,         &kHealthCommand,         &kMaintainCommand,
      &kKafkaMockCommand,
      &kParquetInspectCommand, &kParquetCatCommand,     &kVersionCommand};
  return kAll;
}

void PrintCommandHelp(const Command& command) {
  fmt::print("usage: {}\n\n{}", command.synopsis, command.help);
  std::fflush(stdout);
}

int UsageError(const Command& command, const Error& error) {
  fmt::print(stderr, "firn {}: {}\nusage: {}\nRun 'firn {} --help' for details.\n", command.name,
             error.message(), command.synopsis, command.name);
  return kExitUsage;
}

int Failure(const Command& command, const Error& error) {
  fmt::print(stderr, "firn {}: error: {}\n", command.name, error.ToString());
  return kExitFailure;
}

}  // namespace firn::cli
