#include "firn/iceberg/types/schema_json.h"

#include <gtest/gtest.h>

#include "firn/iceberg/types/literal_json.h"

namespace firn::iceberg {
namespace {

Schema NestedSchema() {
  return Schema(
      3,
      {Required(1, "id", Type::Long()),
       NestedField{FieldId(2), "name", false, Type::String(), "the name"},
       Optional(3, "price", Type::Decimal(9, 2)),
       Optional(4, "tags", Type::List(8, false, Type::String())),
       Optional(5, "attrs", Type::Map(9, Type::String(), 10, true, Type::Int())),
       Optional(6, "loc",
                Type::Struct(
                    {Required(11, "lat", Type::Double()), Optional(12, "lon", Type::Double())})),
       Optional(7, "deep",
                Type::List(13, true,
                           Type::Map(14, Type::Uuid(), 15, false,
                                     Type::Struct({Optional(16, "f", Type::Fixed(16))}))))},
      {FieldId(1)});
}

TEST(SchemaJsonTest, RoundTripNested) {
  Schema s = NestedSchema();
  std::string json = SchemaToJson(s);
  auto back = SchemaFromJsonString(json);
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  EXPECT_EQ(*back, s);
  EXPECT_EQ(SchemaToJson(*back), json);
  EXPECT_NE(json.find(R"("identifier-field-ids":[1])"), std::string::npos);
  EXPECT_NE(
      json.find(R"({"type":"list","element-id":8,"element":"string","element-required":false})"),
      std::string::npos);
  EXPECT_NE(
      json.find(
          R"({"type":"map","key-id":9,"key":"string","value-id":10,"value":"int","value-required":true})"),
      std::string::npos);
  EXPECT_NE(json.find(R"j("type":"decimal(9, 2)")j"), std::string::npos);
  EXPECT_NE(json.find(R"("doc":"the name")"), std::string::npos);
}

TEST(SchemaJsonTest, SchemaIndex) {
  Schema s = NestedSchema();
  EXPECT_EQ(s.HighestFieldId(), 16);
  EXPECT_EQ(s.FindField("loc.lat")->id, FieldId(11));
  EXPECT_EQ(s.FindField("LOC.Lat"), nullptr);
  EXPECT_EQ(s.FindField("LOC.Lat", false)->id, FieldId(11));
  EXPECT_EQ(s.FindField("tags.element")->id, FieldId(8));
  EXPECT_EQ(s.FindField("attrs.key")->id, FieldId(9));
  EXPECT_EQ(s.FindField("attrs.value")->id, FieldId(10));
  EXPECT_EQ(s.FindField("deep.element.value.f")->id, FieldId(16));
  EXPECT_EQ(s.FindColumnName(FieldId(12)), "loc.lon");
  EXPECT_EQ(s.FindField(FieldId(99)), nullptr);
  EXPECT_EQ(s.AllFields().size(), 16u);
  EXPECT_EQ(s.FindEntry(FieldId(11))->parent_id, FieldId(6));
  EXPECT_EQ(s.FindEntry(FieldId(1))->parent_id, FieldId(0));
}

TEST(SchemaJsonTest, TypeStrings) {
  EXPECT_EQ(*Type::ParsePrimitive("decimal(9,2)"), Type::Decimal(9, 2));
  EXPECT_EQ(*Type::ParsePrimitive("decimal(9, 2)"), Type::Decimal(9, 2));
  EXPECT_EQ(*Type::ParsePrimitive("fixed[16]"), Type::Fixed(16));
  EXPECT_EQ(Type::Fixed(16).ToString(), "fixed[16]");
  EXPECT_EQ(*Type::ParsePrimitive("timestamptz_ns"), Type::TimestampTzNs());
  for (std::string_view bad : {"decimal(39,2)", "decimal(4,5)", "decimal(9)", "fixed[0]",
                               "fixed[x]", "Int", "varchar", "decimal(9,2"}) {
    EXPECT_FALSE(Type::ParsePrimitive(bad).has_value()) << bad;
  }
  EXPECT_NE(Type::Decimal(9, 2), Type::Decimal(9, 3));
  EXPECT_NE(Type::List(1, false, Type::Int()), Type::List(1, true, Type::Int()));
  EXPECT_NE(Type::List(1, false, Type::Int()), Type::List(2, false, Type::Int()));
}

TEST(SchemaJsonTest, ErrorsNameThePath) {
  auto bad_id = SchemaFromJsonString(
      R"({"type":"struct","schema-id":0,"fields":[{"id":1,"name":"a","required":true,"type":"int"},
         {"id":"2","name":"b","required":true,"type":"int"}]})");
  ASSERT_FALSE(bad_id.has_value());
  EXPECT_EQ(bad_id.error().message(), "fields[1].id: expected an integer, got a string");
  auto bad_type = SchemaFromJsonString(
      R"({"type":"struct","fields":[{"id":1,"name":"a","required":true,
          "type":{"type":"list","element-id":2,"element-required":true,"element":"varchar"}}]})");
  ASSERT_FALSE(bad_type.has_value());
  EXPECT_EQ(bad_type.error().message(), "fields[0].type.element: unknown type 'varchar'");
  auto missing =
      SchemaFromJsonString(R"({"type":"struct","fields":[{"id":1,"name":"a","type":"int"}]})");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().message(), "fields[0].required: missing");
  auto dup = SchemaFromJsonString(
      R"({"type":"struct","fields":[{"id":1,"name":"a","required":true,"type":"int"},
                                    {"id":1,"name":"b","required":true,"type":"int"}]})");
  ASSERT_FALSE(dup.has_value());
  EXPECT_NE(dup.error().message().find("duplicate field id 1"), std::string::npos);
  auto dup_name = SchemaFromJsonString(
      R"({"type":"struct","fields":[{"id":1,"name":"a","required":true,"type":"int"},
                                    {"id":2,"name":"a","required":true,"type":"int"}]})");
  ASSERT_FALSE(dup_name.has_value());
  EXPECT_NE(dup_name.error().message().find("duplicate field name 'a'"), std::string::npos);
  auto bad_ident =
      SchemaFromJsonString(R"({"type":"struct","identifier-field-ids":[7],"fields":[]})");
  ASSERT_FALSE(bad_ident.has_value());
  auto bad_default = SchemaFromJsonString(
      R"({"type":"struct","fields":[{"id":1,"name":"a","required":false,"type":"date","initial-default":"2017-13-01"}]})");
  ASSERT_FALSE(bad_default.has_value());
  EXPECT_NE(bad_default.error().message().find("fields[0].initial-default"), std::string::npos)
      << bad_default.error().message();
}

TEST(SchemaJsonTest, DefaultsRoundTrip) {
  std::string json =
      R"({"type":"struct","schema-id":1,"fields":[)"
      R"({"id":1,"name":"b","required":false,"type":"boolean","initial-default":true,"write-default":false},)"
      R"({"id":2,"name":"l","required":false,"type":"long","initial-default":-9223372036854775808},)"
      R"({"id":3,"name":"f","required":false,"type":"float","initial-default":0.34234},)"
      R"j({"id":4,"name":"d","required":false,"type":"decimal(16, 2)","initial-default":"12345.00"},)j"
      R"({"id":5,"name":"t","required":false,"type":"time","initial-default":"00:00:00.012345"},)"
      R"({"id":6,"name":"tz","required":false,"type":"timestamptz","initial-default":"1970-01-01T00:00:00.012345+00:00"},)"
      R"({"id":7,"name":"u","required":false,"type":"uuid","initial-default":"f79c3e09-677c-4bbd-a479-3f349cb785e7"},)"
      R"({"id":8,"name":"x","required":false,"type":"fixed[5]","initial-default":"010203ff03"},)"
      R"({"id":9,"name":"ns","required":false,"type":"timestamp_ns","initial-default":"2017-11-16T22:31:08.123456789"}]})";
  auto s = SchemaFromJsonString(json);
  ASSERT_TRUE(s.has_value()) << s.error().ToString();
  EXPECT_EQ(SchemaToJson(*s), json);
  EXPECT_EQ(s->FindField("l")->initial_default->int64(), INT64_MIN);
  EXPECT_EQ(s->FindField("d")->initial_default->unscaled(), 1234500);
  EXPECT_EQ(s->FindField("tz")->initial_default->int64(), 12345);
  EXPECT_EQ(s->FindField("x")->initial_default->bytes(), std::string("\x01\x02\x03\xff\x03", 5));
}

}  // namespace
}  // namespace firn::iceberg
