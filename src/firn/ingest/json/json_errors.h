// The JSON decoder's error messages (json_record_decoder.h states their form): what a
// field expected and what it got. Kept apart from the decoding switch because none of it
// runs unless a line is rejected.
//
// Every message starts "field '<path>': " (the node's dotted path), except malformed JSON
// at the top level; JsonRecordDecoder adds "line N: " in front.
//
// Thread-safety: pure functions.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>

#include "firn/common/result.h"
#include "firn/ingest/json/json_plan.h"
#include "firn/ingest/json/json_record_decoder.h"

namespace firn::ingest {

using TimestampNumbers = JsonRecordDecoder::TimestampNumbers;

// "array", "object", "number", "string", "boolean" or "null".
std::string_view JsonTypeName(simdjson::ondemand::json_type t);

// The token of a scalar as it appears in the line, without trailing whitespace.
std::string_view RawToken(simdjson::ondemand::value& v);
// "number 1.5", "string \"x\"" (the raw token, cut at 40 bytes), or "object", "array".
std::string Describe(simdjson::ondemand::value& v, simdjson::ondemand::json_type t);

// simdjson's error (a syntax error, invalid UTF-8, ...), named by field below the root.
std::unexpected<Error> Malformed(const JsonPlanNode& n, simdjson::error_code e);
// "field 'a.b': <why>".
std::unexpected<Error> Bad(const JsonPlanNode& n, std::string_view why);
// "field 'a.b': expected <what the kind takes>, got <json type> [<raw token, cut at 40>]".
std::unexpected<Error> WrongType(const JsonPlanNode& n, TimestampNumbers numbers,
                                 simdjson::ondemand::value& v, simdjson::ondemand::json_type t);
// The same with the expectation spelled out: "field 'a.b': expected <expected>, got ...".
std::unexpected<Error> Unexpected(const JsonPlanNode& n, std::string_view expected,
                                  simdjson::ondemand::value& v, simdjson::ondemand::json_type t);
// A timestamp given as an integer count (`count`, its JSON text) whose value in the
// column's unit does not fit int64.
std::unexpected<Error> EpochOutOfRange(const JsonPlanNode& n, TimestampNumbers numbers,
                                       std::string_view count);

}  // namespace firn::ingest
