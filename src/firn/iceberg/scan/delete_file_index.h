// DeleteFileIndex: which delete files apply to which data file (spec "Scan Planning"):
//   - a position delete file applies to a data file whose data sequence number is <= the
//     delete's; an equality delete file to one whose data sequence number is < the delete's;
//   - both only within the same partition (same spec id and equal partition tuple), except
//     that delete files written for an unpartitioned spec apply to every partition;
//   - a position delete file whose lower/upper bounds of file_path (field 2147483546)
//     exclude the data file's path does not apply.
//
// Thread-safety: build on one thread; ForDataFile is const and may then run concurrently.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "firn/common/result.h"
#include "firn/common/strong_type.h"
#include "firn/iceberg/manifest/data_file.h"
#include "firn/iceberg/partition/partition_spec.h"

namespace firn::iceberg {

struct IndexedDeleteFile {
  DataFile file;                         // the delete file, path as recorded
  SequenceNumber data_sequence_number;   // its data sequence number
};

class DeleteFileIndex {
 public:
  // Adds a live delete file. `spec` is the spec it was written for (nullptr when the
  // metadata does not know it: the file is then refused by Add with Corrupt).
  Status Add(const DataFile& file, SequenceNumber data_sequence_number, const PartitionSpec* spec);

  // The delete files that apply to `data_file`, position deletes first.
  std::vector<const IndexedDeleteFile*> ForDataFile(const DataFile& data_file,
                                                    SequenceNumber data_sequence_number) const;

  size_t size() const { return count_; }

 private:
  std::vector<IndexedDeleteFile> global_;                      // unpartitioned specs
  std::map<int32_t, std::vector<IndexedDeleteFile>> by_spec_;  // partitioned, by spec id
  size_t count_ = 0;
};

}  // namespace firn::iceberg
