// Helpers shared by the catalog tests: one fixture type per catalog implementation, so
// that contract, concurrency and fault tests run against every catalog.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include "firn/catalog/catalog.h"
#include "firn/catalog/filesystem/filesystem_catalog.h"
#include "firn/catalog/sql/sql_catalog.h"
#include "firn/io/file_io.h"
#include "firn/io/local_file_io.h"
#include "firn/io/tests/temp_dir.h"

namespace firn::catalog::testing {

using io::testing::TempDir;

// Every catalog object a fixture opens shares the same database or warehouse, as separate
// processes would: separate connections, no shared in-memory state.
class SqlCatalogFixture {
 public:
  static constexpr bool kSupportsRename = true;
  static constexpr const char* kName = "sql";
  std::unique_ptr<Catalog> Open(io::FileIO* io) {
    auto catalog = SqlCatalog::OpenSqlite(
        db_path(), io, SqlCatalogOptions{.catalog_name = "default", .warehouse = warehouse()});
    EXPECT_TRUE(catalog.has_value()) << catalog.error().ToString();
    return catalog ? std::move(*catalog) : nullptr;
  }
  std::string db_path() const { return dir_.path() + "/catalog.db"; }
  std::string warehouse() const { return dir_.path() + "/wh"; }

 private:
  TempDir dir_;
};

class FilesystemCatalogFixture {
 public:
  static constexpr bool kSupportsRename = false;
  static constexpr const char* kName = "filesystem";
  std::unique_ptr<Catalog> Open(io::FileIO* io) {
    auto catalog = FilesystemCatalog::Make(warehouse(), io);
    EXPECT_TRUE(catalog.has_value()) << catalog.error().ToString();
    return catalog ? std::move(*catalog) : nullptr;
  }
  std::string warehouse() const { return dir_.path() + "/wh"; }

 private:
  TempDir dir_;
};

using CatalogFixtures = ::testing::Types<SqlCatalogFixture, FilesystemCatalogFixture>;

struct FixtureNames {
  template <typename T>
  static std::string GetName(int) {
    return T::kName;
  }
};

inline Namespace Ns(std::string_view text) { return *Namespace::Parse(text); }
inline TableIdentifier Table(std::string_view text) { return *TableIdentifier::Parse(text); }

inline Result<std::string> Create(Catalog* catalog, const TableIdentifier& ident,
                                  std::string json) {
  return catalog->CommitTable(
      ident, MetadataCommit{catalog->DefaultTableLocation(ident), std::nullopt, std::move(json)});
}

inline Result<std::string> Update(Catalog* catalog, const TableIdentifier& ident,
                                  const std::string& base, std::string json) {
  return catalog->CommitTable(
      ident, MetadataCommit{catalog->DefaultTableLocation(ident), base, std::move(json)});
}

// Metadata JSON documents in tests carry their base, so that a history can be walked back
// through the files alone: {"writer":W,"seq":S,"base":"<location>"}.
inline std::string TestJson(int writer, int seq, const std::string& base) {
  return "{\"writer\":" + std::to_string(writer) + ",\"seq\":" + std::to_string(seq) +
         ",\"base\":\"" + base + "\"}";
}
inline std::string BaseOf(const std::string& json) {
  size_t start = json.find("\"base\":\"") + 8;
  return json.substr(start, json.rfind('"') - start);
}

#define ASSERT_OK(expr)                                                    \
  do {                                                                     \
    auto&& _r = (expr);                                                    \
    ASSERT_TRUE(_r.has_value()) << #expr << ": " << _r.error().ToString(); \
  } while (false)

#define ASSERT_ERROR_KIND(expr, expected_kind)                            \
  do {                                                                    \
    auto&& _r = (expr);                                                   \
    ASSERT_FALSE(_r.has_value()) << #expr << " succeeded unexpectedly";   \
    ASSERT_EQ(_r.error().kind(), expected_kind) << _r.error().ToString(); \
  } while (false)

}  // namespace firn::catalog::testing

namespace firn::catalog::testing {

// A FileIO that runs a callback (once) just before the next NewOutputFile, then delegates
// everything to `inner`: a way to slip another writer's commit in between a catalog's
// early checks and its own write and pointer swap.
class HookFileIO final : public io::FileIO {
 public:
  explicit HookFileIO(io::FileIO* inner) : inner_(inner) {}
  void BeforeNextOutputFile(std::function<void()> hook) { hook_ = std::move(hook); }

  Result<std::unique_ptr<io::InputFile>> OpenInputFile(const FilePath& path) override {
    return inner_->OpenInputFile(path);
  }
  Result<bool> Exists(const FilePath& path) override { return inner_->Exists(path); }
  Status Delete(const FilePath& path) override { return inner_->Delete(path); }
  Result<std::vector<io::FileInfo>> List(const FilePath& dir) override { return inner_->List(dir); }

 protected:
  Result<std::unique_ptr<io::OutputFile>> NewOutputFileImpl(const FilePath& path,
                                                            io::WriteMode mode) override {
    if (hook_) std::exchange(hook_, nullptr)();
    return inner_->NewOutputFile(path, mode);
  }
  Status RenameImpl(const FilePath& from, const FilePath& to, io::WriteMode mode) override {
    return inner_->Rename(from, to, mode);
  }

 private:
  io::FileIO* inner_;  // not owned
  std::function<void()> hook_;
};

}  // namespace firn::catalog::testing
