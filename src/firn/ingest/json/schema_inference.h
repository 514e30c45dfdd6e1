// Schema inference: an Iceberg schema for a table firn auto-creates without a schema in
// the config, from the first records routed to it (a sample). The rules
// (docs/configuration.md):
//
//   JSON                     Iceberg
//   true / false             boolean
//   integer                  long       (int widens to long anyway; long is the safe guess)
//   other number             double
//   string, RFC 3339 instant timestamptz  ("2026-11-24T10:00:00Z", "...+01:00", fractions)
//   other string             string     (dates, uuids and numbers in strings stay strings)
//   object                   struct     (fields in document order)
//   array                    list of the first non-null element's type (string if none)
//   null                     the type the field has in another sampled record; string if
//                            it is null (or absent) in all of them
//
// Over the sample, fields are the union in order of first appearance, and types merge:
// long with double gives double, timestamptz with string gives string, objects merge
// field by field, arrays by element; otherwise the first record's type wins (records that
// do not fit it later are bad records: dead letters or an error).
//
// Every field is optional, so later records may omit any of them. Field ids are assigned
// as Java's TypeUtil.assignFreshIds does. Keys that differ only in case, or that are
// empty, are InvalidArgument (such a table could not be read by case-insensitive engines).
//
// Thread-safety: pure function.
#pragma once

#include <span>
#include <string_view>

#include "firn/common/result.h"
#include "firn/iceberg/types/schema.h"

namespace firn::ingest {

// InvalidArgument when the first record is malformed JSON or not an object; later records
// that are so are left out of the sample. REQUIRES: !sample.empty().
Result<iceberg::Schema> InferSchema(std::span<const std::string_view> sample);
inline Result<iceberg::Schema> InferSchema(std::string_view json) {
  return InferSchema(std::span<const std::string_view>(&json, 1));
}

}  // namespace firn::ingest
