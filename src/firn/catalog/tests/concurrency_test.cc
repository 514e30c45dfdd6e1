// Concurrent commits from separate catalog objects (threads) and separate processes (fork)
// on one database or warehouse: exactly one commit wins from a given base, and retrying
// losers all land, in one linear history.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <barrier>
#include <map>
#include <set>
#include <thread>

#include <sqlite3.h>

#include "firn/catalog/catalog_uri.h"
#include "firn/catalog/tests/catalog_test_util.h"

namespace firn::catalog::testing {
namespace {

constexpr int kWriters = 4;

template <typename Fixture>
class CatalogConcurrencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto catalog = fixture_.Open(&io_);
    ASSERT_NE(catalog, nullptr);
    ASSERT_OK(catalog->CreateNamespace(Ns("db"), {}));
    auto created = Create(catalog.get(), Table("db.t"), TestJson(-1, 0, ""));
    ASSERT_OK(created);
  }

  // Commits `commits` times as `writer`, reloading and retrying after each conflict.
  // Returns false on any error other than a conflict.
  static bool CommitWithRetries(Catalog* catalog, int writer, int commits, int* conflicts) {
    for (int seq = 1; seq <= commits;) {
      auto pointer = catalog->LoadTable(Table("db.t"));
      if (!pointer) return false;
      auto done = Update(catalog, Table("db.t"), pointer->metadata_location,
                         TestJson(writer, seq, pointer->metadata_location));
      if (done) {
        ++seq;
      } else if (done.error().kind() == ErrorKind::kCommitConflict) {
        ++*conflicts;
      } else {
        ADD_FAILURE() << done.error().ToString();
        return false;
      }
    }
    return true;
  }

  // Walks the history back from the current metadata through the base recorded in each
  // file and checks that it is linear and holds each writer's commits once, in order.
  void ExpectLinearHistory(int writers, int commits_each) {
    auto catalog = fixture_.Open(&io_);
    auto pointer = catalog->LoadTable(Table("db.t"));
    ASSERT_OK(pointer);
    std::string location = pointer->metadata_location;
    std::set<std::string> seen;
    std::map<int, int> last_seq;  // writer -> seq seen last walking backwards
    int length = 0;
    while (true) {
      ASSERT_TRUE(seen.insert(location).second) << "cycle at " << location;
      auto json = io_.ReadAll(FilePath(location));
      ASSERT_OK(json);
      ++length;
      std::string base = BaseOf(*json);
      if (length == 1) {
        EXPECT_EQ(pointer->previous_metadata_location, base);
      }
      if (base.empty()) break;
      int writer = std::stoi(json->substr(json->find("\"writer\":") + 9));
      int seq = std::stoi(json->substr(json->find("\"seq\":") + 6));
      if (last_seq.contains(writer)) {
        EXPECT_EQ(seq, last_seq[writer] - 1);
      } else {
        EXPECT_EQ(seq, commits_each);
      }
      last_seq[writer] = seq;
      location = base;
    }
    EXPECT_EQ(length, 1 + writers * commits_each);
    EXPECT_EQ(last_seq.size(), static_cast<size_t>(writers));
  }

  Fixture fixture_;
  io::LocalFileIO io_;
};
TYPED_TEST_SUITE(CatalogConcurrencyTest, CatalogFixtures, FixtureNames);

TYPED_TEST(CatalogConcurrencyTest, ExactlyOneWinnerPerRound) {
  constexpr int kRounds = 8;
  std::vector<std::unique_ptr<Catalog>> catalogs;
  for (int i = 0; i < kWriters; ++i) catalogs.push_back(this->fixture_.Open(&this->io_));
  std::vector<std::vector<std::optional<ErrorKind>>> outcome(
      kRounds, std::vector<std::optional<ErrorKind>>(kWriters));
  std::barrier sync(kWriters);
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      for (int round = 0; round < kRounds; ++round) {
        auto pointer = catalogs[w]->LoadTable(Table("db.t"));
        sync.arrive_and_wait();  // everyone has read the same base before anyone commits
        auto done = pointer ? Update(catalogs[w].get(), Table("db.t"), pointer->metadata_location,
                                     TestJson(w, round + 1, pointer->metadata_location))
                            : Result<std::string>(std::unexpected(pointer.error()));
        if (!done) outcome[round][w] = done.error().kind();
        sync.arrive_and_wait();
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int round = 0; round < kRounds; ++round) {
    int winners = 0;
    for (int w = 0; w < kWriters; ++w) {
      if (!outcome[round][w]) {
        ++winners;
      } else {
        EXPECT_EQ(*outcome[round][w], ErrorKind::kCommitConflict) << "round " << round;
      }
    }
    EXPECT_EQ(winners, 1) << "round " << round;
  }
}

TYPED_TEST(CatalogConcurrencyTest, RetryingThreadsAllLandInALinearHistory) {
  constexpr int kCommitsEach = 6;
  std::atomic<int> total_conflicts = 0;
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      auto catalog = this->fixture_.Open(&this->io_);
      int conflicts = 0;
      EXPECT_TRUE(this->CommitWithRetries(catalog.get(), w, kCommitsEach, &conflicts));
      total_conflicts += conflicts;
    });
  }
  for (auto& t : threads) t.join();
  this->ExpectLinearHistory(kWriters, kCommitsEach);
  this->RecordProperty("conflicts", total_conflicts.load());
}

TYPED_TEST(CatalogConcurrencyTest, RetryingProcessesAllLandInALinearHistory) {
  constexpr int kCommitsEach = 5;
  std::vector<pid_t> children;
  for (int w = 0; w < kWriters; ++w) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      // The child opens its own connection (never one inherited across fork) and reports
      // through its exit status only.
      io::LocalFileIO io;
      auto catalog = this->fixture_.Open(&io);
      int conflicts = 0;
      bool ok =
          catalog != nullptr && this->CommitWithRetries(catalog.get(), w, kCommitsEach, &conflicts);
      catalog.reset();
      _exit(ok ? 0 : 1);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child status " << status;
  }
  this->ExpectLinearHistory(kWriters, kCommitsEach);
}

// Opening a SQLite catalog while another connection writes to it (firn run's ingest
// committing while its maintenance thread connects; a second worker starting) waits for
// the writer instead of failing: SQLite answers the WAL pragma with SQLITE_BUSY without
// calling the busy handler.
TEST(SqliteOpenTest, OpeningWhileAnotherConnectionWritesWaits) {
  io::testing::TempDir dir;
  const std::string path = dir.path() + "/catalog.db";
  io::LocalFileIO io;
  // First a database still in rollback-journal mode being created by another connection
  // (the first worker's catalog creating its schema), then one in WAL mode.
  for (const char* lock : {"BEGIN IMMEDIATE; CREATE TABLE x(a)", "BEGIN IMMEDIATE", "BEGIN EXCLUSIVE"}) {
    if (std::string_view(lock) == "BEGIN IMMEDIATE") {
      ASSERT_TRUE(OpenCatalog({.uri = "sqlite://" + path, .warehouse = dir.path()}, &io));
    }
    sqlite3* writer = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &writer), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(writer, lock, nullptr, nullptr, nullptr), SQLITE_OK) << lock;
    std::thread release([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      sqlite3_exec(writer, "COMMIT", nullptr, nullptr, nullptr);
    });
    auto c = OpenCatalog({.uri = "sqlite://" + path, .warehouse = dir.path()}, &io);
    release.join();
    sqlite3_close(writer);
    ASSERT_TRUE(c) << lock << ": " << c.error().ToString();
  }
}

}  // namespace
}  // namespace firn::catalog::testing
