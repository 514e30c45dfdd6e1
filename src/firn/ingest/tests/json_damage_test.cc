// Damaged NDJSON never crashes the decoder and never yields an ill-formed batch: every
// bad line is an InvalidArgument naming its line, and the batch stays valid and as it was.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "firn/iceberg/types/schema.h"
#include "firn/ingest/json/json_record_decoder.h"

namespace firn::ingest {
namespace {

using iceberg::Optional;
using iceberg::Required;
using iceberg::Type;

iceberg::Schema Nested() {
  return iceberg::Schema(
      0, {Optional(1, "id", Type::Long()), Optional(2, "name", Type::String()),
          Optional(3, "amount", Type::Decimal(38, 4)), Optional(4, "at", Type::TimestampTz()),
          Optional(5, "tags", Type::List(6, false, Type::String())),
          Optional(7, "attrs", Type::Map(8, Type::String(), 9, true, Type::List(10, false, Type::Int()))),
          Optional(11, "dev", Type::Struct({Required(12, "os", Type::String()),
                                            Optional(13, "v", Type::Struct({Optional(14, "n", Type::Double())}))})),
          Optional(15, "m", Type::Map(16, Type::Date(), 17, false, Type::Binary()))});
}

const char* kGood =
    R"({"id":1,"name":"ä","amount":"12.5","at":"2024-01-02T03:04:05Z","tags":["a",null],)"
    R"("attrs":{"x":[1,2],"y":[]},"dev":{"os":"iOS","v":{"n":1.5}},"m":[{"key":"2024-01-01","value":"AA=="}]})";

// Appends `line` after two good rows; checks the outcome is either a valid row or an
// error naming line 3 with the batch unchanged.
void Check(JsonRecordDecoder& dec, const std::string& line) {
  parquet::RecordBatch b = dec.MakeBatch();
  const int64_t base = dec.lines();
  ASSERT_TRUE(dec.AppendLine(kGood, &b).has_value());
  ASSERT_TRUE(dec.AppendLine(kGood, &b).has_value());
  auto r = dec.AppendLine(line, &b);
  if (r.has_value()) {
    EXPECT_LE(b.num_rows, 3);
  } else {
    EXPECT_EQ(r.error().kind(), ErrorKind::kInvalidArgument);
    EXPECT_TRUE(r.error().message().starts_with(fmt::format("line {}: ", base + 3)))
        << r.error().message();
    EXPECT_EQ(b.num_rows, 2);
  }
  auto v = parquet::ValidateBatch(*dec.schema(), b);
  ASSERT_TRUE(v.has_value()) << v.error().ToString() << " after " << line;
}

TEST(JsonDamage, TruncatedLines) {
  auto dec = JsonRecordDecoder::Make(Nested());
  ASSERT_TRUE(dec.has_value());
  const std::string good = kGood;
  for (size_t n = 0; n < good.size(); ++n) Check(**dec, good.substr(0, n));
}

// Parsed in place (AppendBound with padded = true), a truncated line is followed by the
// rest of the good line and more: what follows must never complete it. Every truncation
// gives what the copied path gives: the same rows, or an error of the same kind.
TEST(JsonDamage, TruncatedLinesInPlaceIgnoreWhatFollows) {
  auto copied = JsonRecordDecoder::Make(Nested());
  auto in_place = JsonRecordDecoder::Make(Nested());
  ASSERT_TRUE(copied.has_value() && in_place.has_value());
  const std::string good = kGood;
  // The rest of the line, then another good line, then padding: as in a file's buffer.
  const std::string buffer = good + "\n" + good + std::string(64, '}');
  for (size_t n = 0; n <= good.size(); ++n) {
    parquet::RecordBatch a = (*copied)->MakeBatch(), b = (*in_place)->MakeBatch();
    ASSERT_TRUE((*copied)->Bind(&a).has_value());
    ASSERT_TRUE((*in_place)->Bind(&b).has_value());
    const std::string_view line(buffer.data(), n);
    auto ra = (*copied)->AppendBound(line, /*padded=*/false);
    auto rb = (*in_place)->AppendBound(line, /*padded=*/true);
    ASSERT_EQ(ra.has_value(), rb.has_value()) << "truncated at " << n;
    if (!ra) {
      // simdjson may notice the damage at another point (the message can name the
      // document instead of the field), never later than the end of the line.
      EXPECT_EQ(rb.error().kind(), ErrorKind::kInvalidArgument);
      if (ra.error().message().find("malformed JSON") != std::string::npos) {
        EXPECT_NE(rb.error().message().find("malformed JSON"), std::string::npos) << rb.error().message();
      } else {
        EXPECT_EQ(ra.error().message(), rb.error().message()) << "truncated at " << n;
      }
      EXPECT_EQ(b.num_rows, 0);
    } else {
      ASSERT_EQ(a.num_rows, b.num_rows);
      EXPECT_EQ(n == good.size() ? 1 : 0, b.num_rows) << "truncated at " << n;
    }
    ASSERT_TRUE(parquet::ValidateBatch(*(*in_place)->schema(), b).has_value());
  }
}

TEST(JsonDamage, CorruptedBytes) {
  auto dec = JsonRecordDecoder::Make(Nested());
  ASSERT_TRUE(dec.has_value());
  std::mt19937_64 rng(42);
  const std::string good = kGood;
  const char kNasty[] = {'"', '\\', '{', '}', '[', ']', ',', ':', '0', '-', 'e', '\0', '\xff', '\xc3', 'n', ' '};
  for (int iter = 0; iter < 3000; ++iter) {
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
    Check(**dec, line);
  }
}

TEST(JsonDamage, InvalidUtf8DeepNestingHugeNumbers) {
  auto dec = JsonRecordDecoder::Make(Nested());
  ASSERT_TRUE(dec.has_value());
  const std::string cases[] = {
      "{\"name\":\"\xff\xfe\"}",
      "{\"name\":\"\xc3\"}",
      "{\"na\xed\xa0\x80me\":1}",
      R"({"name":"\ud800"})",
      std::string(100000, '['),
      "{\"zz\":" + std::string(5000, '[') + std::string(5000, ']') + "}",
      "{\"zz\":" + std::string(5000, '[') + "}",
      "{\"dev\":" + std::string(3000, '{') + "}",
      R"({"id":123456789012345678901234567890})",
      R"({"id":-99999999999999999999})",
      R"({"id":1e999})",
      R"({"amount":123456789012345678901234567890123456789012345678901234567890})",
      R"({"amount":"-"})",
      R"({"amount":"."})",
      R"({"amount":"1."})",
      R"({"amount":-.5})",
      R"({"dev":{"os":"x","v":{"n":1e400}}})",
      R"({"dev":{"os":"x","v":{"n":-}}})",
      R"({"at":"99999-01-01T00:00:00Z"})",
      R"({"at":"-999999999-01-01T00:00:00Z"})",
      R"({"at":"2024-01-01T00:00:00+99:00"})",
      R"({"at":"T"})",
      R"({"at":"Z"})",
      R"({"m":[{"key":"+999999999-01-01","value":"AA=="}]})",
      R"({"m":[{"key":"2024-01-01","value":"A==="}]})",
      R"({"m":[{"key":"2024-01-01","value":"AB=="}]})",
      R"({"attrs":{"x":[1,2147483648]}})",
      R"({"tags":["a","b",)",
      R"({"id":1}})",
      R"({"id":tru})",
      R"({"id":nul})",
      R"({"name":nulll})",
      "\x00\x01\x02",
      "{\"id\":1,\x00}",
      "null",
      "\"just a string\"",
      "123",
  };
  for (const auto& c : cases) Check(**dec, c);
}

}  // namespace
}  // namespace firn::ingest
