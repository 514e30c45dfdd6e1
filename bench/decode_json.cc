// decode_json: the generic, schema-driven NDJSON decoder (ingest/json) against the
// fixed-schema standard event decoder, on the standard event stream.
//
//   decode_json --in events.ndjson [--runs 3] [--batch-rows 65536]
//
// Each decoder turns the whole file into batches of --batch-rows rows (one batch reused,
// cleared between fills, as a writer would), best of --runs. Prints one JSON line per
// decoder: rows, seconds (wall), cpu_seconds (process CPU time: the machine is shared),
// rows_per_s and mb_per_s (NDJSON bytes / wall seconds, MB = 10^6 bytes). The first
// batch of both decoders is compared buffer by buffer first (not timed). A third line
// times simdjson's DOM parser alone on every line: the floor of a DOM-based decoder.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <simdjson.h>

#include <cerrno>
#include <cstring>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <string_view>

#include "firn/common/buffer.h"
#include "firn/common/macros.h"
#include "firn/iceberg/types/schema.h"
#include "firn/ingest/json/json_record_decoder.h"
#include "firn/ingest/sample/standard_event_decoder.h"

using namespace firn;

namespace {

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

// The standard event schema (standard_events.h) as an Iceberg schema, same field ids.
iceberg::Schema EventSchema() {
  using iceberg::Optional;
  using iceberg::Type;
  return iceberg::Schema(
      0, {Optional(1, "event_id", Type::Uuid()), Optional(2, "event_time", Type::TimestampTz()),
          Optional(3, "user_id", Type::Long()), Optional(4, "session_id", Type::String()),
          Optional(5, "event_type", Type::String()), Optional(6, "page", Type::String()),
          Optional(7, "amount", Type::Double()), Optional(8, "country", Type::String()),
          Optional(9, "device", Type::Struct({Optional(11, "os", Type::String()),
                                              Optional(12, "version", Type::String())})),
          Optional(10, "tags", Type::List(13, false, Type::String()))});
}

double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

bool SameVector(const parquet::ColumnVector& a, const parquet::ColumnVector& b) {
  if (a.length != b.length || a.values.view() != b.values.view() ||
      a.offsets.view() != b.offsets.view() || a.children.size() != b.children.size()) {
    return false;
  }
  for (int64_t i = 0; i < a.length; ++i) {
    if (a.IsValid(i) != b.IsValid(i)) return false;
  }
  for (size_t i = 0; i < a.children.size(); ++i) {
    if (!SameVector(a.children[i], b.children[i])) return false;
  }
  return true;
}

struct Timing {
  int64_t rows = 0;
  double wall = 1e30, cpu = 1e30;
};

// Decodes all of `text` `runs` times with `fill(text, batch) -> Result<size_t>`.
template <typename Fill>
Result<Timing> Time(std::string_view all, int runs, parquet::RecordBatch batch, Fill fill) {
  Timing best;
  for (int r = 0; r < runs; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = CpuSeconds();
    int64_t rows = 0;
    std::string_view text = all;
    while (!text.empty()) {
      batch.Clear();
      FIRN_ASSIGN_OR_RETURN(size_t used, fill(text, &batch));
      text.remove_prefix(used);
      rows += batch.num_rows;
    }
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double cpu = CpuSeconds() - c0;
    best.rows = rows;
    if (wall < best.wall) best.wall = wall;
    if (cpu < best.cpu) best.cpu = cpu;
  }
  return best;
}

void Print(const char* name, const Timing& t, size_t bytes) {
  std::printf(
      "{\"decoder\":\"%s\",\"rows\":%lld,\"seconds\":%.4f,\"cpu_seconds\":%.4f,"
      "\"rows_per_s\":%.0f,\"mb_per_s\":%.1f,\"cpu_mb_per_s\":%.1f}\n",
      name, static_cast<long long>(t.rows), t.wall, t.cpu, static_cast<double>(t.rows) / t.wall,
      static_cast<double>(bytes) / 1e6 / t.wall, static_cast<double>(bytes) / 1e6 / t.cpu);
}

Status Run(const std::string& in, int runs, int64_t batch_rows) {
  Buffer data;
  FIRN_RETURN_NOT_OK(ReadFile(in, &data));
  const std::string_view text = data.view();

  ingest::StandardEventDecoder fixed;
  FIRN_ASSIGN_OR_RETURN(auto generic, ingest::JsonRecordDecoder::Make(EventSchema()));

  {  // Both decoders must agree before their speed means anything.
    parquet::RecordBatch a = fixed.MakeBatch(), b = generic->MakeBatch();
    FIRN_RETURN_NOT_OK(fixed.AppendLines(text, true, batch_rows, &a));
    FIRN_RETURN_NOT_OK(generic->AppendLines(text, true, batch_rows, &b));
    if (a.num_rows != b.num_rows || a.columns.size() != b.columns.size()) {
      return Internal("the decoders disagree on the first batch's shape");
    }
    for (size_t i = 0; i < a.columns.size(); ++i) {
      if (!SameVector(a.columns[i], b.columns[i])) return Internal("the decoders disagree on column {}", i);
    }
  }

  FIRN_ASSIGN_OR_RETURN(Timing tf, Time(text, runs, fixed.MakeBatch(),
                                        [&](std::string_view t, parquet::RecordBatch* batch) {
                                          return fixed.AppendLines(t, true, batch_rows, batch);
                                        }));
  FIRN_ASSIGN_OR_RETURN(Timing tg, Time(text, runs, generic->MakeBatch(),
                                        [&](std::string_view t, parquet::RecordBatch* batch) {
                                          return generic->AppendLines(t, true, batch_rows, batch);
                                        }));
  // The DOM alternative: parsing each line into simdjson's DOM, without decoding a single
  // value, is the floor of a DOM-based decoder (it builds the tape the on-demand decoder
  // never builds). When this alone costs as much as the on-demand decoder, DOM loses.
  simdjson::dom::parser dom;
  Buffer padded;
  FIRN_ASSIGN_OR_RETURN(Timing td, Time(text, runs, generic->MakeBatch(),
                                        [&](std::string_view t, parquet::RecordBatch* batch) -> Result<size_t> {
                                          size_t pos = 0;
                                          while (pos < t.size() && batch->num_rows < batch_rows) {
                                            size_t end = t.find('\n', pos);
                                            if (end == std::string_view::npos) end = t.size();
                                            padded.Clear();
                                            padded.Append(t.substr(pos, end - pos));
                                            std::memset(padded.Extend(simdjson::SIMDJSON_PADDING), 0,
                                                        simdjson::SIMDJSON_PADDING);
                                            simdjson::dom::element doc;
                                            if (dom.parse(padded.data(), end - pos, false).get(doc)) {
                                              return InvalidArgument("DOM parse failed");
                                            }
                                            ++batch->num_rows;
                                            pos = end < t.size() ? end + 1 : end;
                                          }
                                          return pos;
                                        }));
  Print("standard_event (fixed schema)", tf, text.size());
  Print("json_record (generic)", tg, text.size());
  Print("simdjson DOM parse only (no decoding)", td, text.size());
  return OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  std::string in;
  int runs = 3;
  int64_t batch_rows = 65536;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--in" && i + 1 < argc) {
      in = argv[++i];
    } else if (a == "--runs" && i + 1 < argc) {
      runs = std::atoi(argv[++i]);
    } else if (a == "--batch-rows" && i + 1 < argc) {
      batch_rows = std::atoll(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: decode_json --in FILE [--runs N] [--batch-rows N]\n");
      return 2;
    }
  }
  if (in.empty() || runs < 1 || batch_rows < 1) {
    std::fprintf(stderr, "usage: decode_json --in FILE [--runs N] [--batch-rows N]\n");
    return 2;
  }
  if (auto s = Run(in, runs, batch_rows); !s.has_value()) {
    std::fprintf(stderr, "decode_json: %s\n", s.error().ToString().c_str());
    return 1;
  }
  return 0;
}
