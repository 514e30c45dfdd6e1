// TableOperations: how a commit reaches the catalog. The commit path (snapshot_update.h)
// only needs to read the current metadata and to swap it for a new version with a
// compare-and-swap on the metadata location; catalogs implement this interface
// (catalog/catalog_table_operations.h), and tests use an in-memory one.
//
// Thread-safety: implementations must allow concurrent use (several committers racing is
// the normal case; the compare-and-swap decides).
#pragma once

#include <memory>
#include <string>

#include "firn/common/result.h"
#include "firn/io/file_io.h"
#include "firn/iceberg/metadata/table_metadata.h"

namespace firn::iceberg {

struct TableState {
  std::shared_ptr<const TableMetadata> metadata;  // the parsed metadata file
  std::string metadata_location;                  // where it was read from
};

class TableOperations {
 public:
  virtual ~TableOperations() = default;

  // The table's current state, read from the catalog now.
  virtual Result<TableState> Refresh() = 0;
  // Writes `updated` as the next metadata file and makes it current if the table still
  // points at `base.metadata_location`; CommitConflict if another commit got there first
  // (nothing is changed then). Other errors leave the table at `base` or at the new
  // version, never in between.
  virtual Result<TableState> Commit(const TableState& base, const TableMetadata& updated) = 0;
  // Where data, manifest and metadata files are written.
  virtual io::FileIO& io() = 0;
};

}  // namespace firn::iceberg
