// Damaged input for the standard event decoder (LevelDB's log_test style): whatever the
// bytes, decoding returns an error or valid rows, never crashes, never an ill-formed batch.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "event_test_util.h"
#include "firn/ingest/sample/standard_event_decoder.h"
#include "firn/parquet/batch/column_vector.h"

namespace firn::ingest {
namespace {

using testing::Generate;
using testing::Lines;
using testing::RenderRow;

void ExpectValid(const StandardEventDecoder& d, const parquet::RecordBatch& batch) {
  auto s = parquet::ValidateBatch(*d.schema(), batch);
  ASSERT_TRUE(s.has_value()) << s.error().ToString();
}

// Every proper prefix of a line is an error that names the line; the full line decodes.
TEST(DecoderDamageTest, TruncatedAtEveryOffset) {
  const auto lines = Lines(Generate(21, 6));
  StandardEventDecoder d;
  auto batch = d.MakeBatch();
  for (const auto& line : lines) {
    for (size_t cut = 1; cut < line.size(); ++cut) {
      const int64_t rows = batch.num_rows;
      auto s = d.AppendLine(std::string_view(line).substr(0, cut), &batch);
      ASSERT_FALSE(s.has_value()) << "cut at " << cut << ": " << line.substr(0, cut);
      EXPECT_EQ(s.error().kind(), ErrorKind::kInvalidArgument);
      EXPECT_EQ(s.error().message().rfind(fmt::format("line {}: ", d.lines()), 0), 0u)
          << s.error().message();
      EXPECT_EQ(batch.num_rows, rows);
    }
    ASSERT_TRUE(d.AppendLine(line, &batch).has_value());
  }
  ExpectValid(d, batch);
  ASSERT_EQ(batch.num_rows, static_cast<int64_t>(lines.size()));
  for (size_t i = 0; i < lines.size(); ++i) EXPECT_EQ(RenderRow(batch, i), lines[i]);
}

// A truncated line followed by a good one, through AppendLines: the good rows before it
// stay, the error names the truncated line.
TEST(DecoderDamageTest, TruncatedLineInsideAStream) {
  const auto lines = Lines(Generate(22, 3));
  for (size_t cut = 1; cut < lines[1].size(); ++cut) {
    const std::string text = lines[0] + "\n" + lines[1].substr(0, cut) + "\n" + lines[2] + "\n";
    StandardEventDecoder d;
    auto batch = d.MakeBatch();
    auto r = d.AppendLines(text, true, 100, &batch);
    ASSERT_FALSE(r.has_value()) << cut;
    EXPECT_EQ(r.error().message().rfind("line 2: ", 0), 0u) << r.error().message();
    EXPECT_EQ(batch.num_rows, 1);
    ExpectValid(d, batch);
  }
}

// Random byte changes, with a fixed seed: errors or valid rows.
TEST(DecoderDamageTest, RandomByteFlips) {
  const std::string text = Generate(23, 200);
  std::mt19937_64 rng(20261124);
  constexpr std::string_view kInteresting = "{}[]\":,\\n0-.eE \n\r\t\x00\x80\xff";
  int errors = 0, clean = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    std::string damaged = text;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) {
      const size_t pos = rng() % damaged.size();
      damaged[pos] =
          (rng() & 1) ? kInteresting[rng() % kInteresting.size()] : static_cast<char>(rng() & 0xff);
    }
    StandardEventDecoder d;
    auto batch = d.MakeBatch();
    auto r = d.AppendLines(damaged, true, 1000, &batch);
    ExpectValid(d, batch);
    if (r.has_value()) {
      ++clean;
      EXPECT_EQ(*r, damaged.size());
    } else {
      ++errors;
      EXPECT_EQ(r.error().kind(), ErrorKind::kInvalidArgument);
      EXPECT_EQ(r.error().message().rfind("line ", 0), 0u) << r.error().message();
    }
  }
  EXPECT_GT(errors, 1000);  // most damage is detected
  EXPECT_GT(clean, 0);      // some is harmless (a changed letter inside a string)
}

TEST(DecoderDamageTest, RandomGarbageLines) {
  std::mt19937_64 rng(7);
  StandardEventDecoder d;
  auto batch = d.MakeBatch();
  for (int trial = 0; trial < 2000; ++trial) {
    std::string line(rng() % 600, '\0');
    for (char& ch : line) ch = static_cast<char>(rng() & 0xff);
    if (trial % 2 == 0 && !line.empty()) line[0] = '{';
    (void)d.AppendLine(line, &batch);
  }
  ExpectValid(d, batch);
}

// Every field given every JSON type: a value of the right type or null decodes, anything
// else is an error naming that field.
TEST(DecoderDamageTest, WrongTypes) {
  const std::string base = Lines(Generate(24, 1))[0];
  struct Field {
    std::string_view name;
    std::string_view good;  // a replacement of the right type
  } fields[] = {{"event_id", R"("00000000-0000-4000-8000-000000000000")"},
                {"event_time", R"("2026-01-01T00:00:00Z")"},
                {"user_id", "12"},
                {"session_id", R"("s")"},
                {"event_type", R"("e")"},
                {"page", R"("p")"},
                {"amount", "1.5"},
                {"country", R"("c")"},
                {"device", R"({"os":"o","version":"v"})"},
                {"tags", R"(["t"])"}};
  const std::string_view kValues[] = {"0",          "-1.5e3", R"("str")", "true", "false",
                                      "null",       "[]",     "{}",       "[1]",  R"({"os":1})",
                                      R"([["a"]])", "nan",    "\"\\x\""};
  StandardEventDecoder d;
  auto batch = d.MakeBatch();
  for (const auto& f : fields) {
    // Locate the field's value: from after "name": to the next top-level ',' or '}'.
    const std::string key = fmt::format("\"{}\":", f.name);
    const size_t start = base.find(key) + key.size();
    size_t end = start;
    for (int depth = 0; end < base.size(); ++end) {
      const char ch = base[end];
      if (ch == '{' || ch == '[') ++depth;
      if (ch == '}' || ch == ']') {
        if (depth == 0) break;
        --depth;
      }
      if (ch == ',' && depth == 0) break;
    }
    for (std::string_view v : kValues) {
      std::string line = base;
      line.replace(start, end - start, v);
      auto s = d.AppendLine(line, &batch);
      if (!s.has_value()) {
        EXPECT_NE(s.error().message().find(fmt::format("field '{}", f.name)), std::string::npos)
            << s.error().message();
      } else {
        const bool is_string_field = f.name == "session_id" || f.name == "event_type" ||
                                     f.name == "page" || f.name == "country";
        const bool right_type = v == "null" || (is_string_field && v == R"("str")") ||
                                (f.name == "user_id" && v == "0") ||
                                (f.name == "amount" && (v == "0" || v == "-1.5e3")) ||
                                (f.name == "tags" && v == "[]");
        EXPECT_TRUE(right_type) << f.name << " = " << v;
      }
    }
    std::string line = base;
    line.replace(start, end - start, f.good);
    auto s = d.AppendLine(line, &batch);
    EXPECT_TRUE(s.has_value()) << f.name << ": " << s.error().ToString();
  }
  ExpectValid(d, batch);
}

}  // namespace
}  // namespace firn::ingest
