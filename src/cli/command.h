// The commands of the firn binary and what they share: exit codes, and how usage errors
// and failures are reported. One command per file; main.cc dispatches.
//
//   exit 0  success
//   exit 1  the command failed (the error is printed: "firn run: error: ...")
//   exit 2  the command line was wrong (unknown command or flag, bad value)
//
// Thread-safety: commands run on the main thread.
#pragma once

#include <span>
#include <string_view>

#include "firn/common/result.h"

namespace firn::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

struct Command {
  std::string_view name;      // as typed: "run", "parquet inspect"
  std::string_view synopsis;  // "firn run [-c pipeline.toml] [--events N] ..."
  std::string_view summary;   // one line for `firn help`
  std::string_view help;      // the rest of `firn <name> --help`, after the synopsis
  // Runs with the arguments after the name; returns the exit code.
  int (*run)(const Command& self, std::span<const std::string_view> args);
};

// "0.1.0": the project version CMake was configured with.
std::string_view FirnVersion();

// Every command, in the order `firn help` lists them.
std::span<const Command* const> AllCommands();

// Prints "usage: <synopsis>\n\n<help>" to stdout.
void PrintCommandHelp(const Command& command);

// Prints "firn <name>: <message>" and a pointer to --help to stderr; returns kExitUsage.
int UsageError(const Command& command, const Error& error);
// Prints "firn <name>: error: <message>" to stderr; returns kExitFailure.
int Failure(const Command& command, const Error& error);

// The commands, each defined in its own file.
extern const Command kVersionCommand;
extern const Command kRunCommand;
extern const Command kKafkaMockCommand;
extern const Command kParquetInspectCommand;
extern const Command kParquetCatCommand;
extern const Command kNamespaceCreateCommand;
extern const Command kNamespaceListCommand;
extern const Command kNamespaceDropCommand;
extern const Command kTableCreateCommand;
extern const Command kTableListCommand;
extern const Command kTableDescribeCommand;
extern const Command kTableAppendCommand;
extern const Command kTableDropCommand;
extern const Command kTableRenameCommand;
extern const Command kTableRegisterCommand;
extern const Command kTableSortOrderCommand;
extern const Command kInspectCommand;
extern const Command kHealthCommand;
extern const Command kSchemaCommand;
extern const Command kScanCommand;
extern const Command kMaintainCommand;

}  // namespace firn::cli
