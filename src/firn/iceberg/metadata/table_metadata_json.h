// Table metadata files (spec "Table Metadata" and Appendix C): reading format versions 1
// and 2, writing the table's own version. The reader validates what it parsed
// (TableMetadata::Validate) so that callers never see dangling ids.
#pragma once

#include <string>
#include <string_view>

#include "firn/common/result.h"
#include "firn/iceberg/metadata/table_metadata.h"

namespace firn::iceberg {

std::string TableMetadataToJson(const TableMetadata& metadata);

// Corrupt with the JSON path for malformed or inconsistent input; NotSupported for
// format versions above 2.
Result<TableMetadata> TableMetadataFromJson(std::string_view json);

}  // namespace firn::iceberg
