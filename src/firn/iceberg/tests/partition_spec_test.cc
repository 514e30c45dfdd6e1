#include "firn/iceberg/partition/partition_spec.h"

#include <gtest/gtest.h>

#include "firn/iceberg/partition/partition_path.h"
#include "firn/iceberg/partition/partition_spec_json.h"
#include "firn/iceberg/partition/partition_spec_parser.h"
#include "firn/iceberg/types/temporal.h"

namespace firn::iceberg {
namespace {

Schema EventSchema() {
  return Schema(0, {Required(1, "id", Type::Long()), Optional(2, "event_time", Type::TimestampTz()),
                    Optional(3, "user_id", Type::Long()), Optional(4, "country", Type::String()),
                    Optional(5, "region", Type::String()), Optional(6, "ts", Type::Timestamp()),
                    Optional(7, "x", Type::Double()),
                    Optional(8, "loc", Type::Struct({Optional(9, "city", Type::String())})),
                    Optional(10, "tags", Type::List(11, false, Type::String()))});
}

TEST(PartitionSpecParserTest, CliSyntaxWithJavaDefaultNames) {
  Schema schema = EventSchema();
  auto r = ParsePartitionSpec(
      "day(event_time), bucket(16, user_id), truncate(4, country), identity(region), year(ts), "
      "void(x)",
      schema, 0, {}, kUnpartitionedLastAssignedId);
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  const auto& f = r->spec.fields;
  ASSERT_EQ(f.size(), 6u);
  EXPECT_EQ(f[0], (PartitionField{FieldId(2), FieldId(1000), "event_time_day", Transform::Day()}));
  EXPECT_EQ(f[1],
            (PartitionField{FieldId(3), FieldId(1001), "user_id_bucket", Transform::Bucket(16)}));
  EXPECT_EQ(f[2],
            (PartitionField{FieldId(4), FieldId(1002), "country_trunc", Transform::Truncate(4)}));
  EXPECT_EQ(f[3], (PartitionField{FieldId(5), FieldId(1003), "region", Transform::Identity()}));
  EXPECT_EQ(f[4], (PartitionField{FieldId(6), FieldId(1004), "ts_year", Transform::Year()}));
  EXPECT_EQ(f[5], (PartitionField{FieldId(7), FieldId(1005), "x_null", Transform::Void()}));
  EXPECT_EQ(r->last_partition_id, 1005);

  auto more = ParsePartitionFields(
      "region, months(ts), hour(event_time), truncate(country, 2), "
      "loc.city, bucket(8, id) as shard",
      schema);
  ASSERT_TRUE(more.has_value()) << more.error().ToString();
  EXPECT_EQ((*more)[0].name, "region");
  EXPECT_EQ((*more)[1].name, "ts_month");
  EXPECT_EQ((*more)[2].name, "event_time_hour");
  EXPECT_EQ((*more)[3].transform, Transform::Truncate(2));
  EXPECT_EQ((*more)[4].name, "loc.city");
  EXPECT_EQ((*more)[4].source_id, FieldId(9));
  EXPECT_EQ((*more)[5].name, "shard");
}

TEST(PartitionSpecParserTest, Refusals) {
  Schema schema = EventSchema();
  auto fails = [&](std::string_view text, std::string_view needle) {
    auto r = ParsePartitionSpec(text, schema, 0, {}, kUnpartitionedLastAssignedId);
    ASSERT_FALSE(r.has_value()) << text;
    EXPECT_EQ(r.error().kind(), ErrorKind::kInvalidArgument);
    EXPECT_NE(r.error().message().find(needle), std::string::npos) << r.error().message();
  };
  fails("day(nope)", "column 'nope' does not exist");
  fails("bucket(16, x)", "cannot be applied to 'x' of type double");
  fails("hour(country)", "cannot be applied");
  fails("bucket(user_id)", "bucket takes a width and a column");
  fails("bucket(0, user_id)", "positive");
  fails("frobnicate(user_id)", "unknown transform 'frobnicate'");
  fails("day(event_time), hour(event_time)", "redundant partition");
  fails("region, region", "partition name used more than once");
  fails("bucket(4, id) as region", "the name exists in the schema");
  fails("identity(country) as region", "different schema field");
  fails("identity(tags)", "cannot be applied");
  fails("day(event_time", "unbalanced");
  fails("region,,ts", "empty partition term");
}

TEST(PartitionSpecTest, FieldIdsAcrossEvolution) {
  Schema schema = EventSchema();
  auto v0 = ParsePartitionSpec("day(event_time), bucket(16, user_id)", schema, 0, {}, 999);
  ASSERT_TRUE(v0.has_value());
  // Spec 1 drops the bucket and adds region: day keeps 1000, region gets 1002 (1001 is
  // never reused).
  auto v1 =
      ParsePartitionSpec("day(event_time), region", schema, 1, {v0->spec}, v0->last_partition_id);
  ASSERT_TRUE(v1.has_value());
  EXPECT_EQ(v1->spec.fields[0].field_id, FieldId(1000));
  EXPECT_EQ(v1->spec.fields[1].field_id, FieldId(1002));
  EXPECT_EQ(v1->last_partition_id, 1002);
  // Spec 2 brings the bucket back: it recovers 1001 from spec 0; a different bucket count
  // is a new field.
  auto v2 = ParsePartitionSpec("bucket(16, user_id), bucket(8, user_id) as user_id_b8", schema, 2,
                               {v0->spec, v1->spec}, v1->last_partition_id);
  ASSERT_TRUE(v2.has_value());
  EXPECT_EQ(v2->spec.fields[0].field_id, FieldId(1001));
  EXPECT_EQ(v2->spec.fields[1].field_id, FieldId(1003));
  EXPECT_EQ(v2->last_partition_id, 1003);
  // Unpartitioned.
  auto none = ParsePartitionSpec("", schema, 3, {}, 999);
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->spec.IsUnpartitioned());
  EXPECT_EQ(none->last_partition_id, 999);
  EXPECT_EQ(none->spec.LastAssignedFieldId(), 999);
}

TEST(PartitionSpecTest, JsonRoundTripAndPartitionType) {
  Schema schema = EventSchema();
  auto spec = ParsePartitionSpec("day(event_time), bucket(16, user_id), truncate(4, country)",
                                 schema, 7, {}, 999)
                  ->spec;
  std::string json = PartitionSpecToJson(spec);
  EXPECT_EQ(
      json,
      R"({"spec-id":7,"fields":[{"name":"event_time_day","transform":"day","source-id":2,"field-id":1000},)"
      R"({"name":"user_id_bucket","transform":"bucket[16]","source-id":3,"field-id":1001},)"
      R"({"name":"country_trunc","transform":"truncate[4]","source-id":4,"field-id":1002}]})");
  auto back = PartitionSpecFromJsonString(json);
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  EXPECT_EQ(*back, spec);
  auto type = spec.PartitionType(schema);
  ASSERT_TRUE(type.has_value());
  EXPECT_EQ(*type, Type::Struct({Optional(1000, "event_time_day", Type::Date()),
                                 Optional(1001, "user_id_bucket", Type::Int()),
                                 Optional(1002, "country_trunc", Type::String())}));
  auto bad = PartitionSpecFromJsonString(
      R"({"spec-id":0,"fields":[{"name":"a","transform":"bucket[x]","source-id":1,"field-id":1000}]})");
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message().find("fields[0].transform"), std::string::npos)
      << bad.error().message();
  auto v1 = PartitionSpecFromJsonString(
      R"({"spec-id":0,"fields":[{"name":"a","transform":"identity","source-id":1},{"name":"b","transform":"void","source-id":2}]})");
  ASSERT_TRUE(v1.has_value());
  EXPECT_EQ(v1->fields[1].field_id, FieldId(1001));
}

TEST(PartitionPathTest, HumanValuesEscaped) {
  Schema schema = EventSchema();
  auto spec = ParsePartitionSpec("day(event_time), bucket(16, user_id), region, hour(ts)", schema,
                                 0, {}, 999)
                  ->spec;
  int64_t ts = *ParseTimestamp("2017-11-16T22:31:08", false, false, false);
  std::vector<Literal> values = {*Transform::Day().Apply(Literal::TimestampTz(ts)), Literal::Int(3),
                                 Literal::String("a b/c=d&é"), Literal::Null(Type::Int())};
  EXPECT_EQ(PartitionPath(spec, values),
            "event_time_day=2017-11-16/user_id_bucket=3/region=a+b%2Fc%3Dd%26%C3%A9/ts_hour=null");
  EXPECT_EQ(UrlEncode("a.b-c*d_e~"), "a.b-c*d_e%7E");
}

}  // namespace
}  // namespace firn::iceberg
