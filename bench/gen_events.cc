// gen_events: writes the standard event stream (src/firn/ingest/sample/standard_events.h,
// which documents its fields) as NDJSON, deterministically for a seed.
//
//   gen_events --seed S --count N [--out FILE]      (stdout without --out)
//
// Without --out it writes to stdout, so it can feed a pipe or a Kafka producer.
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string_view>

#include "firn/common/buffer.h"
#include "firn/ingest/sample/standard_events.h"

namespace {

bool ParseU64(const char* s, uint64_t* v) {
  const char* end = s + std::strlen(s);
  auto [p, ec] = std::from_chars(s, end, *v);
  return ec == std::errc() && p == end && p != s;
}

int Usage(const char* argv0) {
  std::fprintf(stderr, "usage: %s --seed S --count N [--out FILE]\n", argv0);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t seed = 1, count = 0;
  const char* out_path = nullptr;
  bool have_count = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--seed" && i + 1 < argc) {
      if (!ParseU64(argv[++i], &seed)) return Usage(argv[0]);
    } else if (a == "--count" && i + 1 < argc) {
      if (!ParseU64(argv[++i], &count)) return Usage(argv[0]);
      have_count = true;
    } else if (a == "--out" && i + 1 < argc) {
      out_path = argv[++i];
    } else {
      return Usage(argv[0]);
    }
  }
  if (!have_count) return Usage(argv[0]);

  std::FILE* out = stdout;
  if (out_path != nullptr) {
    out = std::fopen(out_path, "wb");
    if (out == nullptr) {
      std::perror(out_path);
      return 1;
    }
  }

  // Chunks of ~1 MiB, written as they fill; the buffer is reused.
  constexpr uint64_t kChunkEvents = 3000;
  const std::clock_t started = std::clock();
  firn::ingest::StandardEventGenerator gen(seed);
  firn::Buffer chunk(kChunkEvents * firn::ingest::StandardEventGenerator::kMaxLineBytes);
  uint64_t written = 0;
  for (uint64_t done = 0; done < count;) {
    const uint64_t n = count - done < kChunkEvents ? count - done : kChunkEvents;
    chunk.Clear();
    gen.AppendEvents(n, &chunk);
    if (std::fwrite(chunk.data(), 1, chunk.size(), out) != chunk.size()) {
      std::perror("gen_events: write");
      return 1;
    }
    written += chunk.size();
    done += n;
  }
  if (out != stdout && std::fclose(out) != 0) {
    std::perror(out_path);
    return 1;
  }
  if (out == stdout && std::fflush(stdout) != 0) {
    std::perror("gen_events: stdout");
    return 1;
  }

  const double secs = static_cast<double>(std::clock() - started) / CLOCKS_PER_SEC;
  std::fprintf(stderr, "gen_events: %llu events, %llu bytes, mean %.1f bytes/event, %.2f s cpu\n",
               static_cast<unsigned long long>(count), static_cast<unsigned long long>(written),
               count ? static_cast<double>(written) / static_cast<double>(count) : 0.0, secs);
  return 0;
}
