// ReaderOptions: limits and checks of the Parquet reader.
//
// A Parquet file is untrusted input. A few bytes of footer or page header can claim
// billions of values (one RLE run encodes any number of nulls), so the reader refuses to
// decode a column chunk whose levels, values and output slots would need more memory than
// max_chunk_bytes, rather than allocate what a damaged or hostile file asks for. Raise it
// for legitimately huge chunks; lower it (as the fuzzer does) to keep memory small.
#pragma once

#include <cstdint>

namespace firn::parquet {

struct ReaderOptions {
  // Most bytes one column chunk may decode to: its uncompressed pages, levels, values and
  // the slots it adds to the batch. Past it, reading fails with OutOfRange.
  int64_t max_chunk_bytes = int64_t{2} << 30;
  // Check PageHeader.crc (CRC-32 of the page as stored) where a writer recorded one.
  bool verify_page_checksums = true;
};

}  // namespace firn::parquet
