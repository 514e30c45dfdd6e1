// Kafka metadata columns (source.metadata-columns): where each record came from, written
// next to its fields. Names and types (they must be top-level columns of the table; an
// auto-created table gets them):
//
//   topic      _kafka_topic      string
//   partition  _kafka_partition  int
//   offset     _kafka_offset     long
//   timestamp  _kafka_timestamp  timestamptz  (the record's Kafka timestamp; null if none)
//   key        _kafka_key        binary       (null for a null key)
//   headers    _kafka_headers    map<string, binary>
//
// They are filled after the record's JSON is decoded, overriding a JSON field of the same
// name.
//
// Thread-safety: pure functions.
#pragma once

#include <vector>

#include "firn/iceberg/types/schema.h"
#include "firn/ingest/config/pipeline_config.h"
#include "firn/ingest/source/source.h"
#include "firn/parquet/batch/column_vector.h"

namespace firn::ingest {

// Top-level column positions of the requested metadata columns (-1: not requested).
struct MetadataSlots {
  int topic = -1, partition = -1, offset = -1, timestamp = -1, key = -1, headers = -1;
  bool empty() const {
    return topic < 0 && partition < 0 && offset < 0 && timestamp < 0 && key < 0 && headers < 0;
  }
};

// The column name of a metadata column: "_kafka_offset".
std::string MetadataColumnField(MetadataColumn column);
// The fields to add to a schema for `columns` (ids 0: assign fresh ones).
std::vector<iceberg::NestedField> MetadataFields(const std::vector<MetadataColumn>& columns);

// InvalidArgument naming the column when one is missing from `schema` or has another type.
Result<MetadataSlots> ResolveMetadataColumns(const iceberg::Schema& schema,
                                             const std::vector<MetadataColumn>& columns);

// Sets the metadata of `record` in the last row of *batch.
// REQUIRES: the last row was just appended; `slots` came from the batch's schema.
void FillMetadata(const MetadataSlots& slots, const SourceRecord& record, parquet::RecordBatch* batch);

}  // namespace firn::ingest
