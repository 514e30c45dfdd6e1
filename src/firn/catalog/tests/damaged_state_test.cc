// Damaged catalog state: a catalog.db that is not a database, a damaged JDBC schema or
// row, and every way a Hadoop table's version-hint and vN files can be off. Each gives a
// clear error or the documented fallback, never a crash.
#include <gtest/gtest.h>

#include <fstream>

#include "firn/catalog/tests/catalog_test_util.h"
#include "firn/catalog/tests/sqlite_test_util.h"
#include "firn/io/memory_file_io.h"

namespace firn::catalog::testing {
namespace {

void WriteRawFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

Result<std::unique_ptr<SqlCatalog>> OpenDb(const std::string& path, io::FileIO* io) {
  return SqlCatalog::OpenSqlite(path, io, SqlCatalogOptions{.warehouse = "/wh"});
}

TEST(DamagedSqlCatalogTest, FileThatIsNotADatabase) {
  TempDir dir;
  io::LocalFileIO io;
  std::string path = dir.path() + "/catalog.db";
  std::string text;
  for (int i = 0; i < 200; ++i) text += "this is not an sqlite database\n";
  WriteRawFile(path, text);
  auto catalog = OpenDb(path, &io);
  ASSERT_FALSE(catalog.has_value());
  EXPECT_EQ(catalog.error().kind(), ErrorKind::kCorrupt) << catalog.error().ToString();
  EXPECT_NE(catalog.error().message().find(path), std::string::npos);
  EXPECT_NE(catalog.error().message().find("not a database"), std::string::npos)
      << catalog.error().message();
}

TEST(DamagedSqlCatalogTest, TruncatedDatabase) {
  TempDir dir;
  io::LocalFileIO io;
  std::string path = dir.path() + "/catalog.db";
  {
    auto catalog = OpenDb(path, &io);
    ASSERT_OK(catalog);
    ASSERT_OK((*catalog)->CreateNamespace(Ns("db"), {}));
    ASSERT_OK(Create(catalog->get(), Table("db.t"), "{}"));
  }
  std::string bytes = *io.ReadAll(FilePath(path));
  ASSERT_GT(bytes.size(), 4096u);
  // Keep the header page only: the schema's pages are gone.
  WriteRawFile(path, bytes.substr(0, 4096) + std::string(100, '\xff'));
  auto catalog = OpenDb(path, &io);
  std::optional<Error> error;
  if (!catalog) {
    error = catalog.error();
  } else if (auto loaded = (*catalog)->LoadTable(Table("db.t")); !loaded) {
    error = loaded.error();
  }
  ASSERT_TRUE(error.has_value()) << "a truncated catalog.db loaded a table";
  EXPECT_EQ(error->kind(), ErrorKind::kCorrupt) << error->ToString();
  EXPECT_NE(error->message().find(path), std::string::npos) << error->message();
}

TEST(DamagedSqlCatalogTest, PathIsADirectory) {
  TempDir dir;
  io::LocalFileIO io;
  auto catalog = OpenDb(dir.path(), &io);
  ASSERT_FALSE(catalog.has_value());
  EXPECT_NE(catalog.error().message().find(dir.path()), std::string::npos)
      << catalog.error().ToString();
}

TEST(DamagedSqlCatalogTest, ForeignTableOfTheSameName) {
  TempDir dir;
  io::LocalFileIO io;
  std::string path = dir.path() + "/catalog.db";
  {
    RawDb db(path);
    ASSERT_TRUE(db.Exec("CREATE TABLE iceberg_tables (id INTEGER PRIMARY KEY, name TEXT)"));
  }
  auto catalog = OpenDb(path, &io);
  ASSERT_FALSE(catalog.has_value());
  EXPECT_EQ(catalog.error().kind(), ErrorKind::kCorrupt);
  EXPECT_NE(catalog.error().message().find("iceberg_tables has no column catalog_name"),
            std::string::npos)
      << catalog.error().message();
}

TEST(DamagedSqlCatalogTest, RowWithoutMetadataLocation) {
  TempDir dir;
  io::LocalFileIO io;
  std::string path = dir.path() + "/catalog.db";
  auto catalog = OpenDb(path, &io);
  ASSERT_OK(catalog);
  ASSERT_OK((*catalog)->CreateNamespace(Ns("db"), {}));
  RawDb db(path);
  ASSERT_TRUE(db.Exec("INSERT INTO iceberg_tables VALUES ('default','db','t',NULL,NULL,'TABLE')"));
  auto loaded = (*catalog)->LoadTable(Table("db.t"));
  ASSERT_FALSE(loaded.has_value());
  EXPECT_EQ(loaded.error().kind(), ErrorKind::kCorrupt);
  EXPECT_NE(loaded.error().message().find("db.t"), std::string::npos);
  ASSERT_ERROR_KIND(Update(catalog->get(), Table("db.t"), "/x", "{}"), ErrorKind::kCorrupt);
}

// A Hadoop table with v1..v3 on a MemoryFileIO, for damaging its hint and files.
class DamagedHadoopTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto catalog = FilesystemCatalog::Make("/wh", &io_);
    ASSERT_OK(catalog);
    catalog_ = std::move(*catalog);
    ASSERT_OK(catalog_->CreateNamespace(Ns("db"), {}));
    auto v = Create(catalog_.get(), Table("db.t"), "{\"v\":1}");
    ASSERT_OK(v);
    for (int i = 2; i <= 3; ++i) {
      v = Update(catalog_.get(), Table("db.t"), *v, "{\"v\":" + std::to_string(i) + "}");
      ASSERT_OK(v);
    }
    ASSERT_EQ(*v, V(3));
  }
  static std::string V(int n) {
    return "/wh/db/t/metadata/v" + std::to_string(n) + ".metadata.json";
  }
  static FilePath Hint() { return FilePath("/wh/db/t/metadata/version-hint.text"); }
  void SetHint(const std::string& text) {
    ASSERT_OK(io_.WriteAll(Hint(), text, io::WriteMode::kOverwrite));
  }
  std::string Current() {
    auto pointer = catalog_->LoadTable(Table("db.t"));
    EXPECT_TRUE(pointer.has_value()) << pointer.error().ToString();
    return pointer ? pointer->metadata_location : "";
  }

  io::MemoryFileIO io_;
  std::unique_ptr<FilesystemCatalog> catalog_;
};

TEST_F(DamagedHadoopTableTest, MissingHintFallsBackToListing) {
  ASSERT_OK(io_.Delete(Hint()));
  EXPECT_EQ(Current(), V(3));
  ASSERT_OK(Update(catalog_.get(), Table("db.t"), V(3), "{\"v\":4}"));
  EXPECT_EQ(Current(), V(4));
}

TEST_F(DamagedHadoopTableTest, GarbageHintFallsBackToListing) {
  for (const char* garbage : {"abc", "", "0", "-2", "2x", "99999999999999999999999", "\x01\x02"}) {
    SetHint(garbage);
    EXPECT_EQ(Current(), V(3)) << "hint '" << garbage << "'";
  }
  SetHint(" 3\n");  // whitespace around the number is fine
  EXPECT_EQ(Current(), V(3));
}

TEST_F(DamagedHadoopTableTest, StaleHintStepsForward) {
  SetHint("1");
  EXPECT_EQ(Current(), V(3));
  EXPECT_EQ(catalog_->LoadTable(Table("db.t"))->previous_metadata_location, V(2));
  ASSERT_ERROR_KIND(Update(catalog_.get(), Table("db.t"), V(1), "{}"), ErrorKind::kCommitConflict);
  ASSERT_OK(Update(catalog_.get(), Table("db.t"), V(3), "{}"));
}

TEST_F(DamagedHadoopTableTest, HintNamingAMissingVersionIsCorrupt) {
  ASSERT_OK(io_.Delete(FilePath(V(3))));  // the current metadata is gone
  auto loaded = catalog_->LoadTable(Table("db.t"));
  ASSERT_FALSE(loaded.has_value());
  EXPECT_EQ(loaded.error().kind(), ErrorKind::kCorrupt);
  EXPECT_NE(loaded.error().message().find("v3.metadata.json is missing"), std::string::npos)
      << loaded.error().message();
  // A commit from the older version must not go through either.
  ASSERT_ERROR_KIND(Update(catalog_.get(), Table("db.t"), V(2), "{}"), ErrorKind::kCorrupt);
  SetHint("7");
  ASSERT_ERROR_KIND(catalog_->LoadTable(Table("db.t")), ErrorKind::kCorrupt);
}

TEST_F(DamagedHadoopTableTest, OlderVersionsMayBeMissing) {
  ASSERT_OK(io_.Delete(FilePath(V(1))));
  ASSERT_OK(io_.Delete(FilePath(V(2))));
  EXPECT_EQ(Current(), V(3));
  EXPECT_EQ(catalog_->LoadTable(Table("db.t"))->previous_metadata_location, std::nullopt);
  ASSERT_OK(io_.Delete(Hint()));
  EXPECT_EQ(Current(), V(3));
}

TEST_F(DamagedHadoopTableTest, StrayFilesAreNotVersions) {
  for (const char* name : {"v.metadata.json", "vx.metadata.json", "v0.metadata.json",
                           "v-1.metadata.json", "00005-abc.metadata.json", "v9.json"}) {
    ASSERT_OK(io_.WriteAll(FilePath(std::string("/wh/db/u/metadata/") + name), "{}"));
  }
  EXPECT_FALSE(*catalog_->TableExists(Table("db.u")));
  ASSERT_ERROR_KIND(catalog_->LoadTable(Table("db.u")), ErrorKind::kNotFound);
  EXPECT_EQ(*catalog_->ListTables(Ns("db")), (std::vector<TableIdentifier>{Table("db.t")}));
  ASSERT_OK(io_.WriteAll(FilePath("/wh/db/u/metadata/version-hint.text"), "5"));
  ASSERT_ERROR_KIND(catalog_->LoadTable(Table("db.u")), ErrorKind::kCorrupt);
}

TEST_F(DamagedHadoopTableTest, DamagedNamespacePropertiesFile) {
  ASSERT_OK(io_.WriteAll(FilePath("/wh/db/.firn-namespace.properties"), "ok=1\nbroken line\n",
                         io::WriteMode::kOverwrite));
  auto props = catalog_->LoadNamespaceProperties(Ns("db"));
  ASSERT_FALSE(props.has_value());
  EXPECT_EQ(props.error().kind(), ErrorKind::kCorrupt);
  EXPECT_NE(props.error().message().find("line 2"), std::string::npos) << props.error().message();
  ASSERT_OK(io_.WriteAll(FilePath("/wh/db/.firn-namespace.properties"), "k=%G1\n",
                         io::WriteMode::kOverwrite));
  ASSERT_ERROR_KIND(catalog_->LoadNamespaceProperties(Ns("db")), ErrorKind::kCorrupt);
  ASSERT_OK(io_.WriteAll(FilePath("/wh/db/.firn-namespace.properties"), "k=%4",
                         io::WriteMode::kOverwrite));
  ASSERT_ERROR_KIND(catalog_->LoadNamespaceProperties(Ns("db")), ErrorKind::kCorrupt);
}

TEST_F(DamagedHadoopTableTest, CommitRejectsForeignLocations) {
  ASSERT_ERROR_KIND(catalog_->CommitTable(Table("db.t"), MetadataCommit{"/elsewhere", V(3), "{}"}),
                    ErrorKind::kInvalidArgument);
  ASSERT_ERROR_KIND(
      Update(catalog_.get(), Table("db.t"), "/wh/db/t/metadata/00003-x.metadata.json", "{}"),
      ErrorKind::kInvalidArgument);
  EXPECT_EQ(Current(), V(3));
}

}  // namespace
}  // namespace firn::catalog::testing
