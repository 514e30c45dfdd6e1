// OpenCatalog: which catalog each URI form opens, and the errors for the others.
#include "firn/catalog/catalog_uri.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "firn/catalog/tests/catalog_test_util.h"

namespace firn::catalog::testing {
namespace {

class CatalogUriTest : public ::testing::Test {
 protected:
  TempDir dir_;
  io::LocalFileIO io_;
};

TEST_F(CatalogUriTest, WarehouseDirectoryOpensSqliteInside) {
  auto catalog = OpenCatalog(CatalogConfig{.warehouse = dir_.path()}, &io_);
  ASSERT_OK(catalog);
  EXPECT_NE((*catalog)->description().find("sql catalog 'default'"), std::string::npos);
  EXPECT_TRUE(*io_.Exists(FilePath(dir_.path() + "/catalog.db")));
  EXPECT_EQ((*catalog)->DefaultTableLocation(Table("db.t")), dir_.path() + "/db/t");
  ASSERT_OK((*catalog)->CreateNamespace(Ns("db"), {}));
  ASSERT_OK(Create(catalog->get(), Table("db.t"), "{}"));

  // The same data through sqlite:/// and sqlite://// (SQLAlchemy's absolute form).
  for (std::string uri :
       {"sqlite://" + dir_.path() + "/catalog.db", "sqlite:///" + dir_.path() + "/catalog.db"}) {
    auto again = OpenCatalog(CatalogConfig{.uri = uri}, &io_);
    ASSERT_OK(again);
    EXPECT_TRUE(*(*again)->TableExists(Table("db.t"))) << uri;
    EXPECT_EQ((*again)->DefaultTableLocation(Table("db.t")), dir_.path() + "/db/t") << uri;
  }
  // Another catalog name sees other rows.
  auto other = OpenCatalog(CatalogConfig{.warehouse = dir_.path(), .catalog_name = "other"}, &io_);
  ASSERT_OK(other);
  EXPECT_FALSE(*(*other)->NamespaceExists(Ns("db")));
}

TEST_F(CatalogUriTest, RelativeWarehouseBecomesAbsolute) {
  char cwd[4096];
  ASSERT_NE(getcwd(cwd, sizeof cwd), nullptr);
  ASSERT_EQ(chdir(dir_.path().c_str()), 0);
  auto catalog = OpenCatalog(CatalogConfig{.warehouse = "./wh/"}, &io_);
  ASSERT_EQ(chdir(cwd), 0);
  ASSERT_OK(catalog);
  EXPECT_EQ((*catalog)->DefaultTableLocation(Table("db.t")), dir_.path() + "/wh/db/t");
}

TEST_F(CatalogUriTest, FileUriOpensTheFilesystemCatalog) {
  auto catalog = OpenCatalog(CatalogConfig{.uri = "file://" + dir_.path() + "/wh"}, &io_);
  ASSERT_OK(catalog);
  EXPECT_NE((*catalog)->description().find("filesystem catalog"), std::string::npos);
  ASSERT_OK((*catalog)->CreateNamespace(Ns("db"), {}));
  auto v1 = Create(catalog->get(), Table("db.t"), "{}");
  ASSERT_OK(v1);
  EXPECT_EQ(*v1, dir_.path() + "/wh/db/t/metadata/v1.metadata.json");
  EXPECT_FALSE(*io_.Exists(FilePath(dir_.path() + "/wh/catalog.db")));
}

TEST_F(CatalogUriTest, UnsupportedAndUnknownSchemes) {
  auto pg = OpenCatalog(CatalogConfig{.uri = "postgresql://u@h/db", .warehouse = "/wh"}, &io_);
  ASSERT_ERROR_KIND(pg, ErrorKind::kNotSupported);
  auto unknown = OpenCatalog(CatalogConfig{.uri = "thrift://metastore:9083"}, &io_);
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().kind(), ErrorKind::kInvalidArgument);
  EXPECT_NE(unknown.error().message().find("sqlite:///"), std::string::npos)
      << unknown.error().message();
  EXPECT_NE(unknown.error().message().find("file:///"), std::string::npos);
  ASSERT_ERROR_KIND(OpenCatalog(CatalogConfig{}, &io_), ErrorKind::kInvalidArgument);
  ASSERT_ERROR_KIND(OpenCatalog(CatalogConfig{.warehouse = "s3://bucket/wh"}, &io_),
                    ErrorKind::kInvalidArgument);
  ASSERT_ERROR_KIND(OpenCatalog(CatalogConfig{.uri = "sqlite://"}, &io_),
                    ErrorKind::kInvalidArgument);
}

}  // namespace
}  // namespace firn::catalog::testing
