#include "firn/avro/schema_json.h"

#include <gtest/gtest.h>

#include "firn/avro/tests/test_schemas.h"

namespace firn::avro {
namespace {

Schema MustParse(std::string_view json) {
  auto s = ParseSchema(json);
  EXPECT_TRUE(s.has_value()) << s.error().ToString();
  return std::move(*s);
}

TEST(SchemaJsonTest, PrimitiveNames) {
  for (std::string_view name :
       {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}) {
    Schema s = MustParse(fmt::format("\"{}\"", name));
    EXPECT_EQ(TypeName(s.root().type), name);
    EXPECT_EQ(SchemaToJson(s), fmt::format("\"{}\"", name));
  }
}

TEST(SchemaJsonTest, EveryTypeParses) {
  Schema s = MustParse(testing::kEveryTypeSchema);
  const Node& r = s.root();
  ASSERT_EQ(r.type, Type::kRecord);
  EXPECT_EQ(r.full_name, "firn.test.everything");
  ASSERT_EQ(r.fields.size(), 21u);
  EXPECT_EQ(r.fields[0].FieldId(), 1);
  EXPECT_EQ(r.fields[1].FieldId(), 2);
  EXPECT_EQ(FindAttribute(r.fields[1].attributes, "doc")->json, "\"an int\"");
  // The named reference "md5" is the same node as the definition.
  EXPECT_EQ(r.fields[9].type, r.fields[10].type);
  EXPECT_EQ(r.fields[9].type->full_name, "firn.test.md5");
  EXPECT_EQ(r.fields[9].type->size, 4);
  EXPECT_EQ(r.fields[11].default_json, "null");
  const Node& tags = *r.fields[12].type;
  EXPECT_EQ(IntAttribute(tags.attributes, "element-id"), 14);
  const Node& props = *r.fields[13].type;
  EXPECT_EQ(IntAttribute(props.attributes, "key-id"), 16);
  EXPECT_EQ(IntAttribute(props.attributes, "value-id"), 17);
  EXPECT_EQ(r.fields[14].type->logical_type, "map");
  EXPECT_EQ(r.fields[14].type->items().fields[1].FieldId(), 19);
  const Node& dec = *r.fields[15].type;
  EXPECT_EQ(dec.logical_type, "decimal");
  EXPECT_EQ(dec.precision, 20);
  EXPECT_EQ(dec.scale, 2);
  const Node& ts = *r.fields[17].type;
  EXPECT_EQ(ts.type, Type::kLong);
  EXPECT_EQ(ts.logical_type, "timestamp-micros");
  EXPECT_EQ(FindAttribute(ts.attributes, "adjust-to-utc")->json, "true");
  // Recursive reference to the enclosing record.
  EXPECT_EQ(r.fields[19].type->children[1], &r);
  EXPECT_EQ(r.fields[20].type->children[3], r.fields[8].type);
}

TEST(SchemaJsonTest, RoundTripKeepsEveryAttribute) {
  Schema s = MustParse(testing::kEveryTypeSchema);
  std::string json = SchemaToJson(s);
  for (std::string_view frag :
       {R"("field-id":1)", R"("element-id":14)", R"("key-id":16)", R"("value-id":17)",
        R"("logicalType":"map")", R"("adjust-to-utc":true)",
        R"("logicalType":"decimal","precision":20,"scale":2)", R"("logicalType":"uuid")",
        R"("logicalType":"date")", R"("name":"fx2","type":"firn.test.md5")",
        R"(["null","firn.test.everything"])", R"("doc":"an int")", R"("default":null)"}) {
    EXPECT_NE(json.find(frag), std::string::npos) << frag << " missing from " << json;
  }
  // Serialising the re-parsed schema gives the same text: nothing was lost or reordered.
  Schema again = MustParse(json);
  EXPECT_EQ(SchemaToJson(again), json);
}

TEST(SchemaJsonTest, AttributesKeepTheirJsonTypes) {
  Schema s = MustParse(R"({"type":"record","name":"r","fields":[
      {"name":"a","type":"int","field-id":7,"x-list":[1,2.5,"s"],"x-obj":{"k":null},"x-big":9007199254740993}]})");
  std::string json = SchemaToJson(s);
  EXPECT_NE(
      json.find(R"("field-id":7,"x-list":[1,2.5,"s"],"x-obj":{"k":null},"x-big":9007199254740993)"),
      std::string::npos)
      << json;
}

TEST(SchemaJsonTest, NamespacesResolve) {
  Schema s = MustParse(R"({"type":"record","name":"a.b.outer","fields":[
      {"name":"x","type":{"type":"fixed","name":"f","size":2}},
      {"name":"y","type":"a.b.f"},
      {"name":"z","type":{"type":"enum","name":"e","namespace":"other","symbols":["A"]}},
      {"name":"w","type":"other.e"}]})");
  const Node& r = s.root();
  EXPECT_EQ(r.fields[0].type->full_name, "a.b.f");
  EXPECT_EQ(r.fields[1].type, r.fields[0].type);
  EXPECT_EQ(r.fields[2].type->full_name, "other.e");
  EXPECT_EQ(r.fields[3].type, r.fields[2].type);
}

TEST(SchemaJsonTest, InvalidSchemasAreRejected) {
  struct Case {
    std::string_view json;
    std::string_view fragment;
  };
  for (
      const Case& c : std::vector<Case>{
          {"{", "schema JSON"},
          {R"("nope")", "unknown type 'nope'"},
          {R"({"type":"record","fields":[]})", "non-empty string \"name\""},
          {R"({"type":"record","name":"r"})", "\"fields\""},
          {R"({"type":"record","name":"r","fields":[{"name":"a"}]})", "fields[0]"},
          {R"({"type":"record","name":"r","fields":[{"name":"a","type":"int"},{"name":"a","type":"int"}]})",
           "duplicate field"},
          {R"({"type":"array"})", "\"items\""},
          {R"({"type":"map"})", "\"values\""},
          {R"({"type":"fixed","name":"f"})", "\"size\""},
          {R"({"type":"enum","name":"e"})", "\"symbols\""},
          {R"(["null","null"])", "already has a branch"},
          {R"(["null",["int"]])", "may not directly contain a union"},
          {R"({"type":"record","name":"r","fields":[{"name":"a","type":{"type":"fixed","name":"r","size":1}}]})",
           "defined twice"},
          {"42", "must be a string"},
      }) {
    auto s = ParseSchema(c.json);
    ASSERT_FALSE(s.has_value()) << c.json;
    EXPECT_EQ(s.error().kind(), ErrorKind::kInvalidArgument);
    EXPECT_NE(s.error().message().find(c.fragment), std::string::npos)
        << c.json << " -> " << s.error().ToString();
  }
}

TEST(SchemaJsonTest, MinEncodedSizes) {
  Schema s = MustParse(R"({"type":"record","name":"r","fields":[
      {"name":"a","type":"null"},{"name":"b","type":"double"},{"name":"c","type":{"type":"fixed","name":"f","size":5}},
      {"name":"d","type":["null","r"]}]})");
  EXPECT_EQ(s.root().min_encoded_size, 0u + 8 + 5 + 1);
  Schema nulls = MustParse(R"({"type":"record","name":"r","fields":[{"name":"a","type":"null"}]})");
  EXPECT_EQ(nulls.root().min_encoded_size, 0u);
}

}  // namespace
}  // namespace firn::avro
