// FileScanTask: one unit of a planned scan (spec "Scan Planning"): a live data file that
// might hold matching rows, with the delete files that apply to it.
#pragma once

#include <string>
#include <vector>

#include "firn/common/strong_type.h"
#include "firn/iceberg/manifest/data_file.h"

namespace firn::iceberg {

struct FileScanTask {
  DataFile data_file;                    // file_path as recorded in the manifest
  std::string location;                  // data_file.file_path after path mapping
  SequenceNumber data_sequence_number;   // the data file's data sequence number
  std::vector<DataFile> delete_files;    // position deletes first, then equality deletes
  std::vector<std::string> delete_locations;  // each delete file's path after mapping

  // Rows in the file before deletes.
  int64_t record_count() const { return data_file.record_count; }
};

}  // namespace firn::iceberg
