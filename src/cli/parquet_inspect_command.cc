// firn parquet inspect FILE: a Parquet file's schema, row groups, column chunks and
// statistics, from its footer (inspect_report.h).
#include <fmt/format.h>

#include <cstdio>
#include <string>

#include "cli/args.h"
#include "cli/command.h"
#include "cli/inspect_report.h"
#include "cli/parquet_file.h"
#include "firn/common/macros.h"

namespace firn::cli {
namespace {

constexpr FlagSpec kFlags[] = {{"--format"}};

Result<std::string> Inspect(const std::string& path, bool json) {
  FIRN_ASSIGN_OR_RETURN(auto reader, OpenParquetFile(path));
  FIRN_ASSIGN_OR_RETURN(InspectReport report, BuildInspectReport(path, *reader));
  return json ? InspectJson(report) : InspectText(report);
}

int Run(const Command& self, std::span<const std::string_view> args) {
  auto parsed = ParseArgs(args, kFlags);
  if (!parsed) return UsageError(self, parsed.error());
  if (parsed->Has("--help")) {
    PrintCommandHelp(self);
    return kExitOk;
  }
  const std::string_view format = parsed->Get("--format").value_or("text");
  if (format != "text" && format != "json") {
    return UsageError(self, Error(ErrorKind::kInvalidArgument,
                                  fmt::format("--format is text or json, not '{}'", format)));
  }
  if (parsed->positional().size() != 1) {
    return UsageError(self, Error(ErrorKind::kInvalidArgument, parsed->positional().empty()
                                                                   ? "which file? (FILE is missing)"
                                                                   : "expected one FILE"));
  }
  auto out = Inspect(std::string(parsed->positional()[0]), format == "json");
  if (!out) return Failure(self, out.error());
  std::fwrite(out->data(), 1, out->size(), stdout);
  return kExitOk;
}

}  // namespace

const Command kParquetInspectCommand{
    .name = "parquet inspect",
    .synopsis = "firn parquet inspect FILE [--format text|json]",
    .summary = "show a Parquet file's schema, row groups, encodings and statistics",
    .help =
        "Reads the footer of a Parquet file (no data pages) and prints:\n"
        "  - the file: size, created_by, rows, row groups, key/value metadata;\n"
        "  - the schema tree in Parquet's message notation: repetition, physical type, name,\n"
        "    field id, logical type;\n"
        "  - per row group and column chunk: codec, encodings, compressed and uncompressed\n"
        "    bytes, values, null count, and min/max rendered by logical type (timestamps as\n"
        "    ISO-8601, uuids, decimals, strings; binary as hex). Only bounds a reader may\n"
        "    trust are shown (e.g. not the legacy signed-order min/max of strings).\n"
        "\n"
        "flags:\n"
        "  --format text|json   text for people (long values shortened; default), or one\n"
        "                       JSON object with every value in full\n"
        "  -h, --help           show this help\n",
    .run = Run,
};

}  // namespace firn::cli
