#include "firn/iceberg/types/schema_update.h"

#include <gtest/gtest.h>

namespace firn::iceberg {
namespace {

// id: 1, name: 2, price: 3, loc: 4 {lat: 7, lon: 8}, tags: 5 list<9: struct{x: 10}>,
// attrs: 6 map<11: string, 12: struct{v: 13}>
Schema Base() {
  return Schema(
      0,
      {Required(1, "id", Type::Long()), Optional(2, "name", Type::String()),
       Optional(3, "price", Type::Decimal(9, 2)),
       Required(4, "loc",
                Type::Struct({Required(7, "lat", Type::Float()), Required(8, "lon", Type::Int())})),
       Optional(5, "tags", Type::List(9, false, Type::Struct({Required(10, "x", Type::Int())}))),
       Optional(6, "attrs",
                Type::Map(11, Type::String(), 12, true,
                          Type::Struct({Optional(13, "v", Type::Int())})))},
      {FieldId(1)});
}

void ExpectRefused(const Status& st, std::string_view needle) {
  ASSERT_FALSE(st.has_value()) << "expected refusal containing: " << needle;
  EXPECT_EQ(st.error().kind(), ErrorKind::kInvalidArgument);
  EXPECT_NE(st.error().message().find(needle), std::string::npos) << st.error().message();
}

TEST(SchemaUpdateTest, AddColumnsWithFreshIds) {
  SchemaUpdate u(Base(), 13);
  ASSERT_TRUE(u.AddColumn("", "email", Type::String()));
  ASSERT_TRUE(u.AddColumn("loc", "alt", Type::Double()));
  ASSERT_TRUE(u.AddColumn("tags", "y", Type::Long()));  // into the list element's struct
  ASSERT_TRUE(u.AddColumn("attrs", "w", Type::Int()));  // into the map value's struct
  // Nested type: the field gets 18, its struct's fields 19 and 20, the list element 21.
  ASSERT_TRUE(u.AddColumn("", "pt",
                          Type::Struct({Optional(0, "a", Type::Int()),
                                        Optional(0, "b", Type::List(0, false, Type::Int()))})));
  auto r = u.Apply(1);
  EXPECT_EQ(r.last_column_id, 21);
  EXPECT_EQ(r.schema.schema_id(), 1);
  EXPECT_EQ(r.schema.FindField("email")->id, FieldId(14));
  EXPECT_FALSE(r.schema.FindField("email")->required);
  EXPECT_EQ(r.schema.FindField("loc.alt")->id, FieldId(15));
  EXPECT_EQ(r.schema.FindField("tags.element.y")->id, FieldId(16));
  EXPECT_EQ(r.schema.FindField("attrs.value.w")->id, FieldId(17));
  EXPECT_EQ(r.schema.FindField("pt")->id, FieldId(18));
  EXPECT_EQ(r.schema.FindField("pt.a")->id, FieldId(19));
  EXPECT_EQ(r.schema.FindField("pt.b")->id, FieldId(20));
  EXPECT_EQ(r.schema.FindField("pt.b.element")->id, FieldId(21));
  EXPECT_EQ(r.schema.fields().back().name, "pt");
  EXPECT_TRUE(r.schema.Validate().has_value());
}

TEST(SchemaUpdateTest, AddColumnRefusals) {
  SchemaUpdate u(Base(), 13);
  ExpectRefused(u.AddColumn("", "name", Type::Int()),
                "cannot add column 'name': it already exists");
  ExpectRefused(u.AddColumn("loc", "lat", Type::Int()), "'loc.lat': it already exists");
  ExpectRefused(u.AddColumn("", "must", Type::Int(), true),
                "cannot add required column 'must' without an initial default");
  ExpectRefused(u.AddColumn("name", "x", Type::Int()), "parent 'name' is not a struct");
  ExpectRefused(u.AddColumn("nope", "x", Type::Int()), "column 'nope' does not exist");
  ExpectRefused(u.AddColumn("", "d", Type::Int(), true, "", Literal::Long(1)),
                "the default is not a int value");
  // A required column with a default is accepted; refused adds consumed no ids.
  ASSERT_TRUE(u.AddColumn("", "must", Type::Int(), true, "doc", Literal::Int(7)));
  auto r = u.Apply(1);
  EXPECT_EQ(r.last_column_id, 14);
  EXPECT_EQ(r.schema.FindField("must")->initial_default, Literal::Int(7));
  EXPECT_EQ(r.schema.FindField("must")->doc, "doc");
}

TEST(SchemaUpdateTest, RenameAndDelete) {
  SchemaUpdate u(Base(), 13);
  ASSERT_TRUE(u.RenameColumn("name", "full_name"));
  ASSERT_TRUE(u.RenameColumn("loc.lat", "latitude"));
  ExpectRefused(u.RenameColumn("price", "full_name"), "a column with that name exists");
  ExpectRefused(u.RenameColumn("tags.element", "elem"), "list element or map key/value");
  ExpectRefused(u.RenameColumn("missing", "x"), "column 'missing' does not exist");
  ASSERT_TRUE(u.DeleteColumn("price"));
  ExpectRefused(u.DeleteColumn("id"), "cannot delete 'id': it is or contains an identifier field");
  ExpectRefused(u.DeleteColumn("attrs.key"), "list element or map key/value");
  // Delete then re-add the same name: a new id, never the old one.
  ASSERT_TRUE(u.AddColumn("", "price", Type::Decimal(9, 2)));
  auto r = u.Apply(2);
  EXPECT_EQ(r.schema.FindField("full_name")->id, FieldId(2));
  EXPECT_EQ(r.schema.FindField("loc.latitude")->id, FieldId(7));
  EXPECT_EQ(r.schema.FindField("price")->id, FieldId(14));
  EXPECT_EQ(r.schema.FindField(FieldId(3)), nullptr);
}

TEST(SchemaUpdateTest, WidenTypes) {
  SchemaUpdate u(Base(), 13);
  ASSERT_TRUE(u.UpdateColumnType("loc.lon", Type::Long()));
  ASSERT_TRUE(u.UpdateColumnType("loc.lat", Type::Double()));
  ASSERT_TRUE(u.UpdateColumnType("price", Type::Decimal(12, 2)));
  ASSERT_TRUE(u.UpdateColumnType("tags.element.x", Type::Long()));
  ASSERT_TRUE(u.UpdateColumnType("id", Type::Long()));  // no-op
  ExpectRefused(u.UpdateColumnType("id", Type::Int()),
                "cannot change the type of 'id' from long to int");
  ExpectRefused(u.UpdateColumnType("price", Type::Decimal(10, 2)),
                "from decimal(12, 2) to decimal(10, 2)");
  ExpectRefused(u.UpdateColumnType("price", Type::Decimal(12, 3)), "not a safe widening");
  ExpectRefused(u.UpdateColumnType("name", Type::Binary()), "'name' from string to binary");
  ExpectRefused(u.UpdateColumnType("loc.lat", Type::Float()), "from double to float");
  ExpectRefused(u.UpdateColumnType("loc", Type::Long()), "only primitives can be widened");
  auto r = u.Apply(1);
  EXPECT_EQ(r.schema.FindField("loc.lon")->type, Type::Long());
  EXPECT_EQ(r.schema.FindField("loc.lat")->type, Type::Double());
  EXPECT_EQ(r.schema.FindField("price")->type, Type::Decimal(12, 2));
  EXPECT_EQ(r.schema.FindField("tags.element.x")->type, Type::Long());
  EXPECT_EQ(r.last_column_id, 13);
}

TEST(SchemaUpdateTest, MakeOptional) {
  SchemaUpdate u(Base(), 13);
  ASSERT_TRUE(u.MakeColumnOptional("loc.lat"));
  ASSERT_TRUE(u.MakeColumnOptional("attrs.value"));
  ExpectRefused(u.MakeColumnOptional("id"), "cannot make 'id' optional: it is an identifier field");
  ExpectRefused(u.MakeColumnOptional("attrs.key"), "map keys are required");
  auto r = u.Apply(1);
  EXPECT_FALSE(r.schema.FindField("loc.lat")->required);
  EXPECT_FALSE(r.schema.FindField("attrs.value")->required);
}

TEST(SchemaUpdateTest, Reorder) {
  SchemaUpdate u(Base(), 13);
  ASSERT_TRUE(u.MoveFirst("price"));
  ASSERT_TRUE(u.MoveAfter("id", "attrs"));
  ASSERT_TRUE(u.MoveBefore("loc.lon", "loc.lat"));
  ExpectRefused(u.MoveBefore("name", "loc.lat"), "not in the same struct");
  ExpectRefused(u.MoveAfter("name", "name"), "relative to itself");
  auto r = u.Apply(1);
  std::vector<std::string> names;
  for (const auto& f : r.schema.fields()) names.push_back(f.name);
  EXPECT_EQ(names, (std::vector<std::string>{"price", "name", "loc", "tags", "attrs", "id"}));
  EXPECT_EQ(r.schema.FindField("loc")->type.fields()[0].name, "lon");
}

TEST(SchemaUpdateTest, IdentifierFields) {
  SchemaUpdate u(Base(), 13);
  ASSERT_TRUE(u.SetIdentifierFields({"id", "loc.lon"}));
  EXPECT_EQ(u.Apply(1).schema.identifier_field_ids(),
            (std::vector<FieldId>{FieldId(1), FieldId(8)}));
  ExpectRefused(u.SetIdentifierFields({"name"}),
                "cannot use 'name' as an identifier field: it is optional");
  ExpectRefused(u.SetIdentifierFields({"loc.lat"}), "float values cannot identify rows");
  ExpectRefused(u.SetIdentifierFields({"loc"}), "is not a primitive type");
  ExpectRefused(u.SetIdentifierFields({"tags.element.x"}), "inside a list or map");
  ExpectRefused(u.SetIdentifierFields({"gone"}), "column 'gone' does not exist");
  ExpectRefused(u.SetIdentifierFields({"id", "id"}), "listed twice");
  // A required field inside an optional struct is refused.
  ASSERT_TRUE(u.AddColumn("", "opt", Type::Struct({Optional(0, "k", Type::Int())})));
  ASSERT_TRUE(u.AddColumn("opt", "k2", Type::Int(), true, "", Literal::Int(0)));
  ExpectRefused(u.SetIdentifierFields({"opt.k2"}), "its parent 'opt' is optional");
  // Identifier fields now include loc.lon: it can't be deleted or made optional.
  ExpectRefused(u.DeleteColumn("loc"), "contains an identifier field");
  ExpectRefused(u.MakeColumnOptional("loc.lon"), "identifier field");
  ASSERT_TRUE(u.SetIdentifierFields({}));
  EXPECT_TRUE(u.DeleteColumn("loc"));
}

}  // namespace
}  // namespace firn::iceberg
