#include "firn/common/json_reader.h"

#include <gtest/gtest.h>

#include "firn/common/macros.h"

namespace firn {
namespace {

TEST(JsonReaderTest, TypedGettersAndPaths) {
  auto doc = JsonDocument::Parse(
      R"({"schemas":[{"fields":[{"id":1,"name":"a"},{"id":"x"}]}],"v":-9223372036854775808,
          "b":true,"d":1.5,"n":null})");
  ASSERT_TRUE(doc.has_value()) << doc.error().ToString();
  auto root = (*doc)->root().AsObject();
  ASSERT_TRUE(root.has_value());
  EXPECT_EQ(*root->GetInt64("v"), INT64_MIN);
  EXPECT_TRUE(*root->GetBool("b"));
  EXPECT_DOUBLE_EQ(*root->GetDouble("d"), 1.5);
  EXPECT_FALSE(root->GetOptionalInt64("n")->has_value());
  EXPECT_FALSE(root->GetOptionalInt64("absent")->has_value());
  auto schemas = root->GetArray("schemas");
  ASSERT_TRUE(schemas.has_value());
  auto schema0 = schemas->Elements()[0].AsObject();
  auto fields = schema0->GetArray("fields")->Elements();
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(*fields[0].AsObject()->GetInt32("id"), 1);
  EXPECT_EQ(*fields[0].AsObject()->GetString("name"), "a");
  auto bad = fields[1].AsObject()->GetInt32("id");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().kind(), ErrorKind::kCorrupt);
  EXPECT_EQ(bad.error().message(), "schemas[0].fields[1].id: expected an integer, got a string");
  auto missing = fields[1].AsObject()->GetString("name");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().message(), "schemas[0].fields[1].name: missing");
  auto wrong_opt = root->GetOptionalString("b");
  ASSERT_FALSE(wrong_opt.has_value());
  EXPECT_EQ(wrong_opt.error().message(), "b: expected a string, got a boolean");
}

TEST(JsonReaderTest, RangeAndRootErrors) {
  auto doc = JsonDocument::Parse(R"({"big":4294967296,"f":1.0})");
  auto root = (*doc)->root().AsObject();
  EXPECT_FALSE(root->GetInt32("big").has_value());
  EXPECT_EQ(*root->GetInt64("big"), 4294967296);
  EXPECT_FALSE(root->GetInt64("f").has_value());
  auto huge = JsonDocument::Parse(R"({"u":18446744073709551615})");
  EXPECT_EQ((*huge)->root().AsObject()->GetInt64("u").error().message(),
            "u: integer does not fit in 64 bits");
  EXPECT_EQ(root->GetInt32("big").error().message(), "big: integer 4294967296 does not fit in 32 bits");
  EXPECT_EQ((*doc)->root().AsArray().error().message(), "(root): expected an array, got an object");
  auto members = root->Members();
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(members[0].first, "big");
  EXPECT_EQ(members[1].second.path(), "f");
}

TEST(JsonReaderTest, MalformedInputIsCorrupt) {
  for (std::string_view bad : {"", "{", "{\"a\":}", "[1,2", "{\"a\":1}x", "\"\\u12\""}) {
    auto doc = JsonDocument::Parse(bad);
    ASSERT_FALSE(doc.has_value()) << bad;
    EXPECT_EQ(doc.error().kind(), ErrorKind::kCorrupt);
  }
}

TEST(JsonReaderTest, MinifiesSubtree) {
  auto doc = JsonDocument::Parse(R"({"a": [1, {"b" : "c"}]})");
  auto a = (*doc)->root().AsObject()->Get("a");
  EXPECT_EQ(a->ToJson(), R"([1,{"b":"c"}])");
}

}  // namespace
}  // namespace firn
