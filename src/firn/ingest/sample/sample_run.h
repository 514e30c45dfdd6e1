// RunSampleStream: the built-in sample stream end to end, which is what `firn run` does
// until ingest from Kafka and Iceberg commits exist:
//
//   StandardEventGenerator -> NDJSON (batch_rows lines) -> StandardEventDecoder
//     -> RecordBatch -> parquet::FileWriter, rolled at target_file_size_bytes
//
// The files are plain Parquet data files as an Iceberg table would hold them (field ids,
// Iceberg metrics in WriteResult), but no table metadata is written or committed.
// Single-threaded; batches, the NDJSON buffer and column buffers are reused throughout,
// so memory stays at about one batch of text and columns plus the open row group.
//
// Files roll when FileWriter::EstimatedFileSize() reaches the target after a batch, so a
// file overshoots the target by at most one batch's compressed size (Iceberg's
// write.target-file-size-bytes is a target, not a limit, in Iceberg's writers too).
//
// Thread-safety: a function; `io` must be safe to use from the calling thread.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "firn/common/result.h"
#include "firn/io/file_io.h"
#include "firn/parquet/writer/writer_options.h"

namespace firn::ingest {

struct SampleRunOptions {
  uint64_t seed = 1;                             // generator seed
  int64_t events = 2'000'000;                    // events to generate, >= 0
  int64_t batch_rows = 64 * 1024;                // rows per decoded batch, > 0
  int64_t target_file_size_bytes = 128LL << 20;  // write.target-file-size-bytes, > 0
  std::string data_dir;                          // files go to <data_dir>/<run_id>-NNNNN.parquet
  std::string run_id;                            // unique per run (e.g. a UUID), names files
  parquet::WriterOptions writer;                 // Parquet writer configuration (zstd)
};

// One finished data file.
struct SampleFile {
  std::string path;        // as given to the FileIO
  int64_t size_bytes = 0;  // file_size_in_bytes
  int64_t rows = 0;        // record_count
};

struct SampleRunStats {
  int64_t events = 0;             // events generated, decoded and written so far
  int64_t input_bytes = 0;        // NDJSON bytes generated so far
  std::vector<SampleFile> files;  // finished files, in order
  double generate_seconds = 0;    // wall time in the generator
  double decode_seconds = 0;      // ... in the decoder
  double write_seconds = 0;       // ... in the Parquet writer (encode, compress, I/O)

  int64_t file_bytes() const;  // sum of files' sizes
};

// Runs the stream. `on_batch`, if set, is called after each batch with the totals so far
// (for progress output). Errors name the file being written; a failed run leaves no
// partial file (FileWriter abandons it) but keeps the files finished before the error.
// InvalidArgument for options out of range.
Result<SampleRunStats> RunSampleStream(
    io::FileIO* io, const SampleRunOptions& options,
    const std::function<void(const SampleRunStats&)>& on_batch = {});

}  // namespace firn::ingest
