// The FileIO contract (file_io.h), checked against every backend.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "firn/io/fault_injecting_file_io.h"
#include "firn/io/file_io.h"
#include "firn/io/local_file_io.h"
#include "firn/io/memory_file_io.h"
#include "firn/io/path_util.h"
#include "firn/io/tests/temp_dir.h"

namespace firn::io {
namespace {

struct LocalBackend {
  testing::TempDir dir;
  std::unique_ptr<FileIO> io = std::make_unique<LocalFileIO>();
  std::string root() const { return dir.path(); }
};

// A tiny buffer, so that every code path of the buffering runs.
struct SmallBufferLocalBackend {
  testing::TempDir dir;
  std::unique_ptr<FileIO> io = std::make_unique<LocalFileIO>(LocalFileIOOptions{7});
  std::string root() const { return dir.path(); }
};

struct FileUriLocalBackend {
  testing::TempDir dir;
  std::unique_ptr<FileIO> io = std::make_unique<LocalFileIO>();
  std::string root() const { return "file://" + dir.path(); }
};

struct MemoryBackend {
  std::unique_ptr<FileIO> io = std::make_unique<MemoryFileIO>();
  std::string root() const { return "/mem/root"; }
};

struct FaultInjectingBackend {
  std::unique_ptr<FileIO> io = std::make_unique<FaultInjectingFileIO>();
  std::string root() const { return "/sim/root"; }
};

template <typename Backend>
class FileIOContractTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_FALSE(backend_.root().empty()); }

  FileIO& io() { return *backend_.io; }
  FilePath P(std::string_view rel) const {
    return FilePath(backend_.root() + "/" + std::string(rel));
  }

  // Everything under the root (temporary files included), relative to it, with sizes.
  std::vector<std::pair<std::string, uint64_t>> Listing() {
    auto files = io().List(FilePath(backend_.root()));
    EXPECT_TRUE(files.has_value()) << files.error().ToString();
    std::vector<std::pair<std::string, uint64_t>> out;
    if (!files) return out;
    for (const FileInfo& f : *files) {
      out.emplace_back(f.path.value().substr(backend_.root().size() + 1), f.size);
    }
    return out;
  }

  std::string Read(std::string_view rel) {
    auto data = io().ReadAll(P(rel));
    EXPECT_TRUE(data.has_value()) << data.error().ToString();
    return data.value_or("");
  }

  Backend backend_;
};

using Backends = ::testing::Types<LocalBackend, SmallBufferLocalBackend, FileUriLocalBackend,
                                  MemoryBackend, FaultInjectingBackend>;
class BackendNames {
 public:
  template <typename T>
  static std::string GetName(int) {
    if constexpr (std::is_same_v<T, LocalBackend>) return "Local";
    if constexpr (std::is_same_v<T, SmallBufferLocalBackend>) return "LocalSmallBuffer";
    if constexpr (std::is_same_v<T, FileUriLocalBackend>) return "LocalFileUri";
    if constexpr (std::is_same_v<T, MemoryBackend>) return "Memory";
    return "FaultInjecting";
  }
};
TYPED_TEST_SUITE(FileIOContractTest, Backends, BackendNames);

using Entries = std::vector<std::pair<std::string, uint64_t>>;

std::string Pattern(size_t n, uint32_t seed) {
  std::string s(n, '\0');
  for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>((i * 131 + seed * 7 + (i >> 9)) & 0xff);
  return s;
}

TYPED_TEST(FileIOContractTest, WriteCommitReadBack) {
  auto file = this->io().NewOutputFile(this->P("data/a.bin"));
  ASSERT_TRUE(file.has_value()) << file.error().ToString();
  EXPECT_EQ((*file)->path(), this->P("data/a.bin"));
  std::string expected;
  for (int i = 0; i < 100; ++i) {
    std::string piece = Pattern(static_cast<size_t>(i), i);
    ASSERT_TRUE((*file)->Write(piece).has_value());
    expected += piece;
  }
  std::string big = Pattern(3 << 20, 99);  // larger than the default 1 MiB buffer
  ASSERT_TRUE((*file)->Write(big).has_value());
  expected += big;
  ASSERT_TRUE((*file)->Write("tail").has_value());
  expected += "tail";
  EXPECT_EQ((*file)->Position(), expected.size());
  ASSERT_TRUE((*file)->Commit().has_value());

  EXPECT_EQ(this->Read("data/a.bin"), expected);
  auto in = this->io().OpenInputFile(this->P("data/a.bin"));
  ASSERT_TRUE(in.has_value());
  EXPECT_EQ((*in)->Size().value(), expected.size());
  std::string middle(1000, '\0');
  ASSERT_TRUE((*in)->ReadAt(4000, std::span(reinterpret_cast<uint8_t*>(middle.data()), 1000)));
  EXPECT_EQ(middle, expected.substr(4000, 1000));
  EXPECT_EQ(this->Listing(), (Entries{{"data/a.bin", expected.size()}}));
}

TYPED_TEST(FileIOContractTest, EmptyFile) {
  ASSERT_TRUE(this->io().WriteAll(this->P("empty"), ""));
  EXPECT_EQ(this->Read("empty"), "");
  EXPECT_EQ(this->Listing(), (Entries{{"empty", 0}}));
}

TYPED_TEST(FileIOContractTest, NothingVisibleBeforeCommit) {
  auto file = this->io().NewOutputFile(this->P("a"));
  ASSERT_TRUE(file.has_value());
  ASSERT_TRUE((*file)->Write(Pattern(5000, 1)));
  EXPECT_FALSE(this->io().Exists(this->P("a")).value());
  auto in = this->io().OpenInputFile(this->P("a"));
  ASSERT_FALSE(in.has_value());
  EXPECT_EQ(in.error().kind(), ErrorKind::kNotFound);
  for (const auto& [name, size] : this->Listing()) EXPECT_NE(name, "a");
  ASSERT_TRUE((*file)->Commit());
  EXPECT_TRUE(this->io().Exists(this->P("a")).value());
}

TYPED_TEST(FileIOContractTest, AbandonLeavesNothingBehind) {
  auto file = this->io().NewOutputFile(this->P("dir/a"));
  ASSERT_TRUE(file.has_value());
  ASSERT_TRUE((*file)->Write(Pattern(3 << 20, 2)));
  (*file)->Abandon();
  EXPECT_EQ(this->Listing(), Entries{});
  (*file)->Abandon();  // idempotent
  auto st = (*file)->Commit();
  ASSERT_FALSE(st.has_value());
  EXPECT_FALSE((*file)->Write("x").has_value());
  EXPECT_EQ(this->Listing(), Entries{});
  EXPECT_FALSE(this->io().Exists(this->P("dir/a")).value());
}

TYPED_TEST(FileIOContractTest, DestructorAbandons) {
  {
    auto file = this->io().NewOutputFile(this->P("a"));
    ASSERT_TRUE(file.has_value());
    ASSERT_TRUE((*file)->Write(Pattern(100, 3)));
  }
  EXPECT_EQ(this->Listing(), Entries{});
}

TYPED_TEST(FileIOContractTest, CreateFailsOnExistingPath) {
  ASSERT_TRUE(this->io().WriteAll(this->P("a"), "first"));
  auto file = this->io().NewOutputFile(this->P("a"));
  ASSERT_FALSE(file.has_value());
  EXPECT_EQ(file.error().kind(), ErrorKind::kAlreadyExists);
  EXPECT_NE(file.error().message().find(BaseName(this->P("a").value())), std::string::npos);
  EXPECT_EQ(this->Read("a"), "first");

  ASSERT_TRUE(this->io().WriteAll(this->P("a"), "second", WriteMode::kOverwrite));
  EXPECT_EQ(this->Read("a"), "second");
  EXPECT_EQ(this->Listing(), (Entries{{"a", 6}}));
}

TYPED_TEST(FileIOContractTest, CommitLosesToConcurrentCreatorAndIsPoisoned) {
  auto first = this->io().NewOutputFile(this->P("a"));
  auto second = this->io().NewOutputFile(this->P("a"));
  ASSERT_TRUE(first.has_value() && second.has_value());
  ASSERT_TRUE((*first)->Write("one"));
  ASSERT_TRUE((*second)->Write("two"));
  ASSERT_TRUE((*first)->Commit());
  auto st = (*second)->Commit();
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().kind(), ErrorKind::kAlreadyExists);
  // Poisoned: the same error again, and nothing left of the loser.
  EXPECT_EQ((*second)->Write("x").error(), st.error());
  EXPECT_EQ((*second)->Commit().error(), st.error());
  EXPECT_EQ(this->Read("a"), "one");
  EXPECT_EQ(this->Listing(), (Entries{{"a", 3}}));
}

TYPED_TEST(FileIOContractTest, RacingCreatorsExactlyOneWins) {
  constexpr int kThreads = 8;
  std::atomic<int> wins{0};
  std::atomic<int> already_exists{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto file = this->io().NewOutputFile(this->P("race"));
      if (!file) {
        if (file.error().kind() == ErrorKind::kAlreadyExists) ++already_exists;
        return;
      }
      if (!(*file)->Write(std::string(100 + t, 'x'))) return;
      auto st = (*file)->Commit();
      if (st) {
        ++wins;
      } else if (st.error().kind() == ErrorKind::kAlreadyExists) {
        ++already_exists;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wins.load(), 1);
  EXPECT_EQ(already_exists.load(), kThreads - 1);
  EXPECT_EQ(this->Listing().size(), 1u);
}

TYPED_TEST(FileIOContractTest, WriteAfterCommitFails) {
  auto file = this->io().NewOutputFile(this->P("a"));
  ASSERT_TRUE(file.has_value());
  ASSERT_TRUE((*file)->Commit());
  EXPECT_FALSE((*file)->Write("x").has_value());
  EXPECT_FALSE((*file)->Commit().has_value());
  (*file)->Abandon();  // no-op after Commit
  EXPECT_TRUE(this->io().Exists(this->P("a")).value());
}

TYPED_TEST(FileIOContractTest, ReadPastEndNamesFileOffsetAndLength) {
  ASSERT_TRUE(this->io().WriteAll(this->P("small"), "0123456789"));
  auto in = this->io().OpenInputFile(this->P("small"));
  ASSERT_TRUE(in.has_value());
  uint8_t buf[8];
  ASSERT_TRUE((*in)->ReadAt(2, std::span(buf, 8)));
  EXPECT_EQ(std::string(reinterpret_cast<char*>(buf), 8), "23456789");
  ASSERT_TRUE((*in)->ReadAt(10, std::span(buf, 0)));
  auto st = (*in)->ReadAt(5, std::span(buf, 8));
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().kind(), ErrorKind::kOutOfRange);
  const std::string& msg = st.error().message();
  EXPECT_NE(msg.find("small"), std::string::npos) << msg;
  EXPECT_NE(msg.find("offset 5"), std::string::npos) << msg;
  EXPECT_NE(msg.find("8 bytes"), std::string::npos) << msg;
  EXPECT_FALSE((*in)->ReadAt(1000, std::span(buf, 1)).has_value());
}

TYPED_TEST(FileIOContractTest, OpenMissingIsNotFound) {
  auto in = this->io().OpenInputFile(this->P("nope/missing"));
  ASSERT_FALSE(in.has_value());
  EXPECT_EQ(in.error().kind(), ErrorKind::kNotFound);
  EXPECT_NE(in.error().message().find("nope/missing"), std::string::npos);
  EXPECT_FALSE(this->io().ReadAll(this->P("nope/missing")).has_value());
}

TYPED_TEST(FileIOContractTest, ListIsRecursiveSortedWithSizes) {
  ASSERT_TRUE(this->io().WriteAll(this->P("b/d/e"), "12345"));
  ASSERT_TRUE(this->io().WriteAll(this->P("a"), "1"));
  ASSERT_TRUE(this->io().WriteAll(this->P("b/c"), "123"));
  ASSERT_TRUE(this->io().WriteAll(this->P("bb"), ""));
  EXPECT_EQ(this->Listing(), (Entries{{"a", 1}, {"b/c", 3}, {"b/d/e", 5}, {"bb", 0}}));

  auto sub = this->io().List(this->P("b/"));  // a trailing slash is the same directory
  ASSERT_TRUE(sub.has_value());
  ASSERT_EQ(sub->size(), 2u);
  EXPECT_EQ((*sub)[0].path, this->P("b/c"));
  EXPECT_EQ((*sub)[1].path, this->P("b/d/e"));
  const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  for (const FileInfo& f : *sub) {
    EXPECT_GT(f.mtime_ms, now_ms - 600'000);
    EXPECT_LE(f.mtime_ms, now_ms + 1000);
  }
  auto missing = this->io().List(this->P("nothing/here"));
  ASSERT_TRUE(missing.has_value());
  EXPECT_TRUE(missing->empty());
  auto file_as_dir = this->io().List(this->P("a"));
  ASSERT_TRUE(file_as_dir.has_value());
  EXPECT_TRUE(file_as_dir->empty());
}

TYPED_TEST(FileIOContractTest, RenameDoesNotOverwriteUnlessAsked) {
  ASSERT_TRUE(this->io().WriteAll(this->P("a"), "A"));
  ASSERT_TRUE(this->io().WriteAll(this->P("b"), "B"));

  auto st = this->io().Rename(this->P("a"), this->P("b"));
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().kind(), ErrorKind::kAlreadyExists);
  EXPECT_EQ(this->Read("a"), "A");
  EXPECT_EQ(this->Read("b"), "B");

  ASSERT_TRUE(this->io().Rename(this->P("a"), this->P("sub/dir/c")));
  EXPECT_FALSE(this->io().Exists(this->P("a")).value());
  EXPECT_EQ(this->Read("sub/dir/c"), "A");

  ASSERT_TRUE(this->io().Rename(this->P("sub/dir/c"), this->P("b"), WriteMode::kOverwrite));
  EXPECT_EQ(this->Read("b"), "A");
  EXPECT_EQ(this->Listing(), (Entries{{"b", 1}}));

  st = this->io().Rename(this->P("missing"), this->P("elsewhere/x"));
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().kind(), ErrorKind::kNotFound);
  EXPECT_NE(st.error().message().find("missing"), std::string::npos);
  EXPECT_EQ(this->Listing(), (Entries{{"b", 1}}));
}

TYPED_TEST(FileIOContractTest, DeleteMissingIsNotFound) {
  ASSERT_TRUE(this->io().WriteAll(this->P("a"), "A"));
  ASSERT_TRUE(this->io().Delete(this->P("a")));
  EXPECT_FALSE(this->io().Exists(this->P("a")).value());
  auto st = this->io().Delete(this->P("a"));
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().kind(), ErrorKind::kNotFound);
  EXPECT_NE(st.error().message().find(BaseName(this->P("a").value())), std::string::npos);
}

TYPED_TEST(FileIOContractTest, EmptyPathIsInvalid) {
  EXPECT_EQ(this->io().NewOutputFile(FilePath("")).error().kind(), ErrorKind::kInvalidArgument);
  EXPECT_EQ(this->io().OpenInputFile(FilePath("")).error().kind(), ErrorKind::kInvalidArgument);
  EXPECT_FALSE(this->io().NewOutputFile(this->P("dir/")).has_value());
}

TYPED_TEST(FileIOContractTest, OpenInputFileKeepsReadingAfterReplaceAndDelete) {
  ASSERT_TRUE(this->io().WriteAll(this->P("a"), "old contents"));
  auto in = this->io().OpenInputFile(this->P("a"));
  ASSERT_TRUE(in.has_value());
  ASSERT_TRUE(this->io().WriteAll(this->P("a"), "new", WriteMode::kOverwrite));
  ASSERT_TRUE(this->io().Delete(this->P("a")));
  uint8_t buf[3];
  ASSERT_TRUE((*in)->ReadAt(0, std::span(buf, 3)));
  EXPECT_EQ(std::string(reinterpret_cast<char*>(buf), 3), "old");
}

TYPED_TEST(FileIOContractTest, ManyThreadsWritingDifferentFiles) {
  constexpr int kThreads = 4;
  constexpr int kFilesPerThread = 20;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kFilesPerThread; ++i) {
        std::string name = "t" + std::to_string(t) + "/f" + std::to_string(i);
        if (!this->io().WriteAll(this->P(name), Pattern(1000 + i, t))) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  Entries listing = this->Listing();
  ASSERT_EQ(listing.size(), static_cast<size_t>(kThreads * kFilesPerThread));
  EXPECT_EQ(this->Read("t3/f7"), Pattern(1007, 3));
}

}  // namespace
}  // namespace firn::io
