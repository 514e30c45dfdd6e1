// Parses the schemas, partition specs and sort orders of real table metadata written by
// Spark, the Java API and PyIceberg (/work/shared/fixtures/iceberg), re-serialises each and
// checks that it parses back equal.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "firn/iceberg/partition/partition_spec_json.h"
#include "firn/iceberg/sort/sort_order_json.h"
#include "firn/iceberg/types/schema_json.h"

namespace firn::iceberg {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> MetadataFiles() {
  std::vector<fs::path> out;
#ifdef FIRN_SHARED_ICEBERG_FIXTURES
  fs::path root = FIRN_SHARED_ICEBERG_FIXTURES;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return out;
  for (const auto& e : fs::recursive_directory_iterator(root, ec)) {
    std::string name = e.path().filename().string();
    if (e.is_regular_file() && name.ends_with(".metadata.json") && !name.starts_with(".")) {
      out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
#endif
  return out;
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(FixturesTest, ParseAndRoundTripSchemasSpecsOrders) {
  auto files = MetadataFiles();
  if (files.empty()) GTEST_SKIP() << "shared iceberg fixtures not found";
  int schemas = 0, specs = 0, orders = 0, partitioned = 0, defaults = 0;
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.string());
    std::string text = ReadFile(file);
    auto doc = JsonDocument::Parse(text);
    ASSERT_TRUE(doc.has_value()) << doc.error().ToString();
    auto root = (*doc)->root().AsObject();
    ASSERT_TRUE(root.has_value());
    auto current_id = root->GetInt32("current-schema-id");
    ASSERT_TRUE(current_id.has_value()) << current_id.error().ToString();

    auto schema_list = root->GetArray("schemas");
    ASSERT_TRUE(schema_list.has_value());
    std::optional<Schema> current;
    for (const JsonValue& v : schema_list->Elements()) {
      auto s = SchemaFromJson(v);
      ASSERT_TRUE(s.has_value()) << s.error().ToString();
      auto back = SchemaFromJsonString(SchemaToJson(*s));
      ASSERT_TRUE(back.has_value()) << back.error().ToString();
      EXPECT_EQ(*back, *s);
      if (s->schema_id() == *current_id) current = *s;
      for (const auto& e : s->AllFields()) defaults += e.field->initial_default.has_value();
      ++schemas;
    }
    ASSERT_TRUE(current.has_value());

    auto spec_list = root->GetArray("partition-specs");
    ASSERT_TRUE(spec_list.has_value());
    for (const JsonValue& v : spec_list->Elements()) {
      auto spec = PartitionSpecFromJson(v);
      ASSERT_TRUE(spec.has_value()) << spec.error().ToString();
      EXPECT_TRUE(spec->Validate(*current).has_value())
          << spec->Validate(*current).error().ToString();
      EXPECT_TRUE(spec->PartitionType(*current).has_value());
      auto back = PartitionSpecFromJsonString(PartitionSpecToJson(*spec));
      ASSERT_TRUE(back.has_value());
      EXPECT_EQ(*back, *spec);
      EXPECT_LE(spec->LastAssignedFieldId(), *root->GetInt32("last-partition-id"));
      partitioned += !spec->IsUnpartitioned();
      ++specs;
    }

    auto order_list = root->GetArray("sort-orders");
    ASSERT_TRUE(order_list.has_value());
    for (const JsonValue& v : order_list->Elements()) {
      auto order = SortOrderFromJson(v);
      ASSERT_TRUE(order.has_value()) << order.error().ToString();
      EXPECT_TRUE(order->Validate(*current).has_value());
      auto back = SortOrderFromJsonString(SortOrderToJson(*order));
      ASSERT_TRUE(back.has_value());
      EXPECT_EQ(*back, *order);
      ++orders;
    }
    EXPECT_LE(current->HighestFieldId(), *root->GetInt32("last-column-id"));
  }
  // 54 files in the fixture set; each has at least one of each.
  EXPECT_GE(schemas, static_cast<int>(files.size()));
  EXPECT_GE(specs, static_cast<int>(files.size()));
  EXPECT_GE(orders, static_cast<int>(files.size()));
  EXPECT_GT(partitioned, 0);
  EXPECT_GT(defaults, 0);  // add-columns-with-defaults carries initial-default values
}

TEST(FixturesTest, KnownValues) {
  auto files = MetadataFiles();
  if (files.empty()) GTEST_SKIP() << "shared iceberg fixtures not found";
  fs::path rename = fs::path(FIRN_SHARED_ICEBERG_FIXTURES) /
                    "spark-rename-column/table/metadata/v3.metadata.json";
  auto doc = JsonDocument::Parse(ReadFile(rename));
  ASSERT_TRUE(doc.has_value());
  auto root = (*doc)->root().AsObject();
  auto spec = PartitionSpecFromJson(root->GetArray("partition-specs")->Elements()[0]);
  ASSERT_TRUE(spec.has_value());
  EXPECT_EQ(spec->fields[0],
            (PartitionField{FieldId(1), FieldId(1000), "id_bucket", Transform::Bucket(4)}));
  EXPECT_EQ(spec->fields[1],
            (PartitionField{FieldId(3), FieldId(1001), "date", Transform::Identity()}));
  auto schema = SchemaFromJson(root->GetArray("schemas")->Elements()[1]);
  ASSERT_TRUE(schema.has_value());
  EXPECT_EQ(schema->FindField(FieldId(3))->name, "event_date");
  EXPECT_EQ(schema->FindField("price")->type, Type::Decimal(10, 2));

  fs::path fruit = fs::path(FIRN_SHARED_ICEBERG_FIXTURES) / "fruit/table/metadata/v3.metadata.json";
  auto fdoc = JsonDocument::Parse(ReadFile(fruit));
  auto fschema = SchemaFromJson((*fdoc)->root().AsObject()->GetArray("schemas")->Elements()[0]);
  ASSERT_TRUE(fschema.has_value());
  EXPECT_EQ(fschema->FindField("metrics.value")->id, FieldId(15));
  EXPECT_EQ(fschema->FindField("suppliers.element")->type, Type::String());
  EXPECT_EQ(fschema->FindField("address.zipcode")->type, Type::Int());
  EXPECT_EQ(fschema->FindField("id")->type, Type::Decimal(19, 0));
}

}  // namespace
}  // namespace firn::iceberg
