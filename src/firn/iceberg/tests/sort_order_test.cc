#include "firn/iceberg/sort/sort_order.h"

#include <gtest/gtest.h>

#include "firn/iceberg/sort/sort_order_json.h"

namespace firn::iceberg {
namespace {

Schema TestSchema() {
  return Schema(0, {Required(1, "id", Type::Long()), Optional(2, "data", Type::String()),
                    Optional(3, "ts", Type::Timestamp()), Optional(4, "f", Type::Double()),
                    Optional(5, "l", Type::List(6, false, Type::Int()))});
}

TEST(SortOrderTest, JsonRoundTripSpecExample) {
  std::string json =
      R"j({"order-id":1,"fields":[{"transform":"identity","source-id":2,"direction":"asc","null-order":"nulls-first"},)j"
      R"j({"transform":"bucket[4]","source-id":3,"direction":"desc","null-order":"nulls-last"}]})j";
  auto order = SortOrderFromJsonString(json);
  ASSERT_TRUE(order.has_value()) << order.error().ToString();
  SortOrder expected{
      1,
      {SortField{Transform::Identity(), FieldId(2), SortDirection::kAsc, NullOrder::kNullsFirst},
       SortField{Transform::Bucket(4), FieldId(3), SortDirection::kDesc, NullOrder::kNullsLast}}};
  EXPECT_EQ(*order, expected);
  EXPECT_EQ(SortOrderToJson(*order), json);
  EXPECT_TRUE(order->Validate(TestSchema()).has_value());
  EXPECT_EQ(SortOrderToJson(SortOrder::Unsorted()), R"({"order-id":0,"fields":[]})");
  EXPECT_TRUE(SortOrder::Unsorted().IsUnsorted());
}

TEST(SortOrderTest, Refusals) {
  auto bad_dir = SortOrderFromJsonString(
      R"({"order-id":1,"fields":[{"transform":"identity","source-id":2,"direction":"up","null-order":"nulls-first"}]})");
  ASSERT_FALSE(bad_dir.has_value());
  EXPECT_EQ(bad_dir.error().message(),
            "fields[0].direction: invalid sort direction 'up' (expected asc or desc)");
  auto bad_nulls = SortOrderFromJsonString(
      R"({"order-id":1,"fields":[{"transform":"identity","source-id":2,"direction":"asc","null-order":"first"}]})");
  ASSERT_FALSE(bad_nulls.has_value());
  auto missing = SortOrderFromJsonString(
      R"({"order-id":1,"fields":[{"transform":"identity","source-id":2}]})");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().message(), "fields[0].direction: missing");

  Schema schema = TestSchema();
  SortField by_id{Transform::Identity(), FieldId(1), SortDirection::kAsc, NullOrder::kNullsFirst};
  EXPECT_FALSE((SortOrder{0, {by_id}}).Validate(schema).has_value());
  EXPECT_FALSE((SortOrder{2, {}}).Validate(schema).has_value());
  EXPECT_FALSE(
      (SortOrder{1, {SortField{Transform::Identity(), FieldId(9)}}}).Validate(schema).has_value());
  EXPECT_FALSE(
      (SortOrder{1, {SortField{Transform::Bucket(2), FieldId(4)}}}).Validate(schema).has_value());
  EXPECT_FALSE(
      (SortOrder{1, {SortField{Transform::Identity(), FieldId(5)}}}).Validate(schema).has_value());
  EXPECT_TRUE((SortOrder{1, {by_id}}).Validate(schema).has_value());
}

}  // namespace
}  // namespace firn::iceberg
