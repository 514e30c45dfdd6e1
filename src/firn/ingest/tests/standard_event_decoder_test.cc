#include "firn/ingest/sample/standard_event_decoder.h"

#include <gtest/gtest.h>

#include <string>

#include "event_test_util.h"
#include "firn/parquet/batch/column_vector.h"

namespace firn::ingest {
namespace {

using testing::Generate;
using testing::Lines;
using testing::RenderRow;

constexpr std::string_view kLine1 =
    R"({"event_id":"beeb8da1-658e-4c67-b893-a2eefb32555e","event_time":"2026-11-24T00:00:00.001133Z",)"
    R"("user_id":762411,"session_id":"c34d0bff90150280","event_type":"login",)"
    R"("page":"https://shop.example.com/automotive/item-7940?ref=newsletter","amount":null,)"
    R"("country":"FR","device":{"os":"Android","version":"13.0.6"},"tags":["campaign-q4","family","mobile"]})";

std::string Error(StandardEventDecoder& d, std::string_view line) {
  auto batch = d.MakeBatch();
  auto s = d.AppendLine(line, &batch);
  if (s.has_value()) return "OK";
  EXPECT_EQ(batch.num_rows, 0);
  EXPECT_EQ(s.error().kind(), ErrorKind::kInvalidArgument);
  return s.error().message();
}

TEST(StandardEventDecoderTest, DecodesAKnownLine) {
  StandardEventDecoder d;
  auto batch = d.MakeBatch();
  ASSERT_TRUE(d.AppendLine(kLine1, &batch).has_value());
  ASSERT_EQ(batch.num_rows, 1);
  ASSERT_TRUE(parquet::ValidateBatch(*d.schema(), batch).has_value());
  const auto& c = batch.columns;
  EXPECT_EQ(std::string_view(reinterpret_cast<const char*>(c[0].values.data()), 2), "\xbe\xeb");
  EXPECT_EQ(c[1].ValueAt<int64_t>(0), 1'795'478'400'001'133LL);
  EXPECT_EQ(c[2].ValueAt<int64_t>(0), 762411);
  EXPECT_EQ(c[3].BytesAt(0), "c34d0bff90150280");
  EXPECT_EQ(c[4].BytesAt(0), "login");
  EXPECT_FALSE(c[6].IsValid(0));
  EXPECT_EQ(c[7].BytesAt(0), "FR");
  EXPECT_EQ(c[8].children[0].BytesAt(0), "Android");
  EXPECT_EQ(c[8].children[1].BytesAt(0), "13.0.6");
  ASSERT_EQ(c[9].children[0].length, 3);
  EXPECT_EQ(c[9].children[0].BytesAt(2), "mobile");
  EXPECT_EQ(RenderRow(batch, 0), kLine1);
}

// Every decoded value renders back to exactly the generated line.
TEST(StandardEventDecoderTest, RoundTripsTheStream) {
  const std::string text = Generate(11, 20'000);
  const auto lines = Lines(text);
  StandardEventDecoder d;
  auto batch = d.MakeBatch();
  auto used = d.AppendLines(text, true, 1'000'000, &batch);
  ASSERT_TRUE(used.has_value()) << used.error().ToString();
  EXPECT_EQ(*used, text.size());
  ASSERT_EQ(batch.num_rows, 20'000);
  ASSERT_TRUE(parquet::ValidateBatch(*d.schema(), batch).has_value());
  int64_t with_amount = 0;
  for (int64_t i = 0; i < batch.num_rows; ++i) {
    ASSERT_EQ(RenderRow(batch, i), lines[i]) << "row " << i;
    with_amount += batch.columns[6].IsValid(i);
  }
  EXPECT_GT(with_amount, 4000);  // ~30% carry an amount
  EXPECT_LT(with_amount, 8000);
}

// Decoding in pieces — batches of N rows, input split anywhere — gives the same rows.
TEST(StandardEventDecoderTest, DecodesIncrementally) {
  const std::string text = Generate(5, 3000);
  const auto lines = Lines(text);
  StandardEventDecoder d;
  auto batch = d.MakeBatch();
  std::string pending;
  size_t fed = 0, row = 0, chunk = 1;
  while (row < lines.size()) {
    // Feed 1, 2, 4, ... 4096 bytes at a time, then batches of at most 250 rows.
    const size_t n = std::min(chunk, text.size() - fed);
    pending.append(text, fed, n);
    fed += n;
    chunk = chunk >= 4096 ? 1 : chunk * 2;
    for (;;) {
      batch.Clear();
      auto used = d.AppendLines(pending, fed == text.size(), 250, &batch);
      ASSERT_TRUE(used.has_value()) << used.error().ToString();
      pending.erase(0, *used);
      for (int64_t i = 0; i < batch.num_rows; ++i) ASSERT_EQ(RenderRow(batch, i), lines[row++]);
      if (batch.num_rows < 250) break;
    }
  }
  EXPECT_TRUE(pending.empty());
  EXPECT_EQ(d.lines(), 3000);
}

TEST(StandardEventDecoderTest, IncompleteLastLine) {
  const std::string text = Generate(5, 3);
  const std::string cut = text.substr(0, text.size() - 1);  // no final '\n'
  StandardEventDecoder d;
  auto batch = d.MakeBatch();
  auto first = d.AppendLines(cut, false, 100, &batch);  // waits for the end of line 3
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(*first, cut.rfind('\n') + 1);
  EXPECT_EQ(batch.num_rows, 2);
  auto last = d.AppendLines(std::string_view(cut).substr(*first), true, 100, &batch);
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(*first + *last, cut.size());
  EXPECT_EQ(batch.num_rows, 3);
}

TEST(StandardEventDecoderTest, NullsAndOtherKeyOrders) {
  StandardEventDecoder d;
  auto batch = d.MakeBatch();
  const std::string all_null =
      R"({"tags":null,"device":null,"country":null,"amount":null,"page":null,"event_type":null,)"
      R"("session_id":null,"user_id":null,"event_time":null,"event_id":null,"extra":[1,{"a":2}]})";
  ASSERT_TRUE(d.AppendLine(all_null, &batch).has_value());
  const std::string null_children =
      R"({"event_id":"00000000-0000-0000-0000-000000000000","event_time":"1970-01-01T00:00:00Z",)"
      R"("user_id":-5,"session_id":"\u00e9\n","event_type":"","page":"p","amount":-1e300,)"
      R"("country":"US","device":{"version":null,"os":null},"tags":[null,"x",null]}  )";
  ASSERT_TRUE(d.AppendLine(null_children, &batch).has_value());
  ASSERT_TRUE(d.AppendLine(" \t\r", &batch).has_value());  // blank: no row
  ASSERT_EQ(batch.num_rows, 2);
  ASSERT_TRUE(parquet::ValidateBatch(*d.schema(), batch).has_value());
  const auto& c = batch.columns;
  for (size_t k = 0; k < c.size(); ++k) EXPECT_FALSE(c[k].IsValid(0)) << k;
  EXPECT_TRUE(c[8].IsValid(1));
  EXPECT_FALSE(c[8].children[0].IsValid(1));
  EXPECT_EQ(c[2].ValueAt<int64_t>(1), -5);
  EXPECT_EQ(c[3].BytesAt(1), "\xc3\xa9\n");
  EXPECT_EQ(c[6].ValueAt<double>(1), -1e300);
  EXPECT_EQ(c[9].children[0].length, 3);
  EXPECT_TRUE(c[9].children[0].IsValid(1));
  EXPECT_FALSE(c[9].children[0].IsValid(2));
}

std::string Replace(std::string_view line, std::string_view from, std::string_view to) {
  std::string s(line);
  const size_t pos = s.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  return s.replace(pos, from.size(), to);
}

TEST(StandardEventDecoderTest, ErrorsNameTheLineAndField) {
  StandardEventDecoder d;
  auto batch = d.MakeBatch();
  ASSERT_TRUE(d.AppendLine(kLine1, &batch).has_value());
  // Each case is one more line, so errors count from line 2.
  struct Case {
    std::string line;
    std::string message;
  } cases[] = {
      {Replace(kLine1, R"("user_id":762411,)", ""), "line 2: field 'user_id' is missing"},
      {Replace(kLine1, "762411", R"("762411")"),
       "line 3: field 'user_id': expected an integer or null, got string"},
      {Replace(kLine1, "762411", "7.5"), "line 4: field 'user_id': not a 64-bit integer"},
      {Replace(kLine1, "762411", "99999999999999999999"),
       "line 5: field 'user_id': not a 64-bit integer"},
      {Replace(kLine1, R"("amount":null)", R"("amount":"12.5")"),
       "line 6: field 'amount': expected a number or null, got string"},
      {Replace(kLine1, R"("os":"Android")", R"("os":7)"),
       "line 7: field 'device.os': expected a string or null, got number"},
      {Replace(kLine1, R"("os":"Android",)", ""), "line 8: field 'device.os' is missing"},
      {Replace(kLine1, R"("family")", "true"),
       "line 9: field 'tags.element': expected a string or null, got boolean"},
      {Replace(kLine1, R"(["campaign-q4","family","mobile"])", R"({"a":1})"),
       "line 10: field 'tags': expected an array or null, got object"},
      {Replace(kLine1, "beeb8da1-", "beeb8da1+"), "line 11: field 'event_id': 'beeb8da1+"},
      {Replace(kLine1, "T00:00:00.001133Z", "T25:00:00Z"),
       "line 12: field 'event_time': '2026-11-24T25:00:00Z' is not an RFC 3339 timestamp"},
      {Replace(kLine1, R"("event_type":"login")", R"("event_type":nul)"),
       "line 13: field 'event_type': malformed JSON"},
      {"[1,2,3]", "line 14: not a JSON object"},
      {"42", "line 15: not a JSON object"},
      {std::string(kLine1.substr(0, kLine1.size() - 1)), "line 16: "},
      {std::string(kLine1) + "{}", "line 17: malformed JSON"},
      {Replace(kLine1, R"(,"country")", R"("country")"), "line 18: "},
      {Replace(kLine1, "login", "lo\\qgin"), "line 19: field 'event_type': malformed JSON"},
      {Replace(kLine1, "login", "lo\xff\xfegin"), "line 20: malformed JSON"},
      {Replace(kLine1, R"("device":{)", R"("device":{"os":"x",)"), "OK"},  // duplicate: first wins
  };
  for (const auto& c : cases) {
    const std::string got = Error(d, c.line);
    EXPECT_EQ(got.substr(0, c.message.size()), c.message) << c.line;
  }
}

}  // namespace
}  // namespace firn::ingest
