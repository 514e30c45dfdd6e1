// encode_events: the firn side of the encoder benchmark (bench/README.md).
//
//   encode_events --in events.ndjson --out out.parquet [--codec zstd] [--level N] [--runs 3]
//
// Loads the NDJSON into column vectors (not timed), then times encoding them to one Parquet
// file on one thread, best of --runs. Prints one JSON line: rows, seconds, rows_per_s,
// input_mb_per_s (NDJSON bytes / s, to compare with the DuckDB side), output_bytes,
// peak_rss_mb.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "event_loader.h"
#include "firn/io/local_file_io.h"
#include "firn/parquet/writer/file_writer.h"

using namespace firn;

int main(int argc, char** argv) {
  std::string in, out = "/tmp/firn_bench.parquet", codec = "zstd";
  std::optional<int> level;
  int runs = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--in") in = argv[i + 1];
    else if (a == "--out") out = argv[i + 1];
    else if (a == "--codec") codec = argv[i + 1];
    else if (a == "--level") level = std::atoi(argv[i + 1]);
    else if (a == "--runs") runs = std::atoi(argv[i + 1]);
  }
  if (in.empty()) {
    std::fprintf(stderr, "usage: encode_events --in events.ndjson [--out f.parquet] [--codec zstd] [--runs 3]\n");
    return 2;
  }
  std::ifstream f(in, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  std::string text = ss.str();
  auto schema = bench::StandardEventSchema();
  auto batches = bench::LoadEvents(text, *schema, 64 * 1024);
  if (!batches) {
    std::fprintf(stderr, "%s\n", batches.error().ToString().c_str());
    return 1;
  }
  int64_t rows = 0;
  for (const auto& b : *batches) rows += b.num_rows;

  parquet::WriterOptions options;
  auto kind = parquet::ParseCompressionKind(codec);
  if (!kind) {
    std::fprintf(stderr, "%s\n", kind.error().ToString().c_str());
    return 2;
  }
  options.compression = *kind;
  options.compression_level = level;
  io::LocalFileIO io;
  double best = 1e30;
  int64_t size = 0;
  std::string all_runs;
  for (int r = 0; r < runs; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    auto file = io.NewOutputFile(FilePath(out), io::WriteMode::kOverwrite);
    auto w = parquet::FileWriter::Make(std::move(*file), schema, options);
    if (!w) {
      std::fprintf(stderr, "%s\n", w.error().ToString().c_str());
      return 1;
    }
    for (const auto& b : *batches) {
      if (auto s = (*w)->Write(b); !s) {
        std::fprintf(stderr, "%s\n", s.error().ToString().c_str());
        return 1;
      }
    }
    auto res = (*w)->Finish();
    if (!res) {
      std::fprintf(stderr, "%s\n", res.error().ToString().c_str());
      return 1;
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    all_runs += (all_runs.empty() ? "" : ",") + std::to_string(secs);
    best = std::min(best, secs);
    size = res->file_size_bytes;
  }
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf(
      "{\"engine\":\"firn\",\"codec\":\"%s\",\"rows\":%lld,\"seconds\":%.4f,\"runs\":[%s],\"rows_per_s\":%.0f,"
      "\"input_mb_per_s\":%.1f,\"output_bytes\":%lld,\"peak_rss_mb\":%.1f}\n",
      codec.c_str(), static_cast<long long>(rows), best, all_runs.c_str(), rows / best,
      text.size() / best / 1e6, static_cast<long long>(size), ru.ru_maxrss / 1024.0);
  return 0;
}
