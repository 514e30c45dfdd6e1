// The upsert and CDC keys of [table-defaults] / [tables."ns.name"]: parsing, defaults,
// how levels combine, id-columns as a spelling of identifier-fields, and every error.
#include <gtest/gtest.h>

#include <string>

#include "firn/ingest/config/pipeline_config.h"
#include "firn/ingest/tests/pipeline_config_test_util.h"

namespace firn::ingest {
namespace {

using namespace firn::ingest::testing;  // NOLINT

TEST(PipelineConfigCdcTest, Defaults) {
  auto c = Parse(kKafka);
  ASSERT_TRUE(c) << c.error().message();
  TableSettings t = SettingsForTable(*c, "db.events");
  EXPECT_FALSE(t.upsert);
  EXPECT_EQ(t.cdc.format, CdcFormat::kNone);
  EXPECT_EQ(t.cdc.field, "");
  EXPECT_FALSE(c->table_defaults.upsert);
  EXPECT_FALSE(c->table_defaults.cdc_format);
  EXPECT_FALSE(c->table_defaults.cdc_field);
}

TEST(PipelineConfigCdcTest, ParsesEveryKey) {
  const std::string text = std::string(kKafka) +
                           "[table-defaults]\n"
                           "upsert = true\n"
                           "cdc-format = \"debezium\"\n"
                           "[tables.\"db.orders\"]\n"
                           "cdc-format = \"field\"\n"
                           "cdc-field = \"meta.op\"\n"
                           "id-columns = [\"order_id\", \"region\"]\n"
                           "[tables.\"db.plain\"]\n"
                           "upsert = false\n"
                           "cdc-format = \"none\"\n"
                           "[tables.\"db.keys\"]\n"
                           "cdc-format = \"none\"\n"
                           "identifier-fields = [\"k\"]\n";
  auto c = Parse(text);
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_EQ(c->table_defaults.upsert, true);
  EXPECT_EQ(c->table_defaults.cdc_format, CdcFormat::kDebezium);
  EXPECT_FALSE(c->table_defaults.cdc_field);
  const TableOverrides& o = c->tables.at("db.orders");
  EXPECT_FALSE(o.upsert);
  EXPECT_EQ(o.cdc_format, CdcFormat::kField);
  EXPECT_EQ(o.cdc_field, "meta.op");
  EXPECT_EQ(o.identifier_fields, (std::vector<std::string>{"order_id", "region"}));

  TableSettings orders = SettingsForTable(*c, "db.orders");
  EXPECT_TRUE(orders.upsert);
  EXPECT_EQ(orders.cdc, (CdcOptions{CdcFormat::kField, "meta.op"}));
  EXPECT_EQ(orders.identifier_fields, (std::vector<std::string>{"order_id", "region"}));

  TableSettings other = SettingsForTable(*c, "db.other");
  EXPECT_TRUE(other.upsert);
  EXPECT_EQ(other.cdc, (CdcOptions{CdcFormat::kDebezium, ""}));
  EXPECT_TRUE(other.identifier_fields.empty());

  TableSettings plain = SettingsForTable(*c, "db.plain");
  EXPECT_FALSE(plain.upsert);
  EXPECT_EQ(plain.cdc, CdcOptions{});

  TableSettings keys = SettingsForTable(*c, "db.keys");
  EXPECT_TRUE(keys.upsert);  // upsert without CDC
  EXPECT_EQ(keys.cdc.format, CdcFormat::kNone);
  EXPECT_EQ(keys.identifier_fields, (std::vector<std::string>{"k"}));
}

// A level that gives cdc-format replaces the cdc-field below it; a level that gives only
// cdc-field keeps the format below it.
TEST(PipelineConfigCdcTest, LevelsCombine) {
  const std::string text = std::string(kKafka) +
                           "[table-defaults]\n"
                           "upsert = true\n"
                           "cdc-format = \"field\"\n"
                           "cdc-field = \"op\"\n"
                           "[tables.\"db.a\"]\n"
                           "cdc-format = \"debezium\"\n"
                           "[tables.\"db.b\"]\n"
                           "cdc-field = \"__op\"\n";
  auto c = Parse(text);
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_EQ(SettingsForTable(*c, "db.a").cdc, (CdcOptions{CdcFormat::kDebezium, ""}));
  EXPECT_EQ(SettingsForTable(*c, "db.b").cdc, (CdcOptions{CdcFormat::kField, "__op"}));
  EXPECT_EQ(SettingsForTable(*c, "db.c").cdc, (CdcOptions{CdcFormat::kField, "op"}));
}

TEST(PipelineConfigCdcTest, IdColumnsIsIdentifierFields) {
  const std::string text = std::string(kKafka) +
                           "[table-defaults]\n"
                           "id-columns = [\"id\"]\n"
                           "[tables.\"db.t\"]\n"
                           "schema-ddl = \"id long not null, v string\"\n"
                           "identifier-fields = [\"id\"]\n"
                           "[tables.\"db.u\"]\n"
                           "schema-ddl = \"k string not null\"\n"
                           "id-columns = [\"k\"]\n";
  auto c = Parse(text);
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_EQ(c->table_defaults.identifier_fields, (std::vector<std::string>{"id"}));
  EXPECT_EQ(SettingsForTable(*c, "db.x").identifier_fields, (std::vector<std::string>{"id"}));
  EXPECT_EQ(SettingsForTable(*c, "db.u").identifier_fields, (std::vector<std::string>{"k"}));
  // id-columns is checked against the schema like identifier-fields.
  EXPECT_EQ(ErrorOf(std::string(kKafka) +
                    "[tables.\"db.t\"]\nschema-ddl = \"x long not null\"\nid-columns = [\"y\"]\n"),
            "p.toml:7:9: tables.\"db.t\": identifier-fields: column 'y' does not exist");
}

TEST(PipelineConfigCdcTest, ErrorMessages) {
  struct Case {
    std::string text;
    std::string message;
  };
  const std::string k(kKafka);  // 6 lines
  const Case cases[] = {
      // Types and values.
      {k + "[table-defaults]\nupsert = \"yes\"\n",
       "p.toml:8:10: table-defaults.upsert: expected true or false, got \"yes\""},
      {k + "[table-defaults]\ncdc-format = \"debezum\"\n",
       "p.toml:8:14: table-defaults.cdc-format: expected one of \"none\", \"debezium\", "
       "\"field\", got \"debezum\"; did you mean \"debezium\"?"},
      {k + "[table-defaults]\ncdc-format = \"Debezium\"\n",
       "p.toml:8:14: table-defaults.cdc-format: expected one of \"none\", \"debezium\", "
       "\"field\", got \"Debezium\"; did you mean \"debezium\"?"},
      {k + "[tables.\"db.t\"]\ncdc-field = 3\n",
       "p.toml:8:13: tables.\"db.t\".cdc-field: expected a string, got 3"},
      {k + "[tables.\"db.t\"]\nupsert = true\ncdc-format = \"field\"\ncdc-field = \"\"\n",
       "p.toml:10:1: tables.\"db.t\".cdc-field: expected a field name (\"op\", or \"meta.op\" "
       "for a nested field), got \"\""},
      {k + "[tables.\"db.t\"]\nupsert = true\ncdc-format = \"field\"\ncdc-field = \"a..b\"\n",
       "p.toml:10:1: tables.\"db.t\".cdc-field: expected a field name (\"op\", or \"meta.op\" "
       "for a nested field), got \"a..b\""},
      {k + "[tables.\"db.t\"]\nid-columns = \"id\"\n",
       "p.toml:8:14: tables.\"db.t\".id-columns: expected an array of strings (write [\"id\"] "
       "for one), got \"id\""},
      // Typos get hints.
      {k + "[table-defaults]\nupsrt = true\n",
       "p.toml:8:1: unknown key 'table-defaults.upsrt'; did you mean 'table-defaults.upsert'?"},
      {k + "[tables.\"db.t\"]\ncdc_field = \"op\"\n",
       "p.toml:8:1: unknown key 'tables.\"db.t\".cdc_field'; did you mean "
       "'tables.\"db.t\".cdc-field'?"},
      {k + "[tables.\"db.t\"]\nid-column = [\"id\"]\n",
       "p.toml:8:1: unknown key 'tables.\"db.t\".id-column'; did you mean "
       "'tables.\"db.t\".id-columns'?"},
      // Rules between keys.
      {k + "[tables.\"db.t\"]\nidentifier-fields = [\"a\"]\nid-columns = [\"a\"]\n",
       "p.toml:9:1: tables.\"db.t\".id-columns: give either identifier-fields or id-columns (the "
       "same setting), not both"},
      {k + "[table-defaults]\ncdc-format = \"debezium\"\n",
       "p.toml:8:1: table-defaults.cdc-format = \"debezium\" needs upsert = true: a change "
       "stream written to an append-only table would keep deleted rows and old versions of "
       "updated rows as rows"},
      {k + "[tables.\"db.t\"]\nupsert = false\ncdc-format = \"field\"\ncdc-field = \"op\"\n",
       "p.toml:9:1: tables.\"db.t\".cdc-format = \"field\" needs upsert = true: a change stream "
       "written to an append-only table would keep deleted rows and old versions of updated "
       "rows as rows"},
      {k + "[table-defaults]\nupsert = true\ncdc-format = \"debezium\"\n"
           "[tables.\"db.t\"]\nupsert = false\n",
       "p.toml:11:1: tables.\"db.t\".upsert = false, but cdc-format = \"debezium\" needs upsert = "
       "true: a change stream written to an append-only table would keep deleted rows and old "
       "versions of updated rows as rows"},
      {k + "[tables.\"db.t\"]\nupsert = true\ncdc-format = \"field\"\n",
       "p.toml:9:1: tables.\"db.t\".cdc-field is required for cdc-format = \"field\": the field "
       "that holds each record's operation"},
      {k + "[tables.\"db.t\"]\nupsert = true\ncdc-format = \"debezium\"\ncdc-field = \"op\"\n",
       "p.toml:10:1: tables.\"db.t\".cdc-field is only used with cdc-format = \"field\", not "
       "\"debezium\""},
      {k + "[tables.\"db.t\"]\nupsert = true\ncdc-field = \"op\"\n",
       "p.toml:9:1: tables.\"db.t\".cdc-field is only used with cdc-format = \"field\", not "
       "\"none\""},
      {k + "[table-defaults]\ncdc-field = \"op\"\n",
       "p.toml:8:1: table-defaults.cdc-field is only used with cdc-format = \"field\", not "
       "\"none\""},
      // The same rules for inline and dotted spellings.
      {"tables.\"db.t\" = { cdc-format = \"debezium\" }\n" + k,
       "p.toml:1:19: tables.\"db.t\".cdc-format = \"debezium\" needs upsert = true: a change "
       "stream written to an append-only table would keep deleted rows and old versions of "
       "updated rows as rows"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ErrorOf(c.text), c.message) << c.text;
  }
}

// A table whose settings are fine on their own but inherit a broken default is reported
// once, at the default.
TEST(PipelineConfigCdcTest, OneMistakeOneMessage) {
  const std::string text = std::string(kKafka) +
                           "[table-defaults]\ncdc-format = \"debezium\"\n"
                           "[tables.\"db.t\"]\nproperties = { \"commit.retry.num-retries\" = 3 }\n";
  const std::string got = ErrorOf(text);
  EXPECT_EQ(got.find('\n'), std::string::npos) << got;
  EXPECT_TRUE(got.starts_with("p.toml:8:1: table-defaults.cdc-format")) << got;
}

}  // namespace
}  // namespace firn::ingest
