// firn table append NS.TABLE FILE.ndjson|-: newline-delimited JSON into the table in one
// commit. Rows are decoded straight into columns (ingest/json), split into hidden
// partitions and written as Parquet files rolled at write.target-file-size-bytes
// (iceberg/data/partitioned_writer.h), then committed as one append snapshot. A record
// that does not fit the schema stops the command before anything is committed, and the
// files written so far are removed.
#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "cli/catalog_flags.h"
#include "cli/command_args.h"
#include "cli/number_text.h"
#include "firn/catalog/catalog_table_operations.h"
#include "firn/common/macros.h"
#include "firn/iceberg/commit/snapshot_update.h"
#include "firn/iceberg/data/partitioned_writer.h"
#include "firn/ingest/json/json_record_decoder.h"

namespace firn::cli {
namespace {

constexpr int64_t kBatchRows = 64 * 1024;
constexpr size_t kReadChunk = 8 << 20;

struct AppendResult {
  int64_t rows = 0;
  std::vector<iceberg::DataFile> files;
};

// A progress bar on stderr when it is a terminal: bytes read of the file's size, rows and
// rows/s, redrawn at most 10 times a second.
class AppendProgress {
 public:
  explicit AppendProgress(int fd) : tty_(::isatty(STDERR_FILENO) == 1) {
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) total_ = st.st_size;
  }
  void Update(int64_t bytes, int64_t rows) {
    if (!tty_) return;
    const auto now = Clock::now();
    if (now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    drawn_ = true;
    const double secs = std::chrono::duration<double>(now - start_).count();
    const double rate = secs > 0 ? static_cast<double>(rows) / secs : 0;
    if (total_ > 0) {
      const double f = std::min(1.0, static_cast<double>(bytes) / static_cast<double>(total_));
      const int filled = static_cast<int>(f * 30);
      fmt::print(stderr, "\r\033[K  [{}{}] {:3.0f}%  {} of {}, {} rows, {:.0f} rows/s", std::string(filled, '#'),
                 std::string(30 - filled, '.'), f * 100, HumanBytes(bytes), HumanBytes(total_), Grouped(rows), rate);
    } else {
      fmt::print(stderr, "\r\033[K  {} read, {} rows, {:.0f} rows/s", HumanBytes(bytes), Grouped(rows), rate);
    }
    std::fflush(stderr);
  }
  ~AppendProgress() { Clear(); }
  void Clear() {
    if (tty_ && drawn_) fmt::print(stderr, "\r\033[K");
    drawn_ = false;
  }

 private:
  using Clock = std::chrono::steady_clock;
  bool tty_;
  bool drawn_ = false;
  int64_t total_ = -1;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_{};
};

// Reads `fd` in chunks, decodes complete lines, and writes full batches.
Result<AppendResult> DecodeAndWrite(int fd, ingest::JsonRecordDecoder& decoder,
                                    iceberg::PartitionedWriter& writer) {
  AppendResult out;
  AppendProgress progress(fd);
  int64_t bytes_read = 0;
  parquet::RecordBatch batch = decoder.MakeBatch();
  std::string buf;
  size_t pos = 0;
  bool eof = false;
  while (true) {
    if (!eof && buf.size() - pos < kReadChunk / 2) {
      buf.erase(0, pos);
      pos = 0;
      const size_t old = buf.size();
      buf.resize(old + kReadChunk);
      ssize_t n;
      do {
        n = ::read(fd, buf.data() + old, kReadChunk);
      } while (n < 0 && errno == EINTR);
      if (n < 0) return ErrnoError(errno, "reading the input");
      buf.resize(old + static_cast<size_t>(n));
      eof = n == 0;
      bytes_read += n;
    }
    FIRN_ASSIGN_OR_RETURN(size_t used, decoder.AppendLines(std::string_view(buf).substr(pos), eof,
                                                           kBatchRows, &batch));
    pos += used;
    const bool done = eof && pos >= buf.size();
    if (batch.num_rows >= kBatchRows || (done && batch.num_rows > 0)) {
      FIRN_RETURN_NOT_OK(writer.Write(batch));
      out.rows += batch.num_rows;
      batch.Clear();
      progress.Update(bytes_read, out.rows);
    }
    if (done) break;
    if (used == 0 && eof) return InvalidArgument("line {}: incomplete input", decoder.lines() + 1);
  }
  progress.Clear();
  FIRN_ASSIGN_OR_RETURN(out.files, writer.Finish());
  return out;
}

int RunAppend(const Command& self, std::span<const std::string_view> args) {
  int code = 0;
  auto flags = WithCatalogFlags({});
  auto p = ParseOrExit(self, args, flags, 2, 2, &code);
  if (!p) return code;
  auto ident = ParseTableArg(p->positional()[0]);
  if (!ident) return UsageError(self, ident.error());
  const std::string input(p->positional()[1]);
  auto c = OpenCatalogFromFlags(*p);
  if (!c) return Failure(self, c.error());
  catalog::CatalogTableOperations ops(*c->catalog, *c->io, *ident);
  auto state = ops.Refresh();
  if (!state) return Failure(self, state.error());
  const iceberg::TableMetadata& m = *state->metadata;
  const iceberg::Schema& schema = m.CurrentSchema();
  const iceberg::PartitionSpec& spec = m.DefaultSpec();

  auto decoder = ingest::JsonRecordDecoder::Make(schema);
  if (!decoder) return Failure(self, decoder.error());
  auto options = iceberg::DataWriterOptionsFromTable(m, *(*decoder)->schema());
  if (!options) return Failure(self, options.error());
  auto writer = iceberg::PartitionedWriter::Make(*c->io, schema, spec, *options);
  if (!writer) return Failure(self, writer.error());

  int fd = 0;
  if (input != "-") {
    fd = ::open(input.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Failure(self, ErrnoError(errno, "opening " + input).error());
  }
  const auto start = std::chrono::steady_clock::now();
  auto result = DecodeAndWrite(fd, **decoder, **writer);
  if (fd != 0) ::close(fd);
  if (!result) {
    (*writer)->Abandon();
    return Failure(self, std::move(result.error()).WithContext(input == "-" ? "stdin" : input));
  }
  if (result->rows == 0) {
    fmt::print("no rows in {}: nothing committed\n", input == "-" ? "stdin" : input);
    return kExitOk;
  }
  std::vector<std::string> paths;
  for (const auto& f : result->files) paths.push_back(f.file_path);
  int64_t bytes = 0;
  for (const auto& f : result->files) bytes += f.file_size_in_bytes;
  const size_t nfiles = result->files.size();
  auto committed = iceberg::AppendFiles(ops, std::move(result->files));
  if (!committed) {
    for (const std::string& path : paths) (void)c->io->Delete(FilePath(path));
    return Failure(self, committed.error());
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fmt::print("appended {} rows to {} in {} file{} ({} bytes), snapshot {}, {:.2f} s\n", result->rows,
             ident->ToString(), nfiles, nfiles == 1 ? "" : "s", bytes,
             committed->metadata->current_snapshot_id->value(), secs);
  return kExitOk;
}

}  // namespace

const Command kTableAppendCommand{
    .name = "table append",
    .synopsis = "firn table append NS.TABLE FILE.ndjson|- [catalog flags]",
    .summary = "append newline-delimited JSON in one commit",
    .help = "Appends the records of FILE (or stdin for '-') as one snapshot. Records are JSON objects,\n"
            "one per line, mapped to the table schema: timestamps and dates as ISO-8601 strings,\n"
            "decimals as numbers or strings, binary and fixed as base64, uuids as strings, objects and\n"
            "arrays as structs, lists and maps. Rows go to their hidden partitions; files roll at\n"
            "write.target-file-size-bytes.\n\n"
            "A record that does not fit stops the command with the line and field named, and nothing\n"
            "is committed.\n\n" FIRN_CATALOG_FLAGS_HELP,
    .run = RunAppend,
};

}  // namespace firn::cli
