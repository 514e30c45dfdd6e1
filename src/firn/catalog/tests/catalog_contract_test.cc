// The Catalog contract (catalog.h), run against every catalog implementation.
#include <gtest/gtest.h>

#include "firn/catalog/tests/catalog_test_util.h"

namespace firn::catalog::testing {
namespace {

template <typename Fixture>
class CatalogContractTest : public ::testing::Test {
 protected:
  void SetUp() override {
    catalog_ = fixture_.Open(&io_);
    ASSERT_NE(catalog_, nullptr);
  }
  Fixture fixture_;
  io::LocalFileIO io_;
  std::unique_ptr<Catalog> catalog_;
};
TYPED_TEST_SUITE(CatalogContractTest, CatalogFixtures, FixtureNames);

TYPED_TEST(CatalogContractTest, CreateAndListNamespaces) {
  Catalog* c = this->catalog_.get();
  ASSERT_OK(c->CreateNamespace(Ns("a"), {}));
  ASSERT_OK(c->CreateNamespace(Ns("a.b"), {}));
  ASSERT_OK(c->CreateNamespace(Ns("a.c"), {}));
  ASSERT_OK(c->CreateNamespace(Ns("d"), {}));
  ASSERT_OK(c->CreateNamespace(Ns("a.b.e"), {}));
  ASSERT_ERROR_KIND(c->CreateNamespace(Ns("a"), {}), ErrorKind::kAlreadyExists);
  ASSERT_ERROR_KIND(c->CreateNamespace(Ns("a.b"), {{"k", "v"}}), ErrorKind::kAlreadyExists);
  ASSERT_ERROR_KIND(c->CreateNamespace(Namespace(), {}), ErrorKind::kInvalidArgument);

  EXPECT_EQ(*c->ListNamespaces(Namespace()), (std::vector<Namespace>{Ns("a"), Ns("d")}));
  EXPECT_EQ(*c->ListNamespaces(Ns("a")), (std::vector<Namespace>{Ns("a.b"), Ns("a.c")}));
  EXPECT_EQ(*c->ListNamespaces(Ns("a.b")), (std::vector<Namespace>{Ns("a.b.e")}));
  EXPECT_TRUE(c->ListNamespaces(Ns("d"))->empty());
  ASSERT_ERROR_KIND(c->ListNamespaces(Ns("x")), ErrorKind::kNotFound);

  EXPECT_TRUE(*c->NamespaceExists(Ns("a.b.e")));
  EXPECT_TRUE(*c->NamespaceExists(Namespace()));
  EXPECT_FALSE(*c->NamespaceExists(Ns("a.x")));
  EXPECT_FALSE(*c->NamespaceExists(Ns("a.b.e.f")));
  EXPECT_FALSE(*c->NamespaceExists(Ns("b")));  // not a prefix match of "a.b"
}

TYPED_TEST(CatalogContractTest, NamespaceProperties) {
  Catalog* c = this->catalog_.get();
  ASSERT_OK(c->CreateNamespace(Ns("db"), {{"owner", "ana"}, {"odd", "a=b\n%c\x01"}}));
  EXPECT_EQ(*c->LoadNamespaceProperties(Ns("db")),
            (Properties{{"owner", "ana"}, {"odd", "a=b\n%c\x01"}}));

  ASSERT_OK(
      c->UpdateNamespaceProperties(Ns("db"), {{"owner", "bo"}, {"team", "x"}}, {"odd", "absent"}));
  EXPECT_EQ(*c->LoadNamespaceProperties(Ns("db")), (Properties{{"owner", "bo"}, {"team", "x"}}));
  ASSERT_OK(c->UpdateNamespaceProperties(Ns("db"), {}, {"owner", "team"}));
  EXPECT_TRUE(c->LoadNamespaceProperties(Ns("db"))->empty());
  // With every property gone, the namespace still exists.
  EXPECT_TRUE(*c->NamespaceExists(Ns("db")));

  ASSERT_ERROR_KIND(c->UpdateNamespaceProperties(Ns("db"), {{"k", "v"}}, {"k"}),
                    ErrorKind::kInvalidArgument);
  ASSERT_ERROR_KIND(c->UpdateNamespaceProperties(Ns("nope"), {{"k", "v"}}, {}),
                    ErrorKind::kNotFound);
  ASSERT_ERROR_KIND(c->LoadNamespaceProperties(Ns("nope")), ErrorKind::kNotFound);
}

TYPED_TEST(CatalogContractTest, DropNamespaceRefusesNonEmpty) {
  Catalog* c = this->catalog_.get();
  ASSERT_OK(c->CreateNamespace(Ns("db"), {}));
  ASSERT_OK(c->CreateNamespace(Ns("db.child"), {}));
  ASSERT_OK(Create(c, Table("db.t"), "{}"));

  auto dropped = c->DropNamespace(Ns("db"));
  ASSERT_FALSE(dropped.has_value());
  EXPECT_EQ(dropped.error().kind(), ErrorKind::kInvalidArgument);
  EXPECT_NE(dropped.error().message().find("not empty"), std::string::npos)
      << dropped.error().message();
  EXPECT_NE(dropped.error().message().find("t"), std::string::npos);

  ASSERT_OK(c->DropTable(Table("db.t")));
  auto dropped_again = c->DropNamespace(Ns("db"));  // the child namespace is still there
  ASSERT_FALSE(dropped_again.has_value());
  EXPECT_NE(dropped_again.error().message().find("db.child"), std::string::npos)
      << dropped_again.error().message();

  ASSERT_OK(c->DropNamespace(Ns("db.child")));
  ASSERT_OK(c->DropNamespace(Ns("db")));
  EXPECT_FALSE(*c->NamespaceExists(Ns("db")));
  ASSERT_ERROR_KIND(c->DropNamespace(Ns("db")), ErrorKind::kNotFound);
  ASSERT_OK(c->CreateNamespace(Ns("db"), {}));  // and it can come back
}

TYPED_TEST(CatalogContractTest, CreateLoadListDropTables) {
  Catalog* c = this->catalog_.get();
  ASSERT_OK(c->CreateNamespace(Ns("db"), {}));
  ASSERT_ERROR_KIND(Create(c, Table("nope.t"), "{}"), ErrorKind::kNotFound);

  auto loc = Create(c, Table("db.t2"), "{\"v\":0}");
  ASSERT_OK(loc);
  ASSERT_OK(Create(c, Table("db.t1"), "{}"));
  EXPECT_EQ(loc->rfind(c->DefaultTableLocation(Table("db.t2")) + "/metadata/", 0), 0u) << *loc;

  auto pointer = c->LoadTable(Table("db.t2"));
  ASSERT_OK(pointer);
  EXPECT_EQ(pointer->metadata_location, *loc);
  EXPECT_EQ(pointer->previous_metadata_location, std::nullopt);
  EXPECT_EQ(*this->io_.ReadAll(FilePath(*loc)), "{\"v\":0}");

  ASSERT_ERROR_KIND(Create(c, Table("db.t2"), "{\"v\":1}"), ErrorKind::kAlreadyExists);
  EXPECT_EQ(c->LoadTable(Table("db.t2"))->metadata_location, *loc);

  EXPECT_EQ(*c->ListTables(Ns("db")),
            (std::vector<TableIdentifier>{Table("db.t1"), Table("db.t2")}));
  EXPECT_TRUE(*c->TableExists(Table("db.t1")));
  EXPECT_FALSE(*c->TableExists(Table("db.t3")));
  ASSERT_ERROR_KIND(c->LoadTable(Table("db.t3")), ErrorKind::kNotFound);
  ASSERT_ERROR_KIND(c->ListTables(Ns("nope")), ErrorKind::kNotFound);
  // A table makes no namespace of its own.
  EXPECT_FALSE(*c->NamespaceExists(Ns("db.t1")));
  EXPECT_EQ(*c->ListNamespaces(Namespace()), (std::vector<Namespace>{Ns("db")}));

  ASSERT_OK(c->DropTable(Table("db.t1")));
  EXPECT_FALSE(*c->TableExists(Table("db.t1")));
  ASSERT_ERROR_KIND(c->DropTable(Table("db.t1")), ErrorKind::kNotFound);
  EXPECT_EQ(*c->ListTables(Ns("db")), (std::vector<TableIdentifier>{Table("db.t2")}));
}

TYPED_TEST(CatalogContractTest, DefaultTableLocationNestsNamespaceLevels) {
  EXPECT_EQ(this->catalog_->DefaultTableLocation(Table("a.b.t")),
            this->fixture_.warehouse() + "/a/b/t");
}

TYPED_TEST(CatalogContractTest, RenameTable) {
  Catalog* c = this->catalog_.get();
  ASSERT_OK(c->CreateNamespace(Ns("db"), {}));
  ASSERT_OK(c->CreateNamespace(Ns("other"), {}));
  auto t = Create(c, Table("db.t"), "{}");
  ASSERT_OK(t);
  auto u = Create(c, Table("db.u"), "{}");
  ASSERT_OK(u);
  if constexpr (!TypeParam::kSupportsRename) {
    ASSERT_ERROR_KIND(c->RenameTable(Table("db.t"), Table("db.t9")), ErrorKind::kNotSupported);
    EXPECT_EQ(c->LoadTable(Table("db.t"))->metadata_location, *t);
    return;
  }
  ASSERT_OK(c->RenameTable(Table("db.t"), Table("db.t2")));
  EXPECT_FALSE(*c->TableExists(Table("db.t")));
  EXPECT_EQ(c->LoadTable(Table("db.t2"))->metadata_location, *t);

  ASSERT_OK(c->RenameTable(Table("db.t2"), Table("other.t3")));  // across namespaces
  EXPECT_EQ(c->LoadTable(Table("other.t3"))->metadata_location, *t);
  EXPECT_EQ(*c->ListTables(Ns("other")), (std::vector<TableIdentifier>{Table("other.t3")}));

  ASSERT_ERROR_KIND(c->RenameTable(Table("other.t3"), Table("db.u")), ErrorKind::kAlreadyExists);
  EXPECT_EQ(c->LoadTable(Table("other.t3"))->metadata_location, *t);
  EXPECT_EQ(c->LoadTable(Table("db.u"))->metadata_location, *u);

  ASSERT_ERROR_KIND(c->RenameTable(Table("db.missing"), Table("db.x")), ErrorKind::kNotFound);
  ASSERT_ERROR_KIND(c->RenameTable(Table("other.t3"), Table("nope.x")), ErrorKind::kNotFound);
  EXPECT_TRUE(*c->TableExists(Table("other.t3")));
}

TYPED_TEST(CatalogContractTest, RegisterTable) {
  Catalog* c = this->catalog_.get();
  ASSERT_OK(c->CreateNamespace(Ns("db"), {}));
  std::string missing = this->fixture_.warehouse() + "/elsewhere/00003-x.metadata.json";
  ASSERT_ERROR_KIND(c->RegisterTable(Table("db.r"), missing), ErrorKind::kNotFound);
  EXPECT_FALSE(*c->TableExists(Table("db.r")));

  std::string existing = this->fixture_.warehouse() + "/elsewhere/00003-y.metadata.json";
  ASSERT_OK(this->io_.WriteAll(FilePath(existing), "{\"registered\":true}"));
  ASSERT_OK(c->RegisterTable(Table("db.r"), existing));
  auto pointer = c->LoadTable(Table("db.r"));
  ASSERT_OK(pointer);
  EXPECT_EQ(*this->io_.ReadAll(FilePath(pointer->metadata_location)), "{\"registered\":true}");
  ASSERT_ERROR_KIND(c->RegisterTable(Table("db.r"), existing), ErrorKind::kAlreadyExists);
  ASSERT_ERROR_KIND(c->RegisterTable(Table("nope.r"), existing), ErrorKind::kNotFound);
}

TYPED_TEST(CatalogContractTest, SequentialCommitsAdvanceThePointer) {
  Catalog* c = this->catalog_.get();
  ASSERT_OK(c->CreateNamespace(Ns("db"), {}));
  auto current = Create(c, Table("db.t"), TestJson(0, 0, ""));
  ASSERT_OK(current);
  for (int seq = 1; seq <= 5; ++seq) {
    std::string json = TestJson(0, seq, *current);
    auto next = Update(c, Table("db.t"), *current, json);
    ASSERT_OK(next);
    EXPECT_NE(*next, *current);
    auto pointer = c->LoadTable(Table("db.t"));
    ASSERT_OK(pointer);
    EXPECT_EQ(pointer->metadata_location, *next);
    EXPECT_EQ(pointer->previous_metadata_location, *current);
    EXPECT_EQ(*this->io_.ReadAll(FilePath(*next)), json);
    EXPECT_EQ(*this->io_.ReadAll(FilePath(*current)),
              TestJson(0, seq - 1, BaseOf(*this->io_.ReadAll(FilePath(*current)))));
    current = next;
  }
  ASSERT_ERROR_KIND(Update(c, Table("db.missing"), *current, "{}"), ErrorKind::kNotFound);
}

TYPED_TEST(CatalogContractTest, StaleBaseConflictsAndLeavesNoFile) {
  Catalog* c = this->catalog_.get();
  ASSERT_OK(c->CreateNamespace(Ns("db"), {}));
  auto base = Create(c, Table("db.t"), "{\"v\":0}");
  ASSERT_OK(base);
  auto winner = Update(c, Table("db.t"), *base, "{\"v\":\"winner\"}");
  ASSERT_OK(winner);

  auto loser = Update(c, Table("db.t"), *base, "{\"v\":\"loser\"}");
  ASSERT_FALSE(loser.has_value());
  EXPECT_EQ(loser.error().kind(), ErrorKind::kCommitConflict) << loser.error().ToString();
  EXPECT_NE(loser.error().message().find("db.t"), std::string::npos);

  auto pointer = c->LoadTable(Table("db.t"));
  ASSERT_OK(pointer);
  EXPECT_EQ(pointer->metadata_location, *winner);
  EXPECT_EQ(*this->io_.ReadAll(FilePath(*winner)), "{\"v\":\"winner\"}");

  // Only the two committed files are left: the loser's file (or temp file) is gone.
  auto files = this->io_.List(FilePath(c->DefaultTableLocation(Table("db.t")) + "/metadata"));
  ASSERT_OK(files);
  int metadata_files = 0;
  for (const auto& file : *files) {
    EXPECT_EQ(this->io_.ReadAll(file.path)->find("loser"), std::string::npos) << file.path.value();
    if (file.path.value().ends_with(".metadata.json")) ++metadata_files;
  }
  EXPECT_EQ(metadata_files, 2);
}

// The race the early checks cannot catch: another writer commits after this commit has
// checked its base but before it swaps the pointer. The swap itself must refuse.
TYPED_TEST(CatalogContractTest, ConflictDetectedAtTheSwap) {
  Catalog* c = this->catalog_.get();
  ASSERT_OK(c->CreateNamespace(Ns("db"), {}));
  auto base = Create(c, Table("db.t"), "{\"v\":0}");
  ASSERT_OK(base);

  HookFileIO hooked(&this->io_);
  auto slow = this->fixture_.Open(&hooked);
  Result<std::string> winner = std::unexpected(Error(ErrorKind::kInternal, "hook did not run"));
  hooked.BeforeNextOutputFile(
      [&] { winner = Update(c, Table("db.t"), *base, "{\"v\":\"winner\"}"); });
  auto loser = Update(slow.get(), Table("db.t"), *base, "{\"v\":\"loser\"}");
  ASSERT_OK(winner);
  ASSERT_ERROR_KIND(loser, ErrorKind::kCommitConflict);

  EXPECT_EQ(c->LoadTable(Table("db.t"))->metadata_location, *winner);
  EXPECT_EQ(*this->io_.ReadAll(FilePath(*winner)), "{\"v\":\"winner\"}");
  auto files = this->io_.List(FilePath(c->DefaultTableLocation(Table("db.t")) + "/metadata"));
  ASSERT_OK(files);
  for (const auto& file : *files) {
    EXPECT_EQ(this->io_.ReadAll(file.path)->find("loser"), std::string::npos) << file.path.value();
  }

  // The same race on create: the loser gets AlreadyExists and leaves nothing behind.
  hooked.BeforeNextOutputFile([&] { winner = Create(c, Table("db.n"), "{\"v\":\"first\"}"); });
  ASSERT_ERROR_KIND(Create(slow.get(), Table("db.n"), "{\"v\":\"loser\"}"),
                    ErrorKind::kAlreadyExists);
  ASSERT_OK(winner);
  EXPECT_EQ(c->LoadTable(Table("db.n"))->metadata_location, *winner);
  auto n_files = this->io_.List(FilePath(c->DefaultTableLocation(Table("db.n")) + "/metadata"));
  ASSERT_OK(n_files);
  for (const auto& file : *n_files) {
    EXPECT_EQ(this->io_.ReadAll(file.path)->find("loser"), std::string::npos) << file.path.value();
  }
}

}  // namespace
}  // namespace firn::catalog::testing
