// The SQLite database firn writes is the Iceberg JDBC catalog's: same tables, columns,
// types and keys as Java's JdbcUtil and PyIceberg's sql.py, read and written the way those
// clients do.
#include <gtest/gtest.h>

#include "firn/catalog/tests/catalog_test_util.h"
#include "firn/catalog/tests/sqlite_test_util.h"

namespace firn::catalog::testing {
namespace {

class SqlSchemaTest : public ::testing::Test {
 protected:
  std::unique_ptr<SqlCatalog> Open(std::string name = "default", sql::SqliteOptions sqlite = {}) {
    auto catalog = SqlCatalog::OpenSqlite(
        db_path(), &io_, SqlCatalogOptions{.catalog_name = name, .warehouse = dir_.path() + "/wh"},
        sqlite);
    EXPECT_TRUE(catalog.has_value()) << catalog.error().ToString();
    return catalog ? std::move(*catalog) : nullptr;
  }
  std::string db_path() const { return dir_.path() + "/catalog.db"; }

  TempDir dir_;
  io::LocalFileIO io_;
};

// (name, declared type, notnull, pk position) per column, from pragma table_info.
std::vector<Row> Columns(RawDb& db, const std::string& table) {
  auto rows = db.Query("SELECT name, type, \"notnull\", pk FROM pragma_table_info(?)", {table});
  EXPECT_TRUE(rows.has_value()) << db.error();
  return rows.value_or(std::vector<Row>{});
}

TEST_F(SqlSchemaTest, TablesMatchTheJdbcCatalogSchema) {
  ASSERT_NE(Open(), nullptr);
  RawDb db(db_path());
  EXPECT_EQ(Columns(db, "iceberg_tables"),
            (std::vector<Row>{{"catalog_name", "VARCHAR(255)", "1", "1"},
                              {"table_namespace", "VARCHAR(255)", "1", "2"},
                              {"table_name", "VARCHAR(255)", "1", "3"},
                              {"metadata_location", "VARCHAR(1000)", "0", "0"},
                              {"previous_metadata_location", "VARCHAR(1000)", "0", "0"},
                              {"iceberg_type", "VARCHAR(5)", "0", "0"}}));
  EXPECT_EQ(Columns(db, "iceberg_namespace_properties"),
            (std::vector<Row>{{"catalog_name", "VARCHAR(255)", "1", "1"},
                              {"namespace", "VARCHAR(255)", "1", "2"},
                              {"property_key", "VARCHAR(255)", "0", "3"},
                              {"property_value", "VARCHAR(1000)", "0", "0"}}));
  EXPECT_EQ(*db.Query("PRAGMA journal_mode"), (std::vector<Row>{{"wal"}}));
}

TEST_F(SqlSchemaTest, RowsReadTheWayPyIcebergAndJavaReadThem) {
  auto catalog = Open();
  ASSERT_OK(catalog->CreateNamespace(Ns("org.sales"), {{"owner", "ana"}}));
  auto v0 = Create(catalog.get(), Table("org.sales.orders"), "{}");
  ASSERT_OK(v0);
  auto v1 = Update(catalog.get(), Table("org.sales.orders"), *v0, "{}");
  ASSERT_OK(v1);

  RawDb db(db_path());
  // PyIceberg's SqlCatalog.load_table.
  auto rows = db.Query(
      "SELECT catalog_name, table_namespace, table_name, metadata_location, "
      "previous_metadata_location FROM iceberg_tables WHERE catalog_name = ? AND "
      "table_namespace = ? AND table_name = ?",
      {"default", "org.sales", "orders"});
  ASSERT_TRUE(rows.has_value()) << db.error();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0], (Row{"default", "org.sales", "orders", *v1, *v0}));
  // Java's V1 lookup.
  auto java = db.Query(
      "SELECT iceberg_type FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ? "
      "AND table_name = ? AND (iceberg_type = 'TABLE' OR iceberg_type IS NULL)",
      {"default", "org.sales", "orders"});
  EXPECT_EQ(*java, (std::vector<Row>{{"TABLE"}}));
  // The namespace row Java's namespaceExists looks for, and the user property.
  auto props = db.Query(
      "SELECT property_key, property_value FROM iceberg_namespace_properties WHERE "
      "catalog_name = ? AND namespace = ? ORDER BY property_key",
      {"default", "org.sales"});
  EXPECT_EQ(*props, (std::vector<Row>{{"exists", "true"}, {"owner", "ana"}}));
  // Metadata file names as Java's BaseMetastoreTableOperations writes them.
  EXPECT_NE(v0->find("/wh/org/sales/orders/metadata/00000-"), std::string::npos) << *v0;
  EXPECT_NE(v1->find("/wh/org/sales/orders/metadata/00001-"), std::string::npos) << *v1;
  EXPECT_TRUE(v1->ends_with(".metadata.json"));
}

TEST_F(SqlSchemaTest, OpensADatabaseWrittenByPyIceberg) {
  // PyIceberg's DDL (no iceberg_type: a V0 database), and the rows its create_namespace
  // (with properties: no 'exists' row) and create_table write.
  {
    RawDb db(db_path());
    ASSERT_TRUE(db.Exec(
        "CREATE TABLE iceberg_tables (catalog_name VARCHAR(255) NOT NULL, table_namespace "
        "VARCHAR(255) NOT NULL, table_name VARCHAR(255) NOT NULL, metadata_location "
        "VARCHAR(1000), previous_metadata_location VARCHAR(1000), PRIMARY KEY (catalog_name, "
        "table_namespace, table_name))"))
        << db.error();
    ASSERT_TRUE(db.Exec(
        "CREATE TABLE iceberg_namespace_properties (catalog_name VARCHAR(255) NOT NULL, "
        "namespace VARCHAR(255) NOT NULL, property_key VARCHAR(255) NOT NULL, property_value "
        "VARCHAR(1000) NOT NULL, PRIMARY KEY (catalog_name, namespace, property_key))"));
    ASSERT_TRUE(db.Exec(
        "INSERT INTO iceberg_namespace_properties VALUES ('default', 'py', 'owner', 'bo')"));
    ASSERT_TRUE(db.Exec(
        "INSERT INTO iceberg_tables VALUES ('default', 'py', 'events', '/x/00000-a.metadata.json', "
        "NULL)"));
  }
  auto catalog = Open();
  ASSERT_NE(catalog, nullptr);
  EXPECT_EQ(catalog->schema_version(), sql::JdbcSchemaVersion::kV0);
  EXPECT_TRUE(*catalog->NamespaceExists(Ns("py")));
  EXPECT_EQ(*catalog->LoadNamespaceProperties(Ns("py")), (Properties{{"owner", "bo"}}));
  EXPECT_EQ(catalog->LoadTable(Table("py.events"))->metadata_location, "/x/00000-a.metadata.json");
  auto next = Update(catalog.get(), Table("py.events"), "/x/00000-a.metadata.json", "{}");
  ASSERT_OK(next);
  EXPECT_EQ(catalog->LoadTable(Table("py.events"))->previous_metadata_location,
            "/x/00000-a.metadata.json");
  ASSERT_OK(Create(catalog.get(), Table("py.more"), "{}"));
  RawDb db(db_path());
  EXPECT_EQ(Columns(db, "iceberg_tables").size(), 5u);  // left as PyIceberg made it
}

TEST_F(SqlSchemaTest, ViewsAndOtherCatalogsAreNotTables) {
  auto catalog = Open("one");
  ASSERT_OK(catalog->CreateNamespace(Ns("db"), {}));
  {
    RawDb db(db_path());
    ASSERT_TRUE(
        db.Exec("INSERT INTO iceberg_tables VALUES ('one', 'db', 'v', '/v.json', NULL, "
                "'VIEW')"));
    ASSERT_TRUE(
        db.Exec("INSERT INTO iceberg_tables VALUES ('two', 'db', 't', '/t.json', NULL, "
                "'TABLE')"));
  }
  EXPECT_TRUE(catalog->ListTables(Ns("db"))->empty());
  ASSERT_ERROR_KIND(catalog->LoadTable(Table("db.v")), ErrorKind::kNotFound);
  ASSERT_ERROR_KIND(catalog->LoadTable(Table("db.t")), ErrorKind::kNotFound);
  ASSERT_ERROR_KIND(Create(catalog.get(), Table("db.v"), "{}"), ErrorKind::kAlreadyExists);
  ASSERT_ERROR_KIND(catalog->DropTable(Table("db.v")), ErrorKind::kNotFound);

  auto two = Open("two");
  EXPECT_EQ(two->LoadTable(Table("db.t"))->metadata_location, "/t.json");
  EXPECT_EQ(*two->ListNamespaces(Namespace()), (std::vector<Namespace>{Ns("db")}));
  EXPECT_FALSE(*two->NamespaceExists(Ns("other")));
}

TEST_F(SqlSchemaTest, NamespaceMatchingIsExactNotLike) {
  auto catalog = Open();
  ASSERT_OK(catalog->CreateNamespace(Ns("a_b"), {}));
  ASSERT_OK(catalog->CreateNamespace(Ns("DB"), {}));
  EXPECT_FALSE(*catalog->NamespaceExists(Ns("axb")));  // '_' is not a wildcard
  EXPECT_FALSE(*catalog->NamespaceExists(Ns("db")));   // LIKE is case-insensitive in SQLite
  ASSERT_OK(catalog->CreateNamespace(Ns("db"), {}));
  EXPECT_EQ(*catalog->ListNamespaces(Namespace()),
            (std::vector<Namespace>{Ns("DB"), Ns("a_b"), Ns("db")}));
}

TEST_F(SqlSchemaTest, ReservedExistsPropertyIsHiddenAndProtected) {
  auto catalog = Open();
  ASSERT_ERROR_KIND(catalog->CreateNamespace(Ns("db"), {{"exists", "no"}}),
                    ErrorKind::kInvalidArgument);
  ASSERT_OK(catalog->CreateNamespace(Ns("db"), {}));
  EXPECT_TRUE(catalog->LoadNamespaceProperties(Ns("db"))->empty());
  ASSERT_ERROR_KIND(catalog->UpdateNamespaceProperties(Ns("db"), {}, {"exists"}),
                    ErrorKind::kInvalidArgument);
}

// The pointer swap fails inside the database (here: another client holds the write lock
// past the busy timeout). The commit fails, the table keeps its metadata, and the file
// written for the commit is removed again.
TEST_F(SqlSchemaTest, FailedSwapRemovesTheNewFile) {
  auto catalog = Open("default", sql::SqliteOptions{.busy_timeout_ms = 50});
  ASSERT_OK(catalog->CreateNamespace(Ns("db"), {}));
  auto v0 = Create(catalog.get(), Table("db.t"), "{\"v\":0}");
  ASSERT_OK(v0);

  RawDb blocker(db_path());
  ASSERT_TRUE(blocker.Exec("BEGIN IMMEDIATE")) << blocker.error();
  auto failed = Update(catalog.get(), Table("db.t"), *v0, "{\"v\":1}");
  ASSERT_TRUE(blocker.Exec("ROLLBACK"));
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().kind(), ErrorKind::kIOError) << failed.error().ToString();
  EXPECT_NE(failed.error().message().find(db_path()), std::string::npos)
      << failed.error().message();
  EXPECT_NE(failed.error().message().find("UPDATE iceberg_tables"), std::string::npos)
      << failed.error().message();

  EXPECT_EQ(catalog->LoadTable(Table("db.t"))->metadata_location, *v0);
  auto files = io_.List(FilePath(dir_.path() + "/wh/db/t/metadata"));
  ASSERT_OK(files);
  ASSERT_EQ(files->size(), 1u);
  EXPECT_EQ((*files)[0].path.value(), *v0);
}

}  // namespace
}  // namespace firn::catalog::testing
