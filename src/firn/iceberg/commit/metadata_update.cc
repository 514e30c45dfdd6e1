#include "firn/iceberg/commit/metadata_update.h"

#include <chrono>

#include "firn/common/macros.h"

namespace firn::iceberg {

Result<TableState> CommitMetadataUpdate(TableOperations& ops, const MetadataChange& change, int attempts) {
  for (int attempt = 1;; ++attempt) {
    FIRN_ASSIGN_OR_RETURN(TableState state, ops.Refresh());
    TableMetadataBuilder builder(*state.metadata, state.metadata_location);
    FIRN_RETURN_NOT_OK(change(*state.metadata, builder));
    const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
    FIRN_ASSIGN_OR_RETURN(TableMetadata updated, std::move(builder).Build(now_ms));
    auto committed = ops.Commit(state, updated);
    if (committed || committed.error().kind() != ErrorKind::kCommitConflict || attempt >= attempts) {
      return committed;
    }
  }
}

}  // namespace firn::iceberg
