// JsonRecordDecoder: values of every type land in the right physical form, nulls and
// missing fields, and every error names the line and the field and leaves the batch as it
// was (every column, nested children included).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "batch_snapshot.h"
#include "firn/iceberg/types/schema.h"
#include "firn/iceberg/types/temporal.h"
#include "firn/ingest/json/json_record_decoder.h"
#include "firn/ingest/json/json_scalars.h"

namespace firn::ingest {
namespace {

using iceberg::Optional;
using iceberg::Required;
using iceberg::Type;
using parquet::ColumnVector;
using parquet::RecordBatch;
using testing::Snap;

iceberg::Schema AllTypes() {
  return iceberg::Schema(
      0, {Required(1, "b", Type::Boolean()),
          Optional(2, "i", Type::Int()),
          Optional(3, "l", Type::Long()),
          Optional(4, "f", Type::Float()),
          Optional(5, "d", Type::Double()),
          Optional(6, "dec9", Type::Decimal(9, 2)),
          Optional(7, "dec18", Type::Decimal(18, 3)),
          Optional(8, "dec38", Type::Decimal(38, 10)),
          Optional(9, "date", Type::Date()),
          Optional(10, "time", Type::Time()),
          Optional(11, "ts", Type::Timestamp()),
          Optional(12, "tstz", Type::TimestampTz()),
          Optional(13, "tsns", Type::TimestampNs()),
          Optional(14, "tstzns", Type::TimestampTzNs()),
          Optional(15, "s", Type::String()),
          Optional(16, "u", Type::Uuid()),
          Optional(17, "fx", Type::Fixed(3)),
          Optional(18, "bin", Type::Binary()),
          Optional(19, "st", Type::Struct({Required(20, "a", Type::Int()),
                                           Optional(21, "inner", Type::Struct({Optional(22, "x", Type::String())}))})),
          Optional(23, "lst", Type::List(24, false, Type::Long())),
          Optional(25, "ml", Type::List(26, true, Type::List(27, false, Type::Struct({Optional(28, "k", Type::String())})))),
          Optional(29, "ms", Type::Map(30, Type::String(), 31, false, Type::Int())),
          Optional(32, "mi", Type::Map(33, Type::Long(), 34, false, Type::List(35, true, Type::String())))});
}
enum Col { kB, kI, kL, kF, kD, kDec9, kDec18, kDec38, kDate, kTime, kTs, kTsTz, kTsNs, kTsTzNs, kS, kU, kFx, kBin, kSt, kLst, kMl, kMs, kMi };

std::unique_ptr<JsonRecordDecoder> Decoder(JsonRecordDecoder::Options o = {}) {
  auto d = JsonRecordDecoder::Make(AllTypes(), o);
  EXPECT_TRUE(d.has_value()) << d.error().ToString();
  return std::move(*d);
}

constexpr const char* kFull =
    R"({"b":true,"i":-2147483648,"l":-9223372036854775808,"f":1.5,"d":-0.1,"dec9":"-9999999.99",)"
    R"("dec18":999999999999999.999,"dec38":"-9999999999999999999999999999.9999999999","date":"0001-01-01",)"
    R"("time":"23:59:59.999999","ts":"1969-12-31T23:59:59.999999","tstz":"0999-06-15T12:00:00.000001+01:30",)"
    R"("tsns":"2262-04-11T23:47:16.854775807","tstzns":"1677-09-21T00:12:43.145224192Z",)"
    R"("s":"h\u00e9llo \"q\" \\ \n\t\u0001 ✓ 😀","u":"F79C3E09-677c-4bbd-a479-3f349cb785e7","fx":"AQID","bin":"",)"
    R"("st":{"inner":{"x":"y"},"a":1},"lst":[9223372036854775807,null,0],"ml":[[{"k":"a"},null],[]],)"
    R"("ms":{"a":1,"b":null},"mi":[{"value":["x"],"key":-1},{"key":2,"value":null}]})";

TEST(JsonRecordDecoder, EveryTypeAndExtremes) {
  auto dec = Decoder();
  RecordBatch b = dec->MakeBatch();
  ASSERT_TRUE(dec->AppendLine(kFull, &b).has_value());
  ASSERT_EQ(b.num_rows, 1);
  ASSERT_TRUE(parquet::ValidateBatch(*dec->schema(), b).has_value());
  const auto& c = b.columns;
  EXPECT_EQ(c[kB].ValueAt<uint8_t>(0), 1);
  EXPECT_EQ(c[kI].ValueAt<int32_t>(0), std::numeric_limits<int32_t>::min());
  EXPECT_EQ(c[kL].ValueAt<int64_t>(0), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(c[kF].ValueAt<float>(0), 1.5f);
  EXPECT_EQ(c[kD].ValueAt<double>(0), -0.1);
  EXPECT_EQ(c[kDec9].ValueAt<int32_t>(0), -999999999);
  EXPECT_EQ(c[kDec18].ValueAt<int64_t>(0), 999999999999999999LL);
  ASSERT_EQ(c[kDec38].values.size(), 16u);
  Int128 max38 = 0;
  for (int k = 0; k < 38; ++k) max38 = max38 * 10 + 9;
  EXPECT_TRUE(LoadBigEndian(c[kDec38].values.data(), 16) == -max38);
  EXPECT_EQ(c[kDec38].values.data()[0], 0xb4);  // -(10^38 - 1) big-endian starts 0xb4...
  EXPECT_EQ(c[kDate].ValueAt<int32_t>(0), iceberg::DaysFromCivil(1, 1, 1));
  EXPECT_EQ(c[kTime].ValueAt<int64_t>(0), 86'400'000'000LL - 1);
  EXPECT_EQ(c[kTs].ValueAt<int64_t>(0), -1);
  EXPECT_EQ(c[kTsTz].ValueAt<int64_t>(0),
            (iceberg::DaysFromCivil(999, 6, 15) * 86400 + 12 * 3600 - 90 * 60) * 1'000'000 + 1);
  EXPECT_EQ(c[kTsNs].ValueAt<int64_t>(0), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(c[kTsTzNs].ValueAt<int64_t>(0), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(c[kS].BytesAt(0), "h\xc3\xa9llo \"q\" \\ \n\t\x01 \xe2\x9c\x93 \xf0\x9f\x98\x80");
  EXPECT_EQ(c[kU].values.view(), std::string("\xf7\x9c\x3e\x09\x67\x7c\x4b\xbd\xa4\x79\x3f\x34\x9c\xb7\x85\xe7", 16));
  EXPECT_EQ(c[kFx].values.view(), std::string("\x01\x02\x03", 3));
  EXPECT_TRUE(c[kBin].IsValid(0));
  EXPECT_EQ(c[kBin].BytesAt(0), "");
  // struct: keys out of order
  EXPECT_EQ(c[kSt].children[0].ValueAt<int32_t>(0), 1);
  EXPECT_EQ(c[kSt].children[1].children[0].BytesAt(0), "y");
  // list<long> with a null element
  const ColumnVector& lst = c[kLst];
  EXPECT_EQ(lst.offsets_data()[1], 3);
  EXPECT_EQ(lst.children[0].ValueAt<int64_t>(0), std::numeric_limits<int64_t>::max());
  EXPECT_FALSE(lst.children[0].IsValid(1));
  // list<list<struct>>: [[{"k":"a"}, null], []]
  const ColumnVector& ml = c[kMl];
  EXPECT_EQ(ml.offsets_data()[1], 2);
  EXPECT_EQ(ml.children[0].offsets_data()[1], 2);
  EXPECT_EQ(ml.children[0].offsets_data()[2], 2);  // empty inner list
  EXPECT_TRUE(ml.children[0].IsValid(1));
  const ColumnVector& inner = ml.children[0].children[0];
  EXPECT_EQ(inner.length, 2);
  EXPECT_TRUE(inner.IsValid(0));
  EXPECT_FALSE(inner.IsValid(1));
  EXPECT_EQ(inner.children[0].BytesAt(0), "a");
  // map<string,int> as an object
  const ColumnVector& ms = c[kMs];
  EXPECT_EQ(ms.offsets_data()[1], 2);
  EXPECT_EQ(ms.children[0].BytesAt(1), "b");
  EXPECT_EQ(ms.children[1].ValueAt<int32_t>(0), 1);
  EXPECT_FALSE(ms.children[1].IsValid(1));
  // map<long, list<string>> as entries
  const ColumnVector& mi = c[kMi];
  EXPECT_EQ(mi.offsets_data()[1], 2);
  EXPECT_EQ(mi.children[0].ValueAt<int64_t>(0), -1);
  EXPECT_EQ(mi.children[0].ValueAt<int64_t>(1), 2);
  EXPECT_EQ(mi.children[1].children[0].BytesAt(0), "x");
  EXPECT_FALSE(mi.children[1].IsValid(1));
}

// Input in canonical form (exact-case keys, timestamps as strings) decodes the same
// whatever the options (json_decoder_options_test.cc covers what they do change).
TEST(JsonRecordDecoder, OptionsLeaveCanonicalInputAlone) {
  const JsonRecordDecoder::Options defaults;
  EXPECT_FALSE(defaults.reject_unknown_fields);
  EXPECT_FALSE(defaults.case_insensitive);
  EXPECT_EQ(defaults.timestamp_numbers, JsonRecordDecoder::TimestampNumbers::kReject);
  auto plain = Decoder();
  RecordBatch expected = plain->MakeBatch();
  ASSERT_TRUE(plain->AppendLine(kFull, &expected).has_value());
  ASSERT_TRUE(plain->AppendLine(R"({"b":false,"ml":[[]],"mi":[{"key":7,"value":[]}]})", &expected).has_value());
  for (auto numbers : {JsonRecordDecoder::TimestampNumbers::kMillis,
                       JsonRecordDecoder::TimestampNumbers::kMicros}) {
    auto dec = Decoder({.reject_unknown_fields = true, .case_insensitive = true, .timestamp_numbers = numbers});
    RecordBatch b = dec->MakeBatch();
    ASSERT_TRUE(dec->AppendLine(kFull, &b).has_value());
    ASSERT_TRUE(dec->AppendLine(R"({"b":false,"ml":[[]],"mi":[{"key":7,"value":[]}]})", &b).has_value());
    EXPECT_EQ(b.num_rows, 2);
    EXPECT_TRUE(Snap(b) == Snap(expected));
  }
}

TEST(JsonRecordDecoder, NullsMissingAndEmpty) {
  auto dec = Decoder();
  RecordBatch b = dec->MakeBatch();
  ASSERT_TRUE(dec->AppendLine(R"({"b":false})", &b).has_value());
  ASSERT_TRUE(dec->AppendLine(R"({"b":false,"i":null,"st":null,"lst":[],"ms":{},"mi":[],"ml":[[]]})", &b).has_value());
  ASSERT_TRUE(dec->AppendLine("  \r", &b).has_value());  // blank: no row
  ASSERT_EQ(b.num_rows, 2);
  ASSERT_TRUE(parquet::ValidateBatch(*dec->schema(), b).has_value());
  for (int col = kI; col <= kMi; ++col) EXPECT_FALSE(b.columns[col].IsValid(0)) << col;
  EXPECT_FALSE(b.columns[kI].IsValid(1));
  EXPECT_FALSE(b.columns[kSt].IsValid(1));
  EXPECT_EQ(b.columns[kSt].children[0].length, 2);  // a null struct's children get slots
  EXPECT_TRUE(b.columns[kLst].IsValid(1));
  EXPECT_EQ(b.columns[kLst].offsets_data()[2], 0);
  EXPECT_TRUE(b.columns[kMs].IsValid(1));
  EXPECT_TRUE(b.columns[kMi].IsValid(1));
  EXPECT_EQ(b.columns[kMl].children[0].length, 1);
  EXPECT_EQ(dec->lines(), 3);
}

TEST(JsonRecordDecoder, NumbersAndSpecialFloats) {
  auto dec = Decoder();
  RecordBatch b = dec->MakeBatch();
  ASSERT_TRUE(dec->AppendLine(R"({"b":true,"f":"NaN","d":"-Infinity","dec9":12,"dec18":"-0.5"})", &b).has_value());
  ASSERT_TRUE(dec->AppendLine(R"({"b":true,"f":"Infinity","d":3,"dec9":12.3,"dec18":1e0})", &b).has_value() == false);
  ASSERT_TRUE(dec->AppendLine(R"({"b":true,"f":-0.0,"d":1e300,"dec9":"0.01","dec18":0})", &b).has_value());
  ASSERT_EQ(b.num_rows, 2);
  EXPECT_TRUE(std::isnan(b.columns[kF].ValueAt<float>(0)));
  EXPECT_EQ(b.columns[kD].ValueAt<double>(0), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(b.columns[kDec9].ValueAt<int32_t>(0), 1200);
  EXPECT_EQ(b.columns[kDec18].ValueAt<int64_t>(0), -500);
  EXPECT_TRUE(std::signbit(b.columns[kF].ValueAt<float>(1)));
  EXPECT_EQ(b.columns[kD].ValueAt<double>(1), 1e300);
  EXPECT_EQ(b.columns[kDec9].ValueAt<int32_t>(1), 1);
}

TEST(JsonRecordDecoder, UnknownFieldsIgnoredOrRejected) {
  const std::string line = R"({"b":true,"zzz":{"deep":[1,2,{"x":null}]},"st":{"a":1,"extra":3}})";
  auto lenient = Decoder();
  RecordBatch b = lenient->MakeBatch();
  ASSERT_TRUE(lenient->AppendLine(line, &b).has_value());
  EXPECT_EQ(b.columns[kSt].children[0].ValueAt<int32_t>(0), 1);
  auto strict = Decoder({.reject_unknown_fields = true});
  RecordBatch s = strict->MakeBatch();
  auto r = strict->AppendLine(line, &s);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message(), "line 1: field 'zzz': unknown field");
  r = strict->AppendLine(R"({"b":true,"st":{"a":1,"extra":3}})", &s);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message(), "line 2: field 'st.extra': unknown field");
  EXPECT_EQ(s.num_rows, 0);
}

// Each bad line after one good line: the exact message, and the batch unchanged.
struct BadCase {
  const char* line;
  const char* message;
};

TEST(JsonRecordDecoder, ErrorsNameLineAndFieldAndRollBack) {
  const BadCase cases[] = {
      {R"({"b":true,"st":{"a":1,"inner":{"x":3}}})", "field 'st.inner.x': expected a string, got number 3"},
      {R"({"b":"yes"})", "field 'b': expected a boolean, got string \"yes\""},
      {R"({"i":1})", "field 'b': required field is missing"},
      {R"({"b":null})", "field 'b': required field is null"},
      {R"({"b":true,"st":{"inner":null}})", "field 'st.a': required field is missing"},
      {R"({"b":true,"i":2147483648})", "field 'i': 2147483648 is out of range for int"},
      {R"({"b":true,"i":1.5})", "field 'i': expected a 32-bit integer, got number 1.5"},
      {R"({"b":true,"l":9223372036854775808})", "field 'l': expected a 64-bit integer, got number 9223372036854775808"},
      {R"({"b":true,"f":1e39})", "field 'f': 1e+39 is out of range for float"},
      {R"({"b":true,"d":"nan"})", "field 'd': expected a number, \"NaN\", \"Infinity\" or \"-Infinity\", got string \"nan\""},
      {R"({"b":true,"dec9":"1.234"})", "field 'dec9': '1.234' has more than 2 fraction digits (decimal(9, 2))"},
      {R"({"b":true,"dec9":12345678})", "field 'dec9': '12345678' does not fit decimal(9, 2)"},
      {R"({"b":true,"dec9":1e2})", "field 'dec9': '1e2' is not a decimal number"},
      {R"({"b":true,"dec9":true})", "field 'dec9': expected a decimal number or string, got boolean true"},
      {R"({"b":true,"date":"2024-02-30"})", "field 'date': invalid date '2024-02-30' (expected YYYY-MM-DD)"},
      {R"({"b":true,"time":"24:00:00"})", "field 'time': invalid time '24:00:00' (expected HH:MM:SS[.ffffff])"},
      {R"({"b":true,"ts":"2024-01-02T03:04:05Z"})", "field 'ts': invalid timestamp '2024-01-02T03:04:05Z': a zone is not allowed"},
      {R"({"b":true,"tstz":"2024-01-02T03:04:05"})", "field 'tstz': invalid timestamp '2024-01-02T03:04:05': a zone ('Z' or +HH:MM) is required"},
      {R"({"b":true,"ts":"2024-01-02T03:04:05.1234567"})", "field 'ts': invalid timestamp '2024-01-02T03:04:05.1234567': invalid time of day"},
      {R"({"b":true,"tsns":"2262-04-11T23:47:16.854775808"})", "field 'tsns': invalid timestamp '2262-04-11T23:47:16.854775808': out of range for nanoseconds"},
      {R"({"b":true,"u":"f79c3e09677c4bbda4793f349cb785e7"})", nullptr},
      {R"({"b":true,"fx":"AQIDBA=="})", "field 'fx': 4 bytes for fixed[3]"},
      {R"({"b":true,"bin":"AQI"})", "field 'bin': not valid base64 (standard alphabet, padded)"},
      {R"({"b":true,"lst":[1,"2"]})", "field 'lst.element': expected an integer, got string \"2\""},
      {R"({"b":true,"lst":{}})", "field 'lst': expected an array, got object"},
      {R"({"b":true,"ml":[[{"k":"a"},{"k":1}]]})", "field 'ml.element.element.k': expected a string, got number 1"},
      {R"({"b":true,"ml":[null]})", "field 'ml.element': required field is null"},
      {R"({"b":true,"ms":{"a":1,"b":"x"}})", "field 'ms.value': expected an integer, got string \"x\""},
      {R"({"b":true,"mi":[{"key":1,"value":["a"]},{"value":[]}]})", "field 'mi.key': required field is missing"},
      {R"({"b":true,"mi":[{"key":1,"value":[null]}]})", "field 'mi.value.element': required field is null"},
      {R"({"b":true,"mi":[5]})", "field 'mi': expected a {\"key\": ..., \"value\": ...} object, got number 5"},
      {R"({"b":true,"i":1,"i":2})", "field 'i': given twice"},
      {R"({"b":true,"s":"x")", nullptr},
      {R"([1,2])", "expected a JSON object per line"},
      {R"({"b":true} {"b":false})", "malformed JSON: content after the object"},
  };
  // The options beyond the defaults concern none of these lines, so they change nothing.
  using TimestampNumbers = JsonRecordDecoder::TimestampNumbers;
  const JsonRecordDecoder::Options options[] = {
      {},
      {.case_insensitive = true, .timestamp_numbers = TimestampNumbers::kMillis},
      {.case_insensitive = true, .timestamp_numbers = TimestampNumbers::kMicros},
  };
  int n = 0;
  for (const JsonRecordDecoder::Options& o : options) {
    SCOPED_TRACE(fmt::format("case_insensitive {}, timestamp_numbers {}", o.case_insensitive,
                             static_cast<int>(o.timestamp_numbers)));
    for (const BadCase& c : cases) {
      SCOPED_TRACE(c.line);
      auto dec = Decoder(o);
      RecordBatch b = dec->MakeBatch();
      ASSERT_TRUE(dec->AppendLine(kFull, &b).has_value());
      // A second good row with a null in every nullable column (validity materialised).
      ASSERT_TRUE(dec->AppendLine(R"({"b":false,"ml":[[]],"mi":[{"key":7,"value":[]}]})", &b).has_value());
      const auto before = Snap(b);
      auto r = dec->AppendLine(c.line, &b);
      ASSERT_FALSE(r.has_value());
      EXPECT_EQ(r.error().kind(), ErrorKind::kInvalidArgument);
      if (c.message != nullptr) {
        EXPECT_EQ(r.error().message(), std::string("line 3: ") + c.message);
      } else {
        EXPECT_TRUE(r.error().message().starts_with("line 3: ")) << r.error().message();
      }
      EXPECT_EQ(b.num_rows, 2);
      EXPECT_TRUE(Snap(b) == before);
      ASSERT_TRUE(parquet::ValidateBatch(*dec->schema(), b).has_value());
      // The decoder goes on after a bad line.
      ASSERT_TRUE(dec->AppendLine(kFull, &b).has_value());
      EXPECT_EQ(b.num_rows, 3);
      ++n;
    }
  }
  EXPECT_EQ(n, 3 * 35);
}

TEST(JsonRecordDecoder, RollbackOfAFirstRowLeavesEmptyVectors) {
  auto dec = Decoder();
  RecordBatch b = dec->MakeBatch();
  const auto empty = Snap(b);
  auto r = dec->AppendLine(R"({"b":true,"i":null,"s":"x","ml":[[{"k":"a"}]],"ms":{"a":null},"lst":[1,2,"x"]})", &b);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message(), "line 1: field 'lst.element': expected an integer, got string \"x\"");
  EXPECT_TRUE(Snap(b) == empty);
  EXPECT_TRUE(b.columns[kS].offsets.size() <= 8u);
}

TEST(JsonRecordDecoder, AppendLinesStopsAtBadLineForDeadLettering) {
  auto dec = Decoder();
  RecordBatch b = dec->MakeBatch();
  const std::string input = "{\"b\":true}\n\n{\"b\":1}\n{\"b\":false}\n{\"b\":true}";
  std::string_view bad;
  auto r = dec->AppendLines(input, false, 100, &b, &bad);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message(), "line 3: field 'b': expected a boolean, got number 1");
  EXPECT_EQ(bad, "{\"b\":1}");
  EXPECT_EQ(b.num_rows, 1);
  const size_t resume = static_cast<size_t>(bad.data() + bad.size() + 1 - input.data());
  auto rest = dec->AppendLines(std::string_view(input).substr(resume), false, 100, &b);
  ASSERT_TRUE(rest.has_value());
  EXPECT_EQ(*rest, 12u);  // the last line is incomplete without end_of_input
  EXPECT_EQ(b.num_rows, 2);
  rest = dec->AppendLines(std::string_view(input).substr(resume + 12), true, 100, &b);
  ASSERT_TRUE(rest.has_value());
  EXPECT_EQ(b.num_rows, 3);
  EXPECT_EQ(dec->lines(), 5);
  EXPECT_EQ(b.columns[kB].ValueAt<uint8_t>(1), 0);
  // max_rows
  RecordBatch c = dec->MakeBatch();
  auto some = dec->AppendLines("{\"b\":true}\n{\"b\":true}\n", true, 1, &c);
  ASSERT_TRUE(some.has_value());
  EXPECT_EQ(*some, 11u);
  EXPECT_EQ(c.num_rows, 1);
}

TEST(JsonRecordDecoder, RejectsABatchOfAnotherShape) {
  auto dec = Decoder();
  RecordBatch b;
  b.columns.resize(2);
  EXPECT_FALSE(dec->AppendLine(R"({"b":true})", &b).has_value());
}

// Keys are first compared raw against the field expected next (two-word compare for names
// of up to 15 bytes): prefixes, extensions, escapes and keys out of order must still land
// in the right field, and what is not a field must stay unknown.
TEST(JsonRecordDecoderTest, KeysMatchExactlyWhateverTheirLength) {
  iceberg::Schema schema(0, {Optional(1, "a", Type::Long()), Optional(2, "ab", Type::Long()),
                             Optional(3, "abcdefghijklmno", Type::Long()),   // 15 bytes: two words
                             Optional(4, "abcdefghijklmnop", Type::Long()),  // 16: memcmp
                             Optional(5, "abcdefgh", Type::Long())});       // 8: the quote in word 2
  auto d = JsonRecordDecoder::Make(schema, {});
  ASSERT_TRUE(d.has_value());
  RecordBatch b = (*d)->MakeBatch();
  const char* lines[] = {
      R"({"a":1,"ab":2,"abcdefghijklmno":3,"abcdefghijklmnop":4,"abcdefgh":5})",
      R"({"ab":12,"a":11,"abcdefghijklmnop":14,"abcdefghijklmno":13})",             // out of order
      R"({"a\u0062":22,"abx":0,"abcdefghijklmnox":0,"abcdefghijklmn":0,"abcdefghi":0})",  // escape, near misses
      R"({"abcdefgh":35,"abcdefg":0,"a":31})",
  };
  for (const char* line : lines) ASSERT_TRUE((*d)->AppendLine(line, &b).has_value()) << line;
  ASSERT_EQ(b.num_rows, 4);
  const int64_t expected[4][5] = {{1, 2, 3, 4, 5}, {11, 12, 13, 14, -1}, {-1, 22, -1, -1, -1}, {31, -1, -1, -1, 35}};
  for (int64_t r = 0; r < 4; ++r) {
    for (size_t c = 0; c < 5; ++c) {
      const ColumnVector& v = b.columns[c];
      const int64_t got = v.IsValid(r) ? v.ValueAt<int64_t>(r) : -1;
      EXPECT_EQ(got, expected[r][c]) << "row " << r << " column " << c;
    }
  }
}

}  // namespace
}  // namespace firn::ingest
