// DeleteLoader: reads the delete files of a scan (spec "Position Delete Files", "Equality
// Delete Files") and keeps what it read, so that a delete file that applies to many data
// files is read once per scan. Only Parquet delete files are read; other formats (and v3
// deletion vectors) are NotSupported, never ignored.
//
// Memory: the loaded deletes stay until the loader is destroyed (the scan's lifetime).
// Lifetimes: `io` must outlive the loader.
// Thread-safety: safe to call from many threads; a file may be read twice by a race, never
// cached twice.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "firn/common/result.h"
#include "firn/io/file_io.h"
#include "firn/iceberg/manifest/data_file.h"
#include "firn/iceberg/types/schema.h"
#include "firn/parquet/reader/reader_options.h"

namespace firn::iceberg {

// The rows of one equality delete file, as keys (equality_key.h) of its equality_ids.
struct EqualityDeleteSet {
  std::vector<int32_t> field_ids;      // the delete file's equality_ids, in its order
  std::unordered_set<std::string> keys;
};

class DeleteLoader {
 public:
  DeleteLoader(io::FileIO& io, parquet::ReaderOptions options) : io_(io), options_(options) {}

  // The positions, ascending, that position delete file `del` (found at `location`)
  // deletes from the data file recorded as `data_path`. Corrupt for a file without the
  // file_path and pos columns or with nulls in them.
  Result<std::vector<int64_t>> Positions(const DataFile& del, const std::string& location,
                                         const std::string& data_path);

  // The keys of equality delete file `del`, its columns typed by `schema` (the schema
  // being read). NotSupported for an equality field that is not a top-level primitive of
  // `schema`; Corrupt when the file lacks one of its equality columns.
  Result<std::shared_ptr<const EqualityDeleteSet>> EqualityKeys(const DataFile& del,
                                                                const std::string& location,
                                                                const Schema& schema);

  int64_t files_read() const;

 private:
  using PositionMap = std::unordered_map<std::string, std::vector<int64_t>>;
  Result<std::shared_ptr<const PositionMap>> LoadPositions(const DataFile& del, const std::string& location);

  io::FileIO& io_;
  parquet::ReaderOptions options_;
  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<const PositionMap>> positions_;        // by location
  std::map<std::string, std::shared_ptr<const EqualityDeleteSet>> equality_;   // by location
  int64_t files_read_ = 0;
};

}  // namespace firn::iceberg
