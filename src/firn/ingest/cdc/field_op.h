// The generic change format (CdcFormat::kField; private to cdc/): a field of the record
// holds the operation, as in Kafka Connect's Iceberg sink (`iceberg.tables.cdc-field`).
// change_decoder.h states the contract.
//
// Thread-safety: none; called by one ChangeDecoder.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "firn/common/result.h"
#include "firn/ingest/cdc/change_decoder.h"
#include "firn/ingest/cdc/padded_json.h"

namespace firn::ingest::cdc_internal {

// The op of `value` from the field at `path` (the dotted name split at '.', each segment
// non-empty); `name` is the name as configured, for messages. `value` is not a tombstone.
// The operation is copied into *op_scratch, which op_text views.
Result<ChangeRecord> DecodeFieldOp(PaddedJson& json, std::span<const std::string> path,
                                   std::string_view name, std::string_view value,
                                   std::string* op_scratch);

}  // namespace firn::ingest::cdc_internal
