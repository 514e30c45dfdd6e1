// Commits on failing storage: whichever step of writing the new metadata file fails
// (create, write, fsync of the file or of its folder, rename), the commit returns an error
// and the table still points at its old, complete metadata file. A crash after a
// successful commit keeps the committed file.
#include <gtest/gtest.h>

#include "firn/catalog/tests/catalog_test_util.h"
#include "firn/io/fault_injecting_file_io.h"

namespace firn::catalog::testing {
namespace {

using io::FaultInjectingFileIO;
using io::FaultMode;
using io::FaultOp;

struct FaultCase {
  bool sql;  // SqlCatalog (SQLite on disk, metadata on the simulated disk) or filesystem
  FaultOp op;
  int64_t n;  // the nth operation of `op` during the commit fails
};

std::string CaseName(const ::testing::TestParamInfo<FaultCase>& info) {
  return std::string(info.param.sql ? "sql_" : "filesystem_") +
         std::string(io::FaultOpName(info.param.op)) + "_" + std::to_string(info.param.n);
}

class CatalogFaultTest : public ::testing::TestWithParam<FaultCase> {
 protected:
  void SetUp() override { catalog_ = Open(); }

  std::unique_ptr<Catalog> Open() {
    if (GetParam().sql) {
      auto catalog = SqlCatalog::OpenSqlite(dir_.path() + "/catalog.db", &io_,
                                            SqlCatalogOptions{.warehouse = "/wh"});
      EXPECT_TRUE(catalog.has_value()) << catalog.error().ToString();
      return catalog ? std::move(*catalog) : nullptr;
    }
    auto catalog = FilesystemCatalog::Make("/wh", &io_);
    return catalog ? std::move(*catalog) : nullptr;
  }

  // Names of every file in the table's metadata folder.
  std::vector<std::string> MetadataFiles() {
    std::vector<std::string> names;
    auto files = io_.List(FilePath("/wh/db/t/metadata"));
    EXPECT_TRUE(files.has_value());
    if (files) {
      for (const auto& file : *files) names.push_back(file.path.value());
    }
    return names;
  }

  TempDir dir_;
  FaultInjectingFileIO io_;
  std::unique_ptr<Catalog> catalog_;
};

TEST_P(CatalogFaultTest, FailedCommitKeepsTheOldMetadata) {
  Catalog* c = catalog_.get();
  ASSERT_NE(c, nullptr);
  ASSERT_OK(c->CreateNamespace(Ns("db"), {}));
  auto v0 = Create(c, Table("db.t"), "{\"v\":0}");
  ASSERT_OK(v0);
  const std::string old_json = "{\"v\":1,\"padding\":\"" + std::string(1000, 'x') + "\"}";
  auto v1 = Update(c, Table("db.t"), *v0, old_json);
  ASSERT_OK(v1);
  const std::vector<std::string> files_before = MetadataFiles();

  io_.InjectFault(GetParam().op, GetParam().n, FaultMode::kOnce);
  auto failed = Update(c, Table("db.t"), *v1, "{\"v\":2}");
  ASSERT_FALSE(failed.has_value()) << "commit succeeded despite the fault";
  EXPECT_EQ(failed.error().kind(), ErrorKind::kIOError) << failed.error().ToString();
  EXPECT_NE(failed.error().message().find("injected fault"), std::string::npos)
      << failed.error().message();
  io_.ClearFaults();

  // Still at v1, whose file is whole; nothing new is left in the metadata folder.
  std::unique_ptr<Catalog> reopened = Open();
  for (Catalog* catalog : {c, reopened.get()}) {
    auto pointer = catalog->LoadTable(Table("db.t"));
    ASSERT_OK(pointer);
    EXPECT_EQ(pointer->metadata_location, *v1);
    EXPECT_EQ(*io_.ReadAll(FilePath(pointer->metadata_location)), old_json);
  }
  EXPECT_EQ(MetadataFiles(), files_before);

  // And after a crash, too.
  io_.DropUnsyncedData();
  auto pointer = c->LoadTable(Table("db.t"));
  ASSERT_OK(pointer);
  EXPECT_EQ(pointer->metadata_location, *v1);
  EXPECT_EQ(*io_.ReadAll(FilePath(*v1)), old_json);

  // The catalog is not wedged: the same commit now succeeds.
  auto v2 = Update(c, Table("db.t"), *v1, "{\"v\":2}");
  ASSERT_OK(v2);
  EXPECT_EQ(c->LoadTable(Table("db.t"))->metadata_location, *v2);
}

TEST_P(CatalogFaultTest, FailedCreateLeavesNoTable) {
  Catalog* c = catalog_.get();
  ASSERT_NE(c, nullptr);
  ASSERT_OK(c->CreateNamespace(Ns("db"), {}));
  io_.InjectFault(GetParam().op, GetParam().n, FaultMode::kOnce);
  auto failed = Create(c, Table("db.t"), "{\"v\":0}");
  ASSERT_FALSE(failed.has_value());
  io_.ClearFaults();
  EXPECT_FALSE(*c->TableExists(Table("db.t")));
  ASSERT_ERROR_KIND(c->LoadTable(Table("db.t")), ErrorKind::kNotFound);
  ASSERT_OK(Create(c, Table("db.t"), "{\"v\":0}"));
}

INSTANTIATE_TEST_SUITE_P(
    EveryCommitStep, CatalogFaultTest,
    ::testing::Values(FaultCase{true, FaultOp::kCreate, 1}, FaultCase{true, FaultOp::kWrite, 1},
                      FaultCase{true, FaultOp::kSync, 1}, FaultCase{true, FaultOp::kSync, 2},
                      FaultCase{true, FaultOp::kRename, 1}, FaultCase{false, FaultOp::kCreate, 1},
                      FaultCase{false, FaultOp::kWrite, 1}, FaultCase{false, FaultOp::kSync, 1},
                      FaultCase{false, FaultOp::kSync, 2}, FaultCase{false, FaultOp::kRename, 1}),
    CaseName);

class CatalogCrashTest : public CatalogFaultTest {};

// A crash (losing everything not synced) right after a successful commit loses nothing.
TEST_P(CatalogCrashTest, CommittedMetadataSurvivesACrash) {
  Catalog* c = catalog_.get();
  ASSERT_NE(c, nullptr);
  ASSERT_OK(c->CreateNamespace(Ns("db"), {}));
  auto v0 = Create(c, Table("db.t"), "{\"v\":0}");
  ASSERT_OK(v0);
  auto v1 = Update(c, Table("db.t"), *v0, "{\"v\":1}");
  ASSERT_OK(v1);
  io_.DropUnsyncedData();
  auto reopened = Open();
  auto pointer = reopened->LoadTable(Table("db.t"));
  ASSERT_OK(pointer);
  EXPECT_EQ(pointer->metadata_location, *v1);
  EXPECT_EQ(*io_.ReadAll(FilePath(*v1)), "{\"v\":1}");
  EXPECT_EQ(*io_.ReadAll(FilePath(*v0)), "{\"v\":0}");
}

INSTANTIATE_TEST_SUITE_P(BothCatalogs, CatalogCrashTest,
                         ::testing::Values(FaultCase{true, FaultOp::kSync, 0},
                                           FaultCase{false, FaultOp::kSync, 0}),
                         CaseName);

// Filesystem catalog: the version hint is written after the commit point, best effort. A
// failure there does not fail the commit, and readers step past the stale hint.
TEST(FilesystemCatalogHintTest, FailedHintWriteStillCommits) {
  for (FaultOp op : {FaultOp::kCreate, FaultOp::kWrite, FaultOp::kRename}) {
    FaultInjectingFileIO io;
    auto catalog = FilesystemCatalog::Make("/wh", &io);
    ASSERT_OK(catalog);
    Catalog* c = catalog->get();
    ASSERT_OK(c->CreateNamespace(Ns("db"), {}));
    auto v1 = Create(c, Table("db.t"), "{\"v\":1}");
    ASSERT_OK(v1);
    io.InjectFault(op, 2, FaultMode::kOnce);  // the 1st is v2.metadata.json, the 2nd the hint
    auto v2 = Update(c, Table("db.t"), *v1, "{\"v\":2}");
    ASSERT_OK(v2);
    io.ClearFaults();
    EXPECT_EQ(*io.ReadAll(FilePath("/wh/db/t/metadata/version-hint.text")), "1")
        << io::FaultOpName(op);
    EXPECT_EQ(c->LoadTable(Table("db.t"))->metadata_location, *v2);
    auto v3 = Update(c, Table("db.t"), *v2, "{\"v\":3}");
    ASSERT_OK(v3);
    EXPECT_EQ(*v3, "/wh/db/t/metadata/v3.metadata.json");
    EXPECT_EQ(*io.ReadAll(FilePath("/wh/db/t/metadata/version-hint.text")), "3");
  }
}

}  // namespace
}  // namespace firn::catalog::testing
