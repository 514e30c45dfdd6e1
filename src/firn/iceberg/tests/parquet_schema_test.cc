// ToParquetSchema: every Iceberg type maps as the spec's Parquet appendix says, nested at
// any depth, with field ids on every node that carries an Iceberg field; and a file
// written with the schema carries those ids in its footer.
#include <gtest/gtest.h>

#include <set>

#include "firn/iceberg/data/parquet_schema.h"
#include "firn/io/memory_file_io.h"
#include "firn/io/memory_input_file.h"
#include "firn/parquet/reader/file_reader.h"
#include "firn/parquet/writer/file_writer.h"

namespace firn::iceberg {
namespace {

using parquet::LogicalType;
using parquet::PhysicalType;
using parquet::Repetition;
using parquet::SchemaNode;

Schema Everything() {
  return Schema(
      0, {Required(1, "b", Type::Boolean()), Optional(2, "i", Type::Int()), Optional(3, "l", Type::Long()),
          Optional(4, "f", Type::Float()), Optional(5, "d", Type::Double()),
          Optional(6, "dec9", Type::Decimal(9, 2)), Optional(7, "dec18", Type::Decimal(18, 3)),
          Optional(8, "dec38", Type::Decimal(38, 10)), Optional(9, "date", Type::Date()),
          Optional(10, "time", Type::Time()), Optional(11, "ts", Type::Timestamp()),
          Optional(12, "tstz", Type::TimestampTz()), Optional(13, "tsns", Type::TimestampNs()),
          Optional(14, "tstzns", Type::TimestampTzNs()), Optional(15, "s", Type::String()),
          Optional(16, "u", Type::Uuid()), Optional(17, "fx", Type::Fixed(3)), Optional(18, "bin", Type::Binary()),
          Optional(19, "st", Type::Struct({Required(20, "a", Type::Int()),
                                           Optional(21, "inner", Type::Struct({Optional(22, "x", Type::String())}))})),
          Optional(23, "lst", Type::List(24, false, Type::Long())),
          Required(25, "ml", Type::List(26, true, Type::List(27, false, Type::Struct({Optional(28, "k", Type::String())})))),
          Optional(29, "ms", Type::Map(30, Type::String(), 31, false, Type::Int())),
          Optional(32, "mi", Type::Map(33, Type::Long(), 34, true, Type::List(35, true, Type::Decimal(20, 0))))});
}

void CollectIds(const SchemaNode& n, std::multiset<int32_t>* ids) {
  if (n.field_id) ids->insert(*n.field_id);
  for (const auto& c : n.children) CollectIds(c, ids);
}

TEST(ParquetSchema, EveryTypeMapsPerTheSpec) {
  auto made = ToParquetSchema(Everything());
  ASSERT_TRUE(made.has_value()) << made.error().ToString();
  const SchemaNode& root = (*made)->root();
  EXPECT_EQ(root.name, "table");
  EXPECT_FALSE(root.field_id.has_value());
  ASSERT_EQ(root.children.size(), 23u);
  const auto& c = root.children;
  EXPECT_EQ(c[0].repetition, Repetition::kRequired);
  EXPECT_EQ(c[0].physical, PhysicalType::kBoolean);
  EXPECT_EQ(c[1].repetition, Repetition::kOptional);
  EXPECT_EQ(c[1].physical, PhysicalType::kInt32);
  EXPECT_EQ(c[2].physical, PhysicalType::kInt64);
  EXPECT_EQ(c[3].physical, PhysicalType::kFloat);
  EXPECT_EQ(c[4].physical, PhysicalType::kDouble);
  EXPECT_EQ(c[5].physical, PhysicalType::kInt32);
  EXPECT_EQ(c[5].logical.kind, LogicalType::Kind::kDecimal);
  EXPECT_EQ(c[5].logical.precision, 9);
  EXPECT_EQ(c[5].logical.scale, 2);
  EXPECT_EQ(c[6].physical, PhysicalType::kInt64);
  EXPECT_EQ(c[7].physical, PhysicalType::kFixedLenByteArray);
  EXPECT_EQ(c[7].type_length, 16);
  EXPECT_EQ(c[8].logical.kind, LogicalType::Kind::kDate);
  EXPECT_EQ(c[9].logical.kind, LogicalType::Kind::kTime);
  EXPECT_FALSE(c[10].logical.adjusted_to_utc);
  EXPECT_TRUE(c[11].logical.adjusted_to_utc);
  EXPECT_EQ(c[11].logical.unit, parquet::TimeUnit::kMicros);
  EXPECT_EQ(c[12].logical.unit, parquet::TimeUnit::kNanos);
  EXPECT_FALSE(c[12].logical.adjusted_to_utc);
  EXPECT_TRUE(c[13].logical.adjusted_to_utc);
  EXPECT_EQ(c[14].logical.kind, LogicalType::Kind::kString);
  EXPECT_EQ(c[15].logical.kind, LogicalType::Kind::kUuid);
  EXPECT_EQ(c[15].type_length, 16);
  EXPECT_EQ(c[16].physical, PhysicalType::kFixedLenByteArray);
  EXPECT_EQ(c[16].type_length, 3);
  EXPECT_EQ(c[17].physical, PhysicalType::kByteArray);
  EXPECT_EQ(c[17].logical.kind, LogicalType::Kind::kNone);
  // struct<a, inner<x>>
  EXPECT_TRUE(c[18].is_group);
  EXPECT_EQ(c[18].children[0].field_id, 20);
  EXPECT_EQ(c[18].children[0].repetition, Repetition::kRequired);
  EXPECT_EQ(c[18].children[1].children[0].field_id, 22);
  // list<long>: lst (LIST) { repeated list { optional element = 24 } }
  EXPECT_EQ(c[19].logical.kind, LogicalType::Kind::kList);
  EXPECT_EQ(c[19].field_id, 23);
  EXPECT_EQ(c[19].children[0].name, "list");
  EXPECT_EQ(c[19].children[0].repetition, Repetition::kRepeated);
  EXPECT_FALSE(c[19].children[0].field_id.has_value());
  EXPECT_EQ(c[19].children[0].children[0].name, "element");
  EXPECT_EQ(c[19].children[0].children[0].field_id, 24);
  // list<list<struct<k>>>, required outer, required middle element
  const SchemaNode& middle = c[20].children[0].children[0];
  EXPECT_EQ(c[20].repetition, Repetition::kRequired);
  EXPECT_EQ(middle.field_id, 26);
  EXPECT_EQ(middle.repetition, Repetition::kRequired);
  EXPECT_EQ(middle.logical.kind, LogicalType::Kind::kList);
  const SchemaNode& innermost = middle.children[0].children[0];
  EXPECT_EQ(innermost.field_id, 27);
  EXPECT_EQ(innermost.children[0].field_id, 28);
  // map<string, int>: ms (MAP) { repeated key_value { required key = 30; optional value = 31 } }
  EXPECT_EQ(c[21].logical.kind, LogicalType::Kind::kMap);
  EXPECT_EQ(c[21].children[0].name, "key_value");
  EXPECT_FALSE(c[21].children[0].field_id.has_value());
  EXPECT_EQ(c[21].children[0].children[0].field_id, 30);
  EXPECT_EQ(c[21].children[0].children[0].repetition, Repetition::kRequired);
  EXPECT_EQ(c[21].children[0].children[1].field_id, 31);
  EXPECT_EQ(c[21].children[0].children[1].repetition, Repetition::kOptional);
  // map<long, list<decimal(20,0)>> with a required value
  const SchemaNode& mv = c[22].children[0].children[1];
  EXPECT_EQ(mv.field_id, 34);
  EXPECT_EQ(mv.repetition, Repetition::kRequired);
  EXPECT_EQ(mv.children[0].children[0].field_id, 35);
  EXPECT_EQ(mv.children[0].children[0].type_length, 9);

  // Every Iceberg field id appears exactly once, and nothing else.
  std::multiset<int32_t> ids;
  CollectIds(root, &ids);
  std::multiset<int32_t> expected;
  const Schema schema = Everything();
  for (const auto& e : schema.AllFields()) expected.insert(e.field->id.value());
  EXPECT_EQ(ids, expected);
  // Leaves: 18 primitives, st.a, st.inner.x, lst, ml...k, ms key and value, mi key and element.
  EXPECT_EQ((*made)->num_columns(), 26u);
}

TEST(ParquetSchema, RejectsUnsupportedParameters) {
  EXPECT_FALSE(ToParquetNode(Optional(1, "d", Type::Decimal(39, 0))).has_value());
  EXPECT_FALSE(ToParquetNode(Optional(1, "f", Type::Fixed(0))).has_value());
  EXPECT_FALSE(ToParquetSchema(Schema(0, {Optional(1, "s", Type::Struct({Optional(2, "d", Type::Decimal(40, 1))}))}))
                   .has_value());
}

TEST(ParquetSchema, FileFooterCarriesTheFieldIds) {
  auto made = ToParquetSchema(Everything());
  ASSERT_TRUE(made.has_value());
  io::MemoryFileIO io;
  const FilePath path("mem://t/data.parquet");
  auto out = io.NewOutputFile(path);
  ASSERT_TRUE(out.has_value());
  const parquet::WriterOptions options;
  auto writer = parquet::FileWriter::Make(std::move(*out), *made, options);
  ASSERT_TRUE(writer.has_value()) << writer.error().ToString();
  auto finished = (*writer)->Finish();
  ASSERT_TRUE(finished.has_value()) << finished.error().ToString();
  auto in = io.OpenInputFile(path);
  ASSERT_TRUE(in.has_value());
  auto reader = parquet::FileReader::Open(std::move(*in));
  ASSERT_TRUE(reader.has_value()) << reader.error().ToString();
  // The footer's flattened elements: root first, then depth-first.
  std::multiset<int32_t> footer_ids;
  int without_id = 0;
  for (const auto& e : (*reader)->metadata().schema) {
    if (e.field_id)
      footer_ids.insert(*e.field_id);
    else
      ++without_id;
  }
  std::multiset<int32_t> expected;
  const Schema schema = Everything();
  for (const auto& e : schema.AllFields()) expected.insert(e.field->id.value());
  EXPECT_EQ(footer_ids, expected);
  EXPECT_EQ(without_id, 1 + 4 + 2);  // root, four `list` groups (lst, ml twice, mi.value), two `key_value`
  // The schema read back is the one written.
  EXPECT_TRUE((*reader)->schema()->root() == (*made)->root());
}

}  // namespace
}  // namespace firn::iceberg
