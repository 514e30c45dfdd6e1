#include "firn/ingest/sample/standard_events.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdint>
#include <string>

#include "event_test_util.h"

namespace firn::ingest {
namespace {

using testing::Generate;
using testing::Lines;

uint64_t Fnv1a(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

// The stream is a benchmark input shared with DuckDB runs and recorded results: its bytes
// for a seed must never change. These values were taken from bench/gen_events.cc before
// the generator moved into this library (sha256 of 100k events, seed 1:
// 1eab352ccbbd0ff5831b27a8d80c103385c33f4eabdea402a923f1a54f9b8464).
TEST(StandardEventGeneratorTest, StreamIsPinned) {
  const std::string text = Generate(1, 100'000);
  EXPECT_EQ(text.size(), 33'126'593u);
  EXPECT_EQ(Fnv1a(text), 0x20b35d04d24b7ad6ULL);
  EXPECT_EQ(
      text.substr(0, text.find('\n')),
      R"({"event_id":"beeb8da1-658e-4c67-b893-a2eefb32555e","event_time":"2026-11-24T00:00:00.001133Z",)"
      R"("user_id":762411,"session_id":"c34d0bff90150280","event_type":"login",)"
      R"("page":"https://shop.example.com/automotive/item-7940?ref=newsletter","amount":null,)"
      R"("country":"FR","device":{"os":"Android","version":"13.0.6"},"tags":["campaign-q4","family","mobile"]})");
}

TEST(StandardEventGeneratorTest, DeterministicForASeed) {
  EXPECT_EQ(Generate(42, 5000), Generate(42, 5000));
  EXPECT_NE(Generate(42, 100), Generate(43, 100));
}

TEST(StandardEventGeneratorTest, ContinuesAcrossCalls) {
  StandardEventGenerator gen(7);
  Buffer b;
  for (size_t n : {1, 0, 999, 3000, 17}) gen.AppendEvents(n, &b);
  EXPECT_EQ(gen.events_generated(), 4017u);
  EXPECT_EQ(std::string(b.view()), Generate(7, 4017));
}

TEST(StandardEventGeneratorTest, MeanLineSizeAndEveryLineIsJson) {
  constexpr size_t kEvents = 100'000;
  const std::string text = Generate(3, kEvents);
  const auto lines = Lines(text);
  ASSERT_EQ(lines.size(), kEvents);
  const double mean = static_cast<double>(text.size()) / kEvents;
  EXPECT_GE(mean, 320.0);
  EXPECT_LE(mean, 340.0);

  simdjson::dom::parser parser;  // validates the whole document, unlike on-demand
  size_t longest = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    longest = std::max(longest, lines[i].size() + 1);
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(lines[i]).get(doc), simdjson::SUCCESS) << "line " << i + 1;
    ASSERT_TRUE(doc.is_object()) << "line " << i + 1;
    simdjson::dom::object obj = doc.get_object().value_unsafe();
    EXPECT_EQ(obj.size(), 10u) << "line " << i + 1;
  }
  EXPECT_LE(longest, StandardEventGenerator::kMaxLineBytes);
}

TEST(StandardEventSchemaTest, FieldIdsAndShape) {
  const auto schema = StandardEventSchema();
  ASSERT_NE(schema, nullptr);
  EXPECT_EQ(schema, StandardEventSchema());  // one shared instance
  const auto& fields = schema->root().children;
  ASSERT_EQ(fields.size(), 10u);
  const char* names[] = {"event_id", "event_time", "user_id", "session_id", "event_type",
                         "page",     "amount",     "country", "device",     "tags"};
  for (size_t i = 0; i < fields.size(); ++i) {
    EXPECT_EQ(fields[i].name, names[i]);
    EXPECT_EQ(fields[i].field_id, static_cast<int32_t>(i + 1));
    EXPECT_EQ(fields[i].repetition, parquet::Repetition::kOptional);
  }
  EXPECT_EQ(fields[0].physical, parquet::PhysicalType::kFixedLenByteArray);
  EXPECT_EQ(fields[0].logical.kind, parquet::LogicalType::Kind::kUuid);
  EXPECT_EQ(fields[1].logical.kind, parquet::LogicalType::Kind::kTimestamp);
  EXPECT_TRUE(fields[1].logical.adjusted_to_utc);
  EXPECT_EQ(fields[8].children[0].field_id, 11);
  EXPECT_EQ(fields[8].children[1].field_id, 12);
  EXPECT_EQ(fields[9].children[0].children[0].field_id, 13);
  EXPECT_EQ(schema->num_columns(), 11u);
}

}  // namespace
}  // namespace firn::ingest
