// Schema inference: an Iceberg schema for a table firn auto-creates without a schema in
// the config, from the first record routed to it. The rules (docs/configuration.md):
//
//   JSON                     Iceberg
//   true / false             boolean
//   integer                  long       (int widens to long anyway; long is the safe guess)
//   other number             double
//   string, RFC 3339 instant timestamptz  ("2026-11-24T10:00:00Z", "...+01:00", fractions)
//   other string             string     (dates, uuids and numbers in strings stay strings)
//   object                   struct     (fields in document order)
//   array                    list of the first non-null element's type (string if none)
//   null                     string
//
// Every field is optional, so later records may omit any of them. Field ids are assigned
// as Java's TypeUtil.assignFreshIds does. Keys that differ only in case, or that are
// empty, are InvalidArgument (such a table could not be read by case-insensitive engines).
//
// Thread-safety: pure function.
#pragma once

#include <string_view>

#include "firn/common/result.h"
#include "firn/iceberg/types/schema.h"

namespace firn::ingest {

// InvalidArgument for malformed JSON or a top level that is not an object.
Result<iceberg::Schema> InferSchema(std::string_view json);

}  // namespace firn::ingest
