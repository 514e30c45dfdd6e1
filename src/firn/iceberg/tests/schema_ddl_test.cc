#include "firn/iceberg/types/schema_ddl.h"

#include <gtest/gtest.h>

#include "firn/iceberg/types/schema_json.h"

namespace firn::iceberg {
namespace {

TEST(SchemaDdlTest, BriefExampleWithFreshIds) {
  auto s = ParseSchemaDdl(
      "id long not null, name string, ts timestamptz, tags list<string>, attrs map<string,int>, "
      "loc struct<lat: double, lon: double>");
  ASSERT_TRUE(s.has_value()) << s.error().ToString();
  Schema expected(0, {Required(1, "id", Type::Long()), Optional(2, "name", Type::String()),
                      Optional(3, "ts", Type::TimestampTz()),
                      Optional(4, "tags", Type::List(7, false, Type::String())),
                      Optional(5, "attrs", Type::Map(8, Type::String(), 9, false, Type::Int())),
                      Optional(6, "loc",
                               Type::Struct({Optional(10, "lat", Type::Double()),
                                             Optional(11, "lon", Type::Double())}))});
  EXPECT_EQ(*s, expected) << SchemaToJson(*s);
  EXPECT_EQ(s->HighestFieldId(), 11);
}

TEST(SchemaDdlTest, TypesAliasesAndNesting) {
  auto s = ParseSchemaDdl(
      "a DECIMAL(9, 2) NOT NULL comment 'price', b fixed[16], c fixed(4), d bigint, e BOOL, "
      "f list<struct<x: int not null, y: map<string, list<uuid not null>>>>, g timestamp_ns, "
      "`weird name` varchar, h list<string not null>",
      4);
  ASSERT_TRUE(s.has_value()) << s.error().ToString();
  EXPECT_EQ(s->schema_id(), 4);
  EXPECT_EQ(s->FindField("a")->type, Type::Decimal(9, 2));
  EXPECT_TRUE(s->FindField("a")->required);
  EXPECT_EQ(s->FindField("a")->doc, "price");
  EXPECT_EQ(s->FindField("b")->type, Type::Fixed(16));
  EXPECT_EQ(s->FindField("c")->type, Type::Fixed(4));
  EXPECT_EQ(s->FindField("d")->type, Type::Long());
  EXPECT_EQ(s->FindField("e")->type, Type::Boolean());
  EXPECT_TRUE(s->FindField("f.element.x")->required);
  EXPECT_TRUE(s->FindField("f.element.y.value.element")->required);
  EXPECT_EQ(s->FindField("f.element.y.value.element")->type, Type::Uuid());
  EXPECT_EQ(s->FindField("weird name")->type, Type::String());
  EXPECT_TRUE(s->FindField("h.element")->required);
  // Top-level ids first (1..9), then f's element (10), its struct (11, 12), ...
  EXPECT_EQ(s->FindField("h")->id, FieldId(9));
  EXPECT_EQ(s->FindField("f.element")->id, FieldId(10));
  EXPECT_EQ(s->FindField("f.element.x")->id, FieldId(11));
  EXPECT_EQ(s->FindField("f.element.y")->id, FieldId(12));
  EXPECT_TRUE(s->Validate().has_value());
}

TEST(SchemaDdlTest, Errors) {
  for (std::string_view bad :
       {"", "id", "id longg", "id long,", "a int, a long", "m map<string>", "l list<int",
        "s struct<a int>", "d decimal(40,2)", "x int not", "x int y int"}) {
    auto s = ParseSchemaDdl(bad);
    ASSERT_FALSE(s.has_value()) << bad;
    EXPECT_EQ(s.error().kind(), ErrorKind::kInvalidArgument) << bad;
  }
  auto dup = ParseSchemaDdl("a int, a long");
  EXPECT_NE(dup.error().message().find("duplicate column name 'a'"), std::string::npos);
  auto unknown = ParseSchemaDdl("a int, b varchar2");
  EXPECT_NE(unknown.error().message().find("unknown type 'varchar2'"), std::string::npos)
      << unknown.error().message();
}

}  // namespace
}  // namespace firn::iceberg
