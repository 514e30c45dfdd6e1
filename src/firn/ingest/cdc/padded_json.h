// PaddedJson (private to cdc/): simdjson on-demand over unpadded record bytes, and the
// way back from a view into the scratch to the same bytes of the record.
//
// simdjson reads up to SIMDJSON_PADDING bytes past its input, and Kafka's record buffers
// promise none, so each text is copied into a scratch followed by zeros (as
// JsonRecordDecoder does); the copy costs little next to the parse. Views that the caller
// keeps (a row image) are translated back with Original(), so they live as long as the
// record rather than until the next parse.
//
// Thread-safety: none. Not copyable.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>

#include "firn/common/buffer.h"
#include "firn/common/result.h"

namespace firn::ingest::cdc_internal {

class PaddedJson {
 public:
  // Starts parsing `text`; *doc is valid until the next Iterate. The error is simdjson's.
  simdjson::error_code Iterate(std::string_view text, simdjson::ondemand::document* doc);

  // `view`, a range of the scratch of the last Iterate, as the same range of its text,
  // without the whitespace simdjson leaves after an object's closing brace.
  std::string_view Original(std::string_view view) const;

 private:
  simdjson::ondemand::parser parser_;
  Buffer padded_;          // the text, then SIMDJSON_PADDING zero bytes
  std::string_view text_;  // the text of the last Iterate
};

// Whether the document has nothing left after the value read from it (a truncated or
// trailing-garbage text is not).
bool AtEnd(simdjson::ondemand::document& doc);

// `text` without leading and trailing JSON whitespace.
std::string_view TrimJson(std::string_view text);

// Whether `value` is a tombstone: empty, all whitespace, or the literal null.
bool IsTombstone(std::string_view value);

// What a value is, for "got ...": "null", "number 1.5", "string \"x\"", "object", "array".
std::string DescribeJson(simdjson::ondemand::value& value, simdjson::ondemand::json_type type);

// `text` for an error message: control characters escaped, cut at 40 bytes ("...").
std::string ForMessage(std::string_view text);

}  // namespace firn::ingest::cdc_internal
