// Target table names and templates in the pipeline config.
//
// A table name is "namespace.table" (nested namespaces: "a.b.table"), with the rules of
// catalog::TableIdentifier. A template also holds placeholders that are filled in per
// record:
//   {topic}   the Kafka topic of the record
//   {value}   the value that selected a [[sink.route]] rule (the route-field's value, or
//             the topic when there is no route-field); only in a route's table
// A filled-in value keeps [A-Za-z0-9_] and turns every other byte into '_', so that
// "orders.v2-eu" gives "orders_v2_eu": a topic can never add a namespace level or an
// invalid character ('.', '/', '-' would). Non-ASCII characters become one '_' per byte.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "firn/common/result.h"

namespace firn::ingest {

// Which placeholders a name may hold.
enum class TablePlaceholders { kNone, kTopic, kTopicAndValue };

// OK when `text` is a valid table name or, if `allowed` permits, a template that gives
// a valid name for every topic and value ("analytics.{topic}"; "{topic}" alone is not,
// since it has no namespace). InvalidArgument saying why otherwise.
Status CheckTableName(std::string_view text, TablePlaceholders allowed);

// Fills in {topic} and {value} (sanitized as above). Text outside placeholders is kept.
// The result is a valid name if the template passed CheckTableName and `value` is not
// empty when the template uses {value} (an empty value gives an empty level, which
// catalog::TableIdentifier::Parse rejects).
std::string ResolveTableName(const std::string& template_, std::string_view topic,
                             std::string_view value);

}  // namespace firn::ingest
