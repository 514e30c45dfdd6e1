#include "firn/iceberg/metadata/snapshot.h"

namespace firn::iceberg {

std::string_view SnapshotOperationName(SnapshotOperation op) {
  switch (op) {
    case SnapshotOperation::kAppend:
      return "append";
    case SnapshotOperation::kReplace:
      return "replace";
    case SnapshotOperation::kOverwrite:
      return "overwrite";
    case SnapshotOperation::kDelete:
      return "delete";
  }
  return "?";
}

Result<SnapshotOperation> ParseSnapshotOperation(std::string_view s) {
  if (s == "append") return SnapshotOperation::kAppend;
  if (s == "replace") return SnapshotOperation::kReplace;
  if (s == "overwrite") return SnapshotOperation::kOverwrite;
  if (s == "delete") return SnapshotOperation::kDelete;
  return InvalidArgument("unknown snapshot operation '{}' (expected append, replace, overwrite "
                         "or delete)", s);
}

}  // namespace firn::iceberg
