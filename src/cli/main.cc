// The firn binary: finds the command named by the first argument(s) and runs it. Commands
// live one per file (command.h); this file holds only dispatch and the top-level help.
#include <fmt/format.h>

#include <cstdio>
#include <span>
#include <string_view>
#include <vector>

#include "cli/command.h"

namespace firn::cli {
namespace {

void PrintHelp(std::FILE* out) {
  fmt::print(out,
             "firn {}: streams events into Apache Iceberg tables.\n"
             "Early days: Kafka ingest, Iceberg commits and maintenance are not implemented yet\n"
             "(see README.md, \"Status\").\n\n"
             "usage: firn <command> [flags]\n\ncommands:\n",
             FirnVersion());
  for (const Command* c : AllCommands()) fmt::print(out, "  {:<17} {}\n", c->name, c->summary);
  fmt::print(out, "  {:<17} {}\n", "help [COMMAND]", "show this help, or a command's");
  fmt::print(out, "\nRun 'firn <command> --help' for a command's flags.\n");
}

// The command whose name matches the start of `args` ("run", or "parquet inspect"), and
// how many arguments its name took.
const Command* Lookup(std::span<const std::string_view> args, size_t* words) {
  for (const Command* c : AllCommands()) {
    std::string_view name = c->name;
    size_t i = 0;
    while (i < args.size() && !name.empty()) {
      const size_t sp = name.find(' ');
      const std::string_view word = name.substr(0, sp);
      if (args[i] != word) break;
      ++i;
      name = sp == std::string_view::npos ? std::string_view() : name.substr(sp + 1);
    }
    if (name.empty()) {
      *words = i;
      return c;
    }
  }
  return nullptr;
}

// Commands that start with `group ` ("parquet inspect" for "parquet"), for the help of a
// command group.
std::vector<const Command*> Group(std::string_view group) {
  std::vector<const Command*> out;
  for (const Command* c : AllCommands()) {
    if (c->name.starts_with(group) && c->name.size() > group.size() &&
        c->name[group.size()] == ' ') {
      out.push_back(c);
    }
  }
  return out;
}

int Main(std::span<const std::string_view> args) {
  if (args.empty()) {
    PrintHelp(stderr);
    return kExitUsage;
  }
  if (args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    if (args.size() == 1) {
      PrintHelp(stdout);
      return kExitOk;
    }
    args = args.subspan(1);  // `firn help run` is `firn run --help`
    size_t words = 0;
    const Command* c = Lookup(args, &words);
    if (c == nullptr || words != args.size()) {
      if (auto group = Group(args[0]); args.size() == 1 && !group.empty()) {
        for (const Command* g : group) fmt::print("usage: {}\n", g->synopsis);
        return kExitOk;
      }
      fmt::print(stderr, "firn help: unknown command '{}'. Run 'firn help' for the list.\n",
                 fmt::join(args, " "));
      return kExitUsage;
    }
    PrintCommandHelp(*c);
    return kExitOk;
  }
  if (args[0] == "--version") return kVersionCommand.run(kVersionCommand, args.subspan(1));
  size_t words = 0;
  const Command* c = Lookup(args, &words);
  if (c == nullptr) {
    if (auto group = Group(args[0]); !group.empty()) {
      // A command group without a (known) subcommand: list its commands.
      const bool asked = args.size() == 2 && (args[1] == "--help" || args[1] == "-h");
      std::FILE* out = asked ? stdout : stderr;
      if (args.size() == 1)
        fmt::print(out, "firn {}: missing subcommand\n", args[0]);
      else if (!asked)
        fmt::print(out, "firn {}: unknown subcommand '{}'\n", args[0], args[1]);
      for (const Command* g : group) fmt::print(out, "usage: {}\n", g->synopsis);
      return asked ? kExitOk : kExitUsage;
    }
    fmt::print(stderr, "firn: unknown command '{}'. Run 'firn help' for the list of commands.\n",
               args[0]);
    return kExitUsage;
  }
  return c->run(*c, args.subspan(words));
}

}  // namespace
}  // namespace firn::cli

int main(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  return firn::cli::Main(args);
}
