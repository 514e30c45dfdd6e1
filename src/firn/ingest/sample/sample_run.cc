#include "firn/ingest/sample/sample_run.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <memory>

#include "firn/common/buffer.h"
#include "firn/common/macros.h"
#include "firn/ingest/sample/standard_event_decoder.h"
#include "firn/ingest/sample/standard_events.h"
#include "firn/io/path_util.h"
#include "firn/parquet/writer/file_writer.h"

namespace firn::ingest {
namespace {

using Clock = std::chrono::steady_clock;

double Since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

}  // namespace

int64_t SampleRunStats::file_bytes() const {
  int64_t n = 0;
  for (const auto& f : files) n += f.size_bytes;
  return n;
}

Result<SampleRunStats> RunSampleStream(io::FileIO* io, const SampleRunOptions& options,
                                       const std::function<void(const SampleRunStats&)>& on_batch) {
  if (options.events < 0) return InvalidArgument("events must be >= 0, got {}", options.events);
  if (options.batch_rows <= 0) {
    return InvalidArgument("batch rows must be > 0, got {}", options.batch_rows);
  }
  if (options.target_file_size_bytes <= 0) {
    return InvalidArgument("target file size must be > 0 bytes, got {}",
                           options.target_file_size_bytes);
  }
  if (options.data_dir.empty() || options.run_id.empty()) {
    return InvalidArgument("the sample run needs a data directory and a run id");
  }

  StandardEventGenerator generator(options.seed);
  StandardEventDecoder decoder;
  const auto schema = decoder.schema();
  parquet::RecordBatch batch = decoder.MakeBatch();
  Buffer text;
  text.Reserve(
      static_cast<size_t>(std::min(options.batch_rows, std::max<int64_t>(options.events, 1))) *
      400);
  std::unique_ptr<parquet::FileWriter> writer;
  const std::string dir(io::TrimTrailingSlashes(options.data_dir));
  SampleRunStats stats;

  const auto finish_file = [&]() -> Status {
    FIRN_ASSIGN_OR_RETURN(parquet::WriteResult r, writer->Finish());
    stats.files.push_back({r.path, r.file_size_bytes, r.record_count});
    writer.reset();
    return OkStatus();
  };

  while (stats.events < options.events) {
    const int64_t n = std::min(options.batch_rows, options.events - stats.events);
    auto t0 = Clock::now();
    text.Clear();
    generator.AppendEvents(static_cast<size_t>(n), &text);
    stats.generate_seconds += Since(t0);

    t0 = Clock::now();
    batch.Clear();
    FIRN_ASSIGN_OR_RETURN_CTX(size_t used, decoder.AppendLines(text.view(), true, n, &batch),
                              "decoding the sample stream");
    if (used != text.size() || batch.num_rows != n) {
      return Internal("decoded {} of {} generated events", batch.num_rows, n);
    }
    stats.decode_seconds += Since(t0);

    t0 = Clock::now();
    if (writer == nullptr) {
      const FilePath path(
          fmt::format("{}/{}-{:05}.parquet", dir, options.run_id, stats.files.size() + 1));
      FIRN_ASSIGN_OR_RETURN(auto out, io->NewOutputFile(path, io::WriteMode::kCreate));
      FIRN_ASSIGN_OR_RETURN(writer,
                            parquet::FileWriter::Make(std::move(out), schema, options.writer));
    }
    FIRN_RETURN_NOT_OK(writer->Write(batch));
    if (writer->EstimatedFileSize() >= options.target_file_size_bytes) {
      FIRN_RETURN_NOT_OK(finish_file());
    }
    stats.write_seconds += Since(t0);

    stats.events += n;
    stats.input_bytes += static_cast<int64_t>(text.size());
    if (on_batch) on_batch(stats);
  }
  if (writer != nullptr) {
    const auto t0 = Clock::now();
    FIRN_RETURN_NOT_OK(finish_file());
    stats.write_seconds += Since(t0);
  }
  return stats;
}

}  // namespace firn::ingest
