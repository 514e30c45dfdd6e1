// CommitMetadataUpdate: a change to a table's metadata that adds no snapshot (a schema, a
// sort order, a property), committed optimistically: the change is applied to the current
// metadata through a TableMetadataBuilder and swapped in; on a lost race (CommitConflict)
// the table is read again and the change applied again, up to `attempts` times.
//
// `change` may fail (its error is returned as is, nothing is committed) and may be called
// more than once, so it must derive everything from the metadata it is given.
//
// Thread-safety: as `ops`.
#pragma once

#include <functional>

#include "firn/common/result.h"
#include "firn/iceberg/commit/table_operations.h"
#include "firn/iceberg/metadata/table_metadata_builder.h"

namespace firn::iceberg {

using MetadataChange = std::function<Status(const TableMetadata& current, TableMetadataBuilder& builder)>;

Result<TableState> CommitMetadataUpdate(TableOperations& ops, const MetadataChange& change, int attempts = 5);

}  // namespace firn::iceberg
