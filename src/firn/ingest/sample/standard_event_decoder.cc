#include "firn/ingest/sample/standard_event_decoder.h"

#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <vector>

#include "firn/common/buffer.h"
#include "firn/common/macros.h"
#include "firn/ingest/json/json_errors.h"
#include "firn/ingest/sample/standard_events.h"
#include "firn/ingest/timestamp_text.h"
#include "firn/ingest/uuid_text.h"

namespace firn::ingest {

namespace sj = simdjson::ondemand;

namespace {

// Top-level columns of StandardEventSchema(), in schema order.
enum Column : size_t {
  kEventId,
  kEventTime,
  kUserId,
  kSessionId,
  kEventType,
  kPage,
  kAmount,
  kCountry,
  kDevice,
  kTags
};

using OptString = std::optional<std::string_view>;

// One line's values, gathered before anything is appended, so that a bad line leaves the
// batch untouched. Strings point into the parser's string buffer: valid until the next
// line is parsed.
struct Row {
  std::optional<UuidBytes> event_id;
  std::optional<int64_t> event_time, user_id;
  OptString session_id, event_type, page, country;
  std::optional<double> amount;
  bool device_present = false;
  OptString os, version;
  bool tags_present = false;
  std::vector<OptString> tags;  // reused across lines
};

std::unexpected<Error> Malformed(std::string_view path, simdjson::error_code e) {
  return InvalidArgument("field '{}': malformed JSON: {}", path, simdjson::error_message(e));
}

// The value of `key`, which must be present. `path` names it in errors.
Result<sj::value> Field(sj::object& obj, std::string_view key, std::string_view path) {
  sj::value v;
  const auto e = obj.find_field_unordered(key).get(v);
  if (e == simdjson::NO_SUCH_FIELD) return InvalidArgument("field '{}' is missing", path);
  if (e) return Malformed(path, e);
  return v;
}

std::unexpected<Error> WrongType(std::string_view path, std::string_view expected,
                                 sj::json_type got) {
  return InvalidArgument("field '{}': expected {} or null, got {}", path, expected, JsonTypeName(got));
}

// For a value that was not of the expected type: nullopt if it is exactly the literal
// `null`, otherwise the error to report. Reading the expected type first and checking
// for null only when that fails keeps the common case to one call.
Result<std::nullopt_t> NullOr(sj::value& v, std::string_view path, std::string_view expected) {
  sj::json_type t;
  if (const auto e = v.type().get(t)) return Malformed(path, e);
  if (t != sj::json_type::null) return WrongType(path, expected, t);
  bool is_null = false;
  if (const auto e = v.is_null().get(is_null)) return Malformed(path, e);
  if (!is_null) return Malformed(path, simdjson::N_ATOM_ERROR);
  return std::nullopt;
}

Result<OptString> ReadString(sj::value v, std::string_view path) {
  std::string_view s;
  const auto e = v.get_string().get(s);
  if (e == simdjson::SUCCESS) return s;
  if (e != simdjson::INCORRECT_TYPE) return Malformed(path, e);
  return NullOr(v, path, "a string");
}

Result<std::optional<int64_t>> ReadLong(sj::value v, std::string_view path) {
  int64_t n;
  const auto e = v.get_int64().get(n);
  if (e == simdjson::SUCCESS) return n;
  sj::json_type t;
  if (v.type().get(t) == simdjson::SUCCESS && t == sj::json_type::number) {
    return InvalidArgument("field '{}': not a 64-bit integer: {}", path,
                           simdjson::error_message(e));
  }
  return NullOr(v, path, "an integer");
}

Result<std::optional<double>> ReadDouble(sj::value v, std::string_view path) {
  double d;
  const auto e = v.get_double().get(d);
  if (e == simdjson::SUCCESS) return d;
  sj::json_type t;
  if (v.type().get(t) == simdjson::SUCCESS && t == sj::json_type::number) {
    return InvalidArgument("field '{}': not a double: {}", path, simdjson::error_message(e));
  }
  return NullOr(v, path, "a number");
}

Status ReadDevice(sj::value v, Row* row) {
  sj::object dev;
  const auto e = v.get_object().get(dev);
  row->device_present = e == simdjson::SUCCESS;
  if (e == simdjson::INCORRECT_TYPE) {
    FIRN_RETURN_NOT_OK(NullOr(v, "device", "an object"));
    return OkStatus();
  }
  if (e) return Malformed("device", e);
  FIRN_ASSIGN_OR_RETURN(sj::value os, Field(dev, "os", "device.os"));
  FIRN_ASSIGN_OR_RETURN(row->os, ReadString(os, "device.os"));
  FIRN_ASSIGN_OR_RETURN(sj::value version, Field(dev, "version", "device.version"));
  FIRN_ASSIGN_OR_RETURN(row->version, ReadString(version, "device.version"));
  return OkStatus();
}

Status ReadTags(sj::value v, Row* row) {
  row->tags.clear();
  sj::array arr;
  const auto e = v.get_array().get(arr);
  row->tags_present = e == simdjson::SUCCESS;
  if (e == simdjson::INCORRECT_TYPE) {
    FIRN_RETURN_NOT_OK(NullOr(v, "tags", "an array"));
    return OkStatus();
  }
  if (e) return Malformed("tags", e);
  for (auto element : arr) {
    sj::value ev;
    if (const auto ee = element.get(ev)) return Malformed("tags", ee);
    FIRN_ASSIGN_OR_RETURN(OptString s, ReadString(ev, "tags.element"));
    row->tags.push_back(s);
  }
  return OkStatus();
}

// Reads every field of the line's object into *row.
Status ReadRow(sj::object& obj, Row* row) {
  FIRN_ASSIGN_OR_RETURN(sj::value v, Field(obj, "event_id", "event_id"));
  FIRN_ASSIGN_OR_RETURN(OptString id, ReadString(v, "event_id"));
  row->event_id.reset();
  if (id) {
    FIRN_ASSIGN_OR_RETURN_CTX(row->event_id, ParseUuid(*id), "field 'event_id'");
  }

  FIRN_ASSIGN_OR_RETURN(v, Field(obj, "event_time", "event_time"));
  FIRN_ASSIGN_OR_RETURN(OptString time, ReadString(v, "event_time"));
  row->event_time.reset();
  if (time) {
    FIRN_ASSIGN_OR_RETURN_CTX(row->event_time, ParseTimestampMicros(*time), "field 'event_time'");
  }

  FIRN_ASSIGN_OR_RETURN(v, Field(obj, "user_id", "user_id"));
  FIRN_ASSIGN_OR_RETURN(row->user_id, ReadLong(v, "user_id"));
  FIRN_ASSIGN_OR_RETURN(v, Field(obj, "session_id", "session_id"));
  FIRN_ASSIGN_OR_RETURN(row->session_id, ReadString(v, "session_id"));
  FIRN_ASSIGN_OR_RETURN(v, Field(obj, "event_type", "event_type"));
  FIRN_ASSIGN_OR_RETURN(row->event_type, ReadString(v, "event_type"));
  FIRN_ASSIGN_OR_RETURN(v, Field(obj, "page", "page"));
  FIRN_ASSIGN_OR_RETURN(row->page, ReadString(v, "page"));
  FIRN_ASSIGN_OR_RETURN(v, Field(obj, "amount", "amount"));
  FIRN_ASSIGN_OR_RETURN(row->amount, ReadDouble(v, "amount"));
  FIRN_ASSIGN_OR_RETURN(v, Field(obj, "country", "country"));
  FIRN_ASSIGN_OR_RETURN(row->country, ReadString(v, "country"));
  FIRN_ASSIGN_OR_RETURN(v, Field(obj, "device", "device"));
  FIRN_RETURN_NOT_OK(ReadDevice(v, row));
  FIRN_ASSIGN_OR_RETURN(v, Field(obj, "tags", "tags"));
  return ReadTags(v, row);
}

void AppendString(const OptString& s, parquet::ColumnVector& c) {
  if (s)
    c.AppendBytes(*s);
  else
    c.AppendNull(0);
}

void AppendRow(const Row& row, parquet::RecordBatch* batch) {
  auto& c = batch->columns;
  if (row.event_id) {
    c[kEventId].AppendFixedBytes(
        {reinterpret_cast<const char*>(row.event_id->data()), row.event_id->size()});
  } else {
    c[kEventId].AppendNull(16);
  }
  if (row.event_time)
    c[kEventTime].AppendValue(*row.event_time);
  else
    c[kEventTime].AppendNull(8);
  if (row.user_id)
    c[kUserId].AppendValue(*row.user_id);
  else
    c[kUserId].AppendNull(8);
  AppendString(row.session_id, c[kSessionId]);
  AppendString(row.event_type, c[kEventType]);
  AppendString(row.page, c[kPage]);
  if (row.amount)
    c[kAmount].AppendValue(*row.amount);
  else
    c[kAmount].AppendNull(8);
  AppendString(row.country, c[kCountry]);
  parquet::ColumnVector& device = c[kDevice];
  AppendString(row.device_present ? row.os : std::nullopt, device.children[0]);
  AppendString(row.device_present ? row.version : std::nullopt, device.children[1]);
  device.AppendStruct(row.device_present);
  parquet::ColumnVector& tags = c[kTags];
  for (const OptString& t : row.tags) AppendString(t, tags.children[0]);
  tags.AppendListEnd(tags.children[0].length, row.tags_present);
  ++batch->num_rows;
}

bool IsBlank(std::string_view line) {
  for (char ch : line) {
    if (ch != ' ' && ch != '\t' && ch != '\r') return false;
  }
  return true;
}

}  // namespace

struct StandardEventDecoder::Impl {
  sj::parser parser;
  Buffer padded;  // the current line followed by SIMDJSON_PADDING zero bytes
  Row row;

  // Parses `line` into `row`.
  Status Parse(std::string_view line) {
    // simdjson reads up to SIMDJSON_PADDING bytes past the end of its input; copying a
    // line (~330 bytes) costs far less than parsing it and keeps callers free of that
    // requirement.
    padded.Clear();
    padded.Append(line);
    std::memset(padded.Extend(simdjson::SIMDJSON_PADDING), 0, simdjson::SIMDJSON_PADDING);
    sj::document doc;
    if (const auto e =
            parser.iterate(reinterpret_cast<const char*>(padded.data()), line.size(), padded.size())
                .get(doc)) {
      return InvalidArgument("malformed JSON: {}", simdjson::error_message(e));
    }
    sj::object obj;
    if (const auto e = doc.get_object().get(obj)) {
      return InvalidArgument("not a JSON object: {}", simdjson::error_message(e));
    }
    FIRN_RETURN_NOT_OK(ReadRow(obj, &row));
    // On-demand parsing reads only what was asked for. Walk on to the end of the object
    // (over fields after the last one read; skipped values are checked for structure,
    // not content) with an ordered lookup of a key no raw JSON key can equal, then check
    // that nothing follows the object. Cheaper than re-walking it with raw_json().
    sj::value unused;
    if (const auto e = obj.find_field(R"(")").get(unused); e != simdjson::NO_SUCH_FIELD) {
      return InvalidArgument("malformed JSON: {}",
                             e ? simdjson::error_message(e) : "unexpected key");
    }
    const char* after = nullptr;
    if (doc.current_location().get(after) != simdjson::OUT_OF_BOUNDS) {
      return InvalidArgument("malformed JSON: content after the object");
    }
    return OkStatus();
  }
};

StandardEventDecoder::StandardEventDecoder()
    : schema_(StandardEventSchema()), impl_(std::make_unique<Impl>()) {}
StandardEventDecoder::~StandardEventDecoder() = default;
StandardEventDecoder::StandardEventDecoder(StandardEventDecoder&&) noexcept = default;
StandardEventDecoder& StandardEventDecoder::operator=(StandardEventDecoder&&) noexcept = default;

Status StandardEventDecoder::AppendLine(std::string_view line, parquet::RecordBatch* batch) {
  ++lines_;
  if (IsBlank(line)) return OkStatus();
  FIRN_RETURN_NOT_OK_CTX(impl_->Parse(line), fmt::format("line {}", lines_));
  AppendRow(impl_->row, batch);
  return OkStatus();
}

Result<size_t> StandardEventDecoder::AppendLines(std::string_view input, bool end_of_input,
                                                 int64_t max_rows, parquet::RecordBatch* batch) {
  size_t pos = 0;
  while (pos < input.size() && batch->num_rows < max_rows) {
    const void* nl = std::memchr(input.data() + pos, '\n', input.size() - pos);
    const size_t end = nl != nullptr
                           ? static_cast<size_t>(static_cast<const char*>(nl) - input.data())
                           : input.size();
    if (nl == nullptr && !end_of_input) break;  // an incomplete line: wait for more input
    FIRN_RETURN_NOT_OK(AppendLine(input.substr(pos, end - pos), batch));
    pos = nl != nullptr ? end + 1 : end;
  }
  return pos;
}

}  // namespace firn::ingest
