// libFuzzer target for the Parquet reader: the input is a whole file. It is opened
// through MemoryFileIO, every row group is read and every chunk's statistics decoded.
// Errors are the expected outcome for most inputs; what the fuzzer hunts is a crash, a
// hang, a leak, a sanitizer report, or an Internal error (the reader's own consistency
// checks firing on input its validation let through), which aborts on purpose.
//
// Build and run: scripts/fuzz.sh (needs clang; see fuzz/CMakeLists.txt).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string_view>

#include "firn/io/memory_file_io.h"
#include "firn/parquet/reader/file_reader.h"

namespace {

void CheckNotInternal(const firn::Error& e) {
  if (e.kind() == firn::ErrorKind::kInternal) {
    std::fprintf(stderr, "internal error on fuzz input: %s\n", e.ToString().c_str());
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  firn::io::MemoryFileIO io;
  const firn::FilePath path("mem://fuzz.parquet");
  if (!io.WriteAll(path, std::string_view(reinterpret_cast<const char*>(data), size))) return 0;
  auto file = io.OpenInputFile(path);
  if (!file) return 0;
  firn::parquet::ReaderOptions options;
  options.max_chunk_bytes = 64 << 20;  // stay far below libFuzzer's 2 GiB malloc limit
  auto reader = firn::parquet::FileReader::Open(std::move(*file), options);
  if (!reader) {
    CheckNotInternal(reader.error());
    return 0;
  }
  for (int g = 0; g < (*reader)->num_row_groups(); ++g) {
    auto batch = (*reader)->ReadRowGroup(g);
    if (!batch) CheckNotInternal(batch.error());
    for (size_t c = 0; c < (*reader)->schema()->num_columns(); ++c) {
      auto stats = (*reader)->ChunkStatistics(g, static_cast<int>(c));
      if (!stats) CheckNotInternal(stats.error());
    }
  }
  return 0;
}
