// firn parquet cat FILE: a Parquet file's rows as JSON lines (row_json.h), read with
// firn's reader one row group at a time.
#include <fmt/format.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <string>

#include "cli/args.h"
#include "cli/command.h"
#include "cli/parquet_file.h"
#include "cli/row_json.h"
#include "firn/common/json_writer.h"
#include "firn/common/macros.h"

namespace firn::cli {
namespace {

constexpr FlagSpec kFlags[] = {{"--limit"}};

Status Cat(const std::string& path, int64_t limit) {
  FIRN_ASSIGN_OR_RETURN(auto reader, OpenParquetFile(path));
  FIRN_ASSIGN_OR_RETURN(parquet::Projection all, reader->Project({}));
  parquet::RecordBatch batch = parquet::MakeBatch(*all.schema);
  int64_t printed = 0;
  std::string out;
  for (int g = 0; g < reader->num_row_groups() && printed < limit; ++g) {
    FIRN_RETURN_NOT_OK(reader->ReadRowGroupInto(g, all, &batch));
    for (int64_t r = 0; r < batch.num_rows && printed < limit; ++r, ++printed) {
      JsonWriter w;
      WriteRowJson(*all.schema, batch, r, &w);
      out += w.str();
      out += '\n';
      if (out.size() >= (1 << 16)) {
        std::fwrite(out.data(), 1, out.size(), stdout);
        out.clear();
      }
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  if (std::fflush(stdout) != 0) return ErrnoError(errno, "writing to stdout");
  return OkStatus();
}

int Run(const Command& self, std::span<const std::string_view> args) {
  auto parsed = ParseArgs(args, kFlags);
  if (!parsed) return UsageError(self, parsed.error());
  if (parsed->Has("--help")) {
    PrintCommandHelp(self);
    return kExitOk;
  }
  int64_t limit = INT64_MAX;
  if (auto v = parsed->Get("--limit")) {
    auto n = ParseCount("--limit", *v);
    if (!n) return UsageError(self, n.error());
    limit = *n;
  }
  if (parsed->positional().size() != 1) {
    return UsageError(self, Error(ErrorKind::kInvalidArgument, parsed->positional().empty()
                                                                   ? "which file? (FILE is missing)"
                                                                   : "expected one FILE"));
  }
  auto s = Cat(std::string(parsed->positional()[0]), limit);
  return s ? kExitOk : Failure(self, s.error());
}

}  // namespace

const Command kParquetCatCommand{
    .name = "parquet cat",
    .synopsis = "firn parquet cat FILE [--limit N]",
    .summary = "print a Parquet file's rows as JSON lines",
    .help =
        "Reads a Parquet file with firn's reader and prints one JSON object per row: structs\n"
        "as objects, lists as arrays, maps as {\"keys\": [...], \"values\": [...]}, and values\n"
        "by logical type as Iceberg's JSON single-value serialization writes them\n"
        "(timestamps as ISO-8601 strings, uuids, decimals as strings, binary as hex).\n"
        "\n"
        "flags:\n"
        "  --limit N    print at most N rows (default: all)\n"
        "  -h, --help   show this help\n",
    .run = Run,
};

}  // namespace firn::cli
