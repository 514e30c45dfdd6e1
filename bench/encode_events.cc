// encode_events: the firn side of the encoder benchmark (bench/README.md).
//
//   encode_events --in events.ndjson [--out out.parquet] [--codec zstd] [--level N] [--runs 3]
//
// Decodes the NDJSON into column vectors with the standard event decoder (not timed),
// then times encoding them to one Parquet file on one thread, best of --runs. Prints one
// JSON line: rows, seconds, rows_per_s, input_mb_per_s (NDJSON bytes / s, to compare with
// the DuckDB side), output_bytes, peak_rss_mb.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "firn/common/buffer.h"
#include "firn/common/macros.h"
#include "firn/ingest/sample/standard_event_decoder.h"
#include "firn/ingest/sample/standard_events.h"
#include "firn/io/local_file_io.h"
#include "firn/parquet/writer/file_writer.h"

using namespace firn;

namespace {

// The whole file in one buffer, with read(2) (see shared/notes: faster than streams or
// mmap here).
Status ReadFile(const std::string& path, Buffer* out) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoError(errno, "open " + path);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    return ErrnoError(err, "stat " + path);
  }
  out->Resize(static_cast<size_t>(st.st_size));
  size_t got = 0;
  while (got < out->size()) {
    const ssize_t n = ::read(fd, out->data() + got, out->size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = n < 0 ? errno : EIO;
      ::close(fd);
      return ErrnoError(err, "read " + path);
    }
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  return OkStatus();
}

Result<std::vector<parquet::RecordBatch>> Decode(std::string_view text, int64_t batch_rows) {
  ingest::StandardEventDecoder decoder;
  std::vector<parquet::RecordBatch> batches;
  while (!text.empty()) {
    batches.push_back(decoder.MakeBatch());
    FIRN_ASSIGN_OR_RETURN(size_t used,
                          decoder.AppendLines(text, true, batch_rows, &batches.back()));
    text.remove_prefix(used);
  }
  return batches;
}

Result<parquet::WriteResult> Encode(const std::string& out,
                                    const std::vector<parquet::RecordBatch>& batches,
                                    const parquet::WriterOptions& options) {
  io::LocalFileIO io;
  FIRN_ASSIGN_OR_RETURN(auto file, io.NewOutputFile(FilePath(out), io::WriteMode::kOverwrite));
  FIRN_ASSIGN_OR_RETURN(
      auto w, parquet::FileWriter::Make(std::move(file), ingest::StandardEventSchema(), options));
  for (const auto& b : batches) FIRN_RETURN_NOT_OK(w->Write(b));
  return w->Finish();
}

int Fail(const Error& e) {
  std::fprintf(stderr, "encode_events: %s\n", e.ToString().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string in, out = "/tmp/firn_bench.parquet", codec = "zstd";
  std::optional<int> level;
  int runs = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--in")
      in = argv[i + 1];
    else if (a == "--out")
      out = argv[i + 1];
    else if (a == "--codec")
      codec = argv[i + 1];
    else if (a == "--level")
      level = std::atoi(argv[i + 1]);
    else if (a == "--runs")
      runs = std::atoi(argv[i + 1]);
  }
  if (in.empty() || runs < 1) {
    std::fprintf(stderr,
                 "usage: encode_events --in events.ndjson [--out f.parquet] [--codec zstd] "
                 "[--level N] [--runs 3]\n");
    return 2;
  }
  Buffer text;
  if (auto s = ReadFile(in, &text); !s) return Fail(s.error());
  auto batches = Decode(text.view(), 64 * 1024);
  if (!batches) return Fail(batches.error());
  int64_t rows = 0;
  for (const auto& b : *batches) rows += b.num_rows;

  parquet::WriterOptions options;
  auto kind = parquet::ParseCompressionKind(codec);
  if (!kind) {
    std::fprintf(stderr, "encode_events: %s\n", kind.error().ToString().c_str());
    return 2;
  }
  options.compression = *kind;
  options.compression_level = level;
  double best = 1e30, best_cpu = 1e30;
  int64_t size = 0;
  std::string all_runs;
  auto cpu_now = [] {  // CPU time of this (single) thread: holds up under machine load
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  };
  for (int r = 0; r < runs; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = cpu_now();
    auto res = Encode(out, *batches, options);
    if (!res) return Fail(res.error());
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    best_cpu = std::min(best_cpu, cpu_now() - c0);
    all_runs += (all_runs.empty() ? "" : ",") + std::to_string(secs);
    best = std::min(best, secs);
    size = res->file_size_bytes;
  }
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf(
      "{\"engine\":\"firn\",\"codec\":\"%s\",\"rows\":%lld,\"seconds\":%.4f,\"runs\":[%s],\"rows_"
      "per_s\":%.0f,"
      "\"input_mb_per_s\":%.1f,\"output_bytes\":%lld,\"peak_rss_mb\":%.1f,\"cpu_seconds\":%.4f,"
      "\"rows_per_cpu_s\":%.0f}\n",
      codec.c_str(), static_cast<long long>(rows), best, all_runs.c_str(), rows / best,
      static_cast<double>(text.size()) / best / 1e6, static_cast<long long>(size),
      ru.ru_maxrss / 1024.0, best_cpu, rows / best_cpu);
  return 0;
}
