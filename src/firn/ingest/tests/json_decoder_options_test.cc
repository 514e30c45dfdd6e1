// JsonRecordDecoder::Options beyond the defaults: case-insensitive keys and timestamps as
// epoch numbers, on top-level fields and on fields of a struct inside a list; the exact
// messages of their errors, and the rollback of the batch after each.
// (json_record_decoder_test.cc checks that canonical input decodes the same under them.)
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <string>

#include "batch_snapshot.h"
#include "firn/iceberg/types/schema.h"
#include "firn/iceberg/types/temporal.h"
#include "firn/ingest/json/json_record_decoder.h"

namespace firn::ingest {
namespace {

using iceberg::Optional;
using iceberg::Required;
using iceberg::Type;
using parquet::ColumnVector;
using parquet::RecordBatch;
using testing::Snap;
using Options = JsonRecordDecoder::Options;
using TimestampNumbers = JsonRecordDecoder::TimestampNumbers;

iceberg::Schema TestSchema() {
  return iceberg::Schema(
      0, {Required(1, "Name", Type::String()),
          Optional(2, "ts", Type::Timestamp()),
          Optional(3, "tstz", Type::TimestampTz()),
          Optional(4, "tsns", Type::TimestampNs()),
          Optional(5, "tstzns", Type::TimestampTzNs()),
          Optional(6, "day", Type::Date()),
          Optional(7, "Events", Type::List(8, false, Type::Struct({Required(9, "kind", Type::String()),
                                                                   Optional(10, "At", Type::TimestampTz()),
                                                                   Optional(11, "atNs", Type::TimestampNs())}))),
          Optional(12, "attrs", Type::Map(13, Type::String(), 14, false, Type::Int())),
          Optional(15, "ids", Type::Map(16, Type::Long(), 17, false, Type::String()))});
}
enum Col { kName, kTs, kTsTz, kTsNs, kTsTzNs, kDay, kEvents, kAttrs, kIds };
// The fields of Events' element struct.
enum EventField { kKind, kAt, kAtNs };

std::unique_ptr<JsonRecordDecoder> Decoder(Options o) {
  auto d = JsonRecordDecoder::Make(TestSchema(), o);
  EXPECT_TRUE(d.has_value()) << d.error().ToString();
  return std::move(*d);
}

const ColumnVector& EventColumn(const RecordBatch& b, EventField f) {
  return b.columns[kEvents].children[0].children[f];
}

constexpr int64_t kMicrosPerSecond = 1'000'000;

// --- case_insensitive ---

TEST(JsonDecoderOptions, CaseInsensitiveKeysMatchAtEveryLevel) {
  auto dec = Decoder({.case_insensitive = true});
  RecordBatch b = dec->MakeBatch();
  ASSERT_TRUE(dec->AppendLine(R"({"NAME":"x","TS":"2024-01-02T03:04:05","events":[{"KIND":"a","at":"1970-01-01T00:00:01Z"},)"
                              R"({"Kind":"b","ATNS":"1970-01-01T00:00:00.000000001"}],"Attrs":{"K":1,"k":2}})",
                              &b).has_value());
  // Exact keys still match, in any order.
  ASSERT_TRUE(dec->AppendLine(R"({"Events":[{"kind":"c"}],"Name":"y"})", &b).has_value());
  // An escaped key is compared unescaped; "nAME" folds to "name".
  ASSERT_TRUE(dec->AppendLine(R"({"n\u0041ME":"z"})", &b).has_value());
  ASSERT_EQ(b.num_rows, 3);
  ASSERT_TRUE(parquet::ValidateBatch(*dec->schema(), b).has_value());
  EXPECT_EQ(b.columns[kName].BytesAt(0), "x");
  EXPECT_EQ(b.columns[kName].BytesAt(1), "y");
  EXPECT_EQ(b.columns[kName].BytesAt(2), "z");
  EXPECT_EQ(b.columns[kTs].ValueAt<int64_t>(0),
            (iceberg::DaysFromCivil(2024, 1, 2) * 86400 + 3 * 3600 + 4 * 60 + 5) * kMicrosPerSecond);
  // Events: [{a, At 1 s}, {b, atNs 1 ns}], [{c}], null
  const ColumnVector& events = b.columns[kEvents];
  EXPECT_EQ(events.offsets_data()[1], 2);
  EXPECT_EQ(events.offsets_data()[2], 3);
  EXPECT_FALSE(events.IsValid(2));
  EXPECT_EQ(EventColumn(b, kKind).BytesAt(0), "a");
  EXPECT_EQ(EventColumn(b, kKind).BytesAt(1), "b");
  EXPECT_EQ(EventColumn(b, kKind).BytesAt(2), "c");
  EXPECT_EQ(EventColumn(b, kAt).ValueAt<int64_t>(0), kMicrosPerSecond);
  EXPECT_FALSE(EventColumn(b, kAt).IsValid(1));
  EXPECT_FALSE(EventColumn(b, kAtNs).IsValid(0));
  EXPECT_EQ(EventColumn(b, kAtNs).ValueAt<int64_t>(1), 1);
  // Map keys are data: "K" and "k" are two keys, kept as given.
  const ColumnVector& attrs = b.columns[kAttrs];
  EXPECT_EQ(attrs.offsets_data()[1], 2);
  EXPECT_EQ(attrs.children[0].BytesAt(0), "K");
  EXPECT_EQ(attrs.children[0].BytesAt(1), "k");
  EXPECT_EQ(attrs.children[1].ValueAt<int32_t>(1), 2);
}

TEST(JsonDecoderOptions, KeysAreCaseSensitiveByDefault) {
  auto dec = Decoder({});
  RecordBatch b = dec->MakeBatch();
  auto r = dec->AppendLine(R"({"NAME":"x"})", &b);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message(), "line 1: field 'Name': required field is missing");
  ASSERT_TRUE(dec->AppendLine(R"({"Name":"x","name":"y","EVENTS":[1]})", &b).has_value());  // unknown keys
  EXPECT_EQ(b.num_rows, 1);
  EXPECT_FALSE(b.columns[kEvents].IsValid(0));

  auto strict = Decoder({.reject_unknown_fields = true});
  RecordBatch s = strict->MakeBatch();
  r = strict->AppendLine(R"({"Name":"x","name":"y"})", &s);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message(), "line 1: field 'name': unknown field");
}

TEST(JsonDecoderOptions, CaseInsensitiveStillRejectsUnknownFields) {
  auto dec = Decoder({.reject_unknown_fields = true, .case_insensitive = true});
  RecordBatch b = dec->MakeBatch();
  auto r = dec->AppendLine(R"({"name":"x","EVENTS":[{"KIND":"a","Extra":1}]})", &b);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message(), "line 1: field 'Events.element.Extra': unknown field");
  EXPECT_EQ(b.num_rows, 0);
}

// After two good rows (values everywhere, then nulls), `line` fails with "line 3: " +
// `message`, leaves the batch as it was, and the decoder goes on.
void ExpectRejected(Options o, const std::string& line, const std::string& message) {
  SCOPED_TRACE(line);
  auto dec = Decoder(o);
  RecordBatch b = dec->MakeBatch();
  ASSERT_TRUE(dec->AppendLine(R"({"Name":"g","ts":"2024-01-02T03:04:05","tsns":"2024-01-02T03:04:05.123456789",)"
                              R"("Events":[{"kind":"k","At":"1970-01-01T00:00:01Z"},null,{"kind":"m"}],"attrs":{"a":1},)"
                              R"("ids":[{"key":1,"value":"one"}]})",
                              &b).has_value());
  ASSERT_TRUE(dec->AppendLine(R"({"Name":"h","Events":[]})", &b).has_value());
  const auto before = Snap(b);
  auto r = dec->AppendLine(line, &b);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind(), ErrorKind::kInvalidArgument);
  EXPECT_EQ(r.error().message(), "line 3: " + message);
  EXPECT_EQ(b.num_rows, 2);
  EXPECT_TRUE(Snap(b) == before);
  ASSERT_TRUE(parquet::ValidateBatch(*dec->schema(), b).has_value());
  ASSERT_TRUE(dec->AppendLine(R"({"Name":"i","Events":[{"kind":"n"}]})", &b).has_value());
  EXPECT_EQ(b.num_rows, 3);
}

TEST(JsonDecoderOptions, KeysDifferingOnlyInCaseAreGivenTwice) {
  const Options o{.case_insensitive = true};
  ExpectRejected(o, R"({"Name":"a","name":"b"})", "field 'Name': given twice (keys differ only in case)");
  ExpectRejected(o, R"({"name":"a","NAME":"b"})", "field 'Name': given twice (keys differ only in case)");
  ExpectRejected(o, R"({"TS":"2024-01-02T03:04:05","ts":"2024-01-02T03:04:05","Name":"a"})",
                 "field 'ts': given twice (keys differ only in case)");
  // The same key twice is a plain duplicate, folded or not.
  ExpectRejected(o, R"({"NAME":"a","NAME":"b"})", "field 'Name': given twice");
  ExpectRejected(o, R"({"Name":"a","Name":"b"})", "field 'Name': given twice");
  // In a struct inside a list, after elements were appended.
  ExpectRejected(o, R"({"Name":"a","Events":[{"kind":"a"},{"KIND":"b","Kind":"c"}]})",
                 "field 'Events.element.kind': given twice (keys differ only in case)");
  ExpectRejected(o, R"({"Name":"a","Events":[{"kind":"a","At":"1970-01-01T00:00:01Z","at":"1970-01-01T00:00:02Z"}]})",
                 "field 'Events.element.At': given twice (keys differ only in case)");
  // Keys of different objects do not collide.
  auto dec = Decoder(o);
  RecordBatch b = dec->MakeBatch();
  ASSERT_TRUE(dec->AppendLine(R"({"Events":[{"KIND":"a"},{"Kind":"b"}],"name":"x"})", &b).has_value());
  // The "key" and "value" of a map entry are the decoder's syntax, not field names.
  ExpectRejected(o, R"({"Name":"a","ids":[{"KEY":1,"value":"x"}]})", "field 'ids.key': required field is missing");
}

TEST(JsonDecoderOptions, AppendLinesStopsAtACaseCollision) {
  auto dec = Decoder({.case_insensitive = true});
  RecordBatch b = dec->MakeBatch();
  const std::string input = "{\"NAME\":\"a\"}\n{\"Name\":\"b\",\"nAmE\":\"c\"}\n{\"name\":\"d\"}\n";
  std::string_view bad;
  auto r = dec->AppendLines(input, true, 100, &b, &bad);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message(), "line 2: field 'Name': given twice (keys differ only in case)");
  EXPECT_EQ(bad, "{\"Name\":\"b\",\"nAmE\":\"c\"}");
  EXPECT_EQ(b.num_rows, 1);
  EXPECT_EQ(b.columns[kName].length, 1);
  const size_t resume = static_cast<size_t>(bad.data() + bad.size() + 1 - input.data());
  ASSERT_TRUE(dec->AppendLines(std::string_view(input).substr(resume), true, 100, &b).has_value());
  EXPECT_EQ(b.num_rows, 2);
  EXPECT_EQ(b.columns[kName].BytesAt(1), "d");
}

TEST(JsonDecoderOptions, MakeRejectsFieldsDifferingOnlyInCase) {
  const iceberg::Schema nested(
      0, {Optional(1, "id", Type::Long()),
          Optional(2, "l", Type::List(3, false, Type::Struct({Optional(4, "name", Type::String()),
                                                              Optional(5, "NAME", Type::String())})))});
  auto r = JsonRecordDecoder::Make(nested, {.case_insensitive = true});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind(), ErrorKind::kInvalidArgument);
  EXPECT_EQ(r.error().message(),
            "fields 'l.element.NAME' and 'l.element.name' differ only in case: case-insensitive keys "
            "cannot tell them apart");
  const iceberg::Schema top(0, {Optional(1, "Id", Type::Long()), Optional(2, "id", Type::Long())});
  r = JsonRecordDecoder::Make(top, {.case_insensitive = true});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message(),
            "fields 'Id' and 'id' differ only in case: case-insensitive keys cannot tell them apart");
  // Exact matching tells them apart.
  auto exact = JsonRecordDecoder::Make(nested);
  ASSERT_TRUE(exact.has_value());
  RecordBatch b = (*exact)->MakeBatch();
  ASSERT_TRUE((*exact)->AppendLine(R"({"l":[{"NAME":"B","name":"a"}]})", &b).has_value());
  EXPECT_EQ(b.columns[1].children[0].children[0].BytesAt(0), "a");
  EXPECT_EQ(b.columns[1].children[0].children[1].BytesAt(0), "B");
}

// --- timestamp_numbers ---

TEST(JsonDecoderOptions, TimestampNumbersAsEpochMillis) {
  auto dec = Decoder({.timestamp_numbers = TimestampNumbers::kMillis});
  RecordBatch b = dec->MakeBatch();
  ASSERT_TRUE(dec->AppendLine(R"({"Name":"a","ts":1700000000123,"tstz":-1,"tsns":1700000000123,"tstzns":-0,)"
                              R"("Events":[{"kind":"k","At":1,"atNs":-1700000000123},)"
                              R"({"kind":"s","At":"1970-01-01T00:00:01Z","atNs":"1970-01-01T00:00:00.000000001"}]})",
                              &b).has_value());
  // Strings work as ever; the largest counts that fit.
  ASSERT_TRUE(dec->AppendLine(R"({"Name":"b","ts":"1970-01-01T00:00:00.001","tstz":9223372036854775,)"
                              R"("tsns":9223372036854,"tstzns":-9223372036854})",
                              &b).has_value());
  ASSERT_EQ(b.num_rows, 2);
  ASSERT_TRUE(parquet::ValidateBatch(*dec->schema(), b).has_value());
  const auto& c = b.columns;
  EXPECT_EQ(c[kTs].ValueAt<int64_t>(0), 1'700'000'000'123'000);
  EXPECT_EQ(c[kTsTz].ValueAt<int64_t>(0), -1'000);
  EXPECT_EQ(c[kTsNs].ValueAt<int64_t>(0), 1'700'000'000'123'000'000);
  EXPECT_EQ(c[kTsTzNs].ValueAt<int64_t>(0), 0);
  EXPECT_EQ(EventColumn(b, kAt).ValueAt<int64_t>(0), 1'000);
  EXPECT_EQ(EventColumn(b, kAtNs).ValueAt<int64_t>(0), -1'700'000'000'123'000'000);
  EXPECT_EQ(EventColumn(b, kAt).ValueAt<int64_t>(1), kMicrosPerSecond);
  EXPECT_EQ(EventColumn(b, kAtNs).ValueAt<int64_t>(1), 1);
  EXPECT_EQ(c[kTs].ValueAt<int64_t>(1), 1'000);
  EXPECT_EQ(c[kTsTz].ValueAt<int64_t>(1), 9'223'372'036'854'775'000);
  EXPECT_EQ(c[kTsNs].ValueAt<int64_t>(1), 9'223'372'036'854'000'000);
  EXPECT_EQ(c[kTsTzNs].ValueAt<int64_t>(1), -9'223'372'036'854'000'000);
}

TEST(JsonDecoderOptions, TimestampNumbersAsEpochMicros) {
  auto dec = Decoder({.timestamp_numbers = TimestampNumbers::kMicros});
  RecordBatch b = dec->MakeBatch();
  ASSERT_TRUE(dec->AppendLine(R"({"Name":"a","ts":1700000000123456,"tstz":-1,"tsns":1700000000123456,)"
                              R"("tstzns":9223372036854775,"Events":[{"kind":"k","At":9223372036854775807,)"
                              R"("atNs":-9223372036854775}]})",
                              &b).has_value());
  ASSERT_TRUE(dec->AppendLine(R"({"Name":"b","ts":-9223372036854775808,"tstz":"1970-01-01T00:00:00.000001Z"})", &b)
                  .has_value());
  ASSERT_EQ(b.num_rows, 2);
  ASSERT_TRUE(parquet::ValidateBatch(*dec->schema(), b).has_value());
  const auto& c = b.columns;
  EXPECT_EQ(c[kTs].ValueAt<int64_t>(0), 1'700'000'000'123'456);
  EXPECT_EQ(c[kTsTz].ValueAt<int64_t>(0), -1);
  EXPECT_EQ(c[kTsNs].ValueAt<int64_t>(0), 1'700'000'000'123'456'000);
  EXPECT_EQ(c[kTsTzNs].ValueAt<int64_t>(0), 9'223'372'036'854'775'000);
  EXPECT_EQ(EventColumn(b, kAt).ValueAt<int64_t>(0), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(EventColumn(b, kAtNs).ValueAt<int64_t>(0), -9'223'372'036'854'775'000);
  EXPECT_EQ(c[kTs].ValueAt<int64_t>(1), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(c[kTsTz].ValueAt<int64_t>(1), 1);
}

TEST(JsonDecoderOptions, TimestampNumberErrorsNameTheFieldAndRollBack) {
  const Options reject{};
  const Options millis{.timestamp_numbers = TimestampNumbers::kMillis};
  const Options micros{.timestamp_numbers = TimestampNumbers::kMicros};
  // kReject is today's behaviour.
  ExpectRejected(reject, R"({"Name":"a","ts":1700000000123})",
                 "field 'ts': expected a timestamp string, got number 1700000000123");
  ExpectRejected(reject, R"({"Name":"a","Events":[{"kind":"k","At":"1970-01-01T00:00:01Z"},{"kind":"l","At":1}]})",
                 "field 'Events.element.At': expected a timestamp string, got number 1");
  // Not integers.
  ExpectRejected(millis, R"({"Name":"a","ts":1.5})",
                 "field 'ts': expected a timestamp string or integer epoch milliseconds, got number 1.5");
  ExpectRejected(millis, R"({"Name":"a","tstz":1e3})",
                 "field 'tstz': expected a timestamp string or integer epoch milliseconds, got number 1e3");
  ExpectRejected(millis, R"({"Name":"a","tsns":1.0})",
                 "field 'tsns': expected a timestamp string or integer epoch milliseconds, got number 1.0");
  ExpectRejected(millis, R"({"Name":"a","ts":true})",
                 "field 'ts': expected a timestamp string or integer epoch milliseconds, got boolean true");
  ExpectRejected(micros, R"({"Name":"a","tstzns":-1.5})",
                 "field 'tstzns': expected a timestamp string or integer epoch microseconds, got number -1.5");
  ExpectRejected(millis, R"({"Name":"a","Events":[{"kind":"k","At":1},{"kind":"l","At":2.5}]})",
                 "field 'Events.element.At': expected a timestamp string or integer epoch milliseconds, got number 2.5");
  // Out of range once scaled, or beyond int64 already.
  ExpectRejected(millis, R"({"Name":"a","ts":9223372036854776})",
                 "field 'ts': 9223372036854776 epoch milliseconds is out of range for timestamp");
  ExpectRejected(millis, R"({"Name":"a","tstz":-9223372036854776})",
                 "field 'tstz': -9223372036854776 epoch milliseconds is out of range for timestamptz");
  ExpectRejected(millis, R"({"Name":"a","tsns":9223372036855})",
                 "field 'tsns': 9223372036855 epoch milliseconds is out of range for timestamp_ns");
  ExpectRejected(millis, R"({"Name":"a","ts":99999999999999999999})",
                 "field 'ts': 99999999999999999999 epoch milliseconds is out of range for timestamp");
  ExpectRejected(micros, R"({"Name":"a","tstzns":9223372036854776})",
                 "field 'tstzns': 9223372036854776 epoch microseconds is out of range for timestamptz_ns");
  ExpectRejected(micros, R"({"Name":"a","ts":9223372036854775808})",
                 "field 'ts': 9223372036854775808 epoch microseconds is out of range for timestamp");
  ExpectRejected(micros, R"({"Name":"a","ts":-9223372036854775809})",
                 "field 'ts': -9223372036854775809 epoch microseconds is out of range for timestamp");
  ExpectRejected(millis, R"({"Name":"a","Events":[{"kind":"k","atNs":1},{"kind":"l","atNs":9223372036855}]})",
                 "field 'Events.element.atNs': 9223372036855 epoch milliseconds is out of range for timestamp_ns");
  // Strings are parsed as ever, so a number in a string is not a count.
  ExpectRejected(millis, R"({"Name":"a","ts":"1700000000123"})",
                 "field 'ts': invalid timestamp '1700000000123': expected YYYY-MM-DDTHH:MM:SS[.ffffff]");
  // Dates are not affected.
  ExpectRejected(millis, R"({"Name":"a","day":1})", "field 'day': expected a date string, got number 1");
}

// --- damaged input under both options (json_damage_test.cc style) ---

// `line` appended after a good row is either a valid row or an error naming line 2 that
// leaves the batch as it was; never a crash or an ill-formed batch.
void CheckDamaged(JsonRecordDecoder& dec, const std::string& good, const std::string& line) {
  RecordBatch b = dec.MakeBatch();
  const int64_t base = dec.lines();
  ASSERT_TRUE(dec.AppendLine(good, &b).has_value());
  const auto before = Snap(b);
  auto r = dec.AppendLine(line, &b);
  if (!r.has_value()) {
    EXPECT_EQ(r.error().kind(), ErrorKind::kInvalidArgument);
    EXPECT_TRUE(r.error().message().starts_with(fmt::format("line {}: ", base + 2)))
        << r.error().message();
    EXPECT_TRUE(Snap(b) == before) << line;
  }
  auto v = parquet::ValidateBatch(*dec.schema(), b);
  ASSERT_TRUE(v.has_value()) << v.error().ToString() << " after " << line;
}

TEST(JsonDecoderOptions, DamagedInputStaysValid) {
  const std::string good =
      R"({"NAME":"a","Ts":1700000000123,"TSTZ":"2024-01-02T03:04:05Z","tsns":-5,"tstzNS":9223372036854,)"
      R"("EVENTS":[{"KIND":"k","at":1,"AtNs":"1970-01-01T00:00:00.000000001"},{"kind":"l","AT":-1}],)"
      R"("Attrs":{"X":1},"IDS":[{"key":1,"value":"v"}]})";
  const char kNasty[] = {'"', '\\', '{', '}', '[', ']', ',', ':', '0', '9', '-', '.', 'e', 'A', 'z', '\0', '\xff', ' '};
  for (auto numbers : {TimestampNumbers::kMillis, TimestampNumbers::kMicros}) {
    auto dec = Decoder({.reject_unknown_fields = false, .case_insensitive = true, .timestamp_numbers = numbers});
    std::mt19937_64 rng(7);
    for (size_t n = 0; n < good.size(); ++n) CheckDamaged(*dec, good, good.substr(0, n));
    for (int iter = 0; iter < 2000; ++iter) {
      std::string line = good;
      const int edits = 1 + static_cast<int>(rng() % 4);
      for (int e = 0; e < edits; ++e) {
        const size_t pos = rng() % line.size();
        switch (rng() % 3) {
          case 0: line[pos] = kNasty[rng() % sizeof(kNasty)]; break;
          case 1: line.erase(pos, 1 + rng() % 5); break;
          default: line.insert(pos, 1, kNasty[rng() % sizeof(kNasty)]);
        }
        if (line.empty()) line = "{";
      }
      CheckDamaged(*dec, good, line);
    }
    for (const char* c : {R"({"Name":"a","ts":01})", R"({"Name":"a","ts":-})", R"({"Name":"a","ts":-0})",
                          R"({"Name":"a","ts":1e999})", R"({"Name":"a","ts":-1E-1})",
                          R"({"Name":"a","ts":123456789012345678901234567890123456789012345678901234567890})",
                          R"({"Name":"a","ts":-9223372036854775808})", R"({"Name":"a","ts":00})",
                          R"({"NAME":"a","nAmE":"b","NAme":"c"})", "{\"N\\u0000ME\":\"a\"}"}) {
      CheckDamaged(*dec, good, c);
    }
  }
}

}  // namespace
}  // namespace firn::ingest
