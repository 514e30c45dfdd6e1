// Failing storage and crashes (LevelDB's fault_injection_test.cc in spirit): whatever
// fails, nothing partial appears under a final name; whatever was committed survives
// DropUnsyncedData.
#include "firn/io/fault_injecting_file_io.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "firn/io/path_util.h"

namespace firn::io {
namespace {

FilePath P(std::string_view rel) { return FilePath("/t/" + std::string(rel)); }

std::vector<std::string> Names(FileIO& io) {
  std::vector<std::string> out;
  std::vector<FileInfo> files = io.List(FilePath("/t")).value();
  for (const FileInfo& f : files) out.push_back(f.path.value());
  return out;
}

// Writes `pieces` pieces of `piece` to `path` and commits.
Status WriteFile(FileIO& io, const FilePath& path, int pieces, std::string_view piece,
                 WriteMode mode = WriteMode::kCreate) {
  auto file = io.NewOutputFile(path, mode);
  if (!file) return std::unexpected(file.error());
  for (int i = 0; i < pieces; ++i) {
    if (auto st = (*file)->Write(piece); !st) return st;
  }
  return (*file)->Commit();
}

struct FaultCase {
  FaultOp op;
  int64_t n;
  const char* expect_in_message;
};

class SingleFaultTest : public ::testing::TestWithParam<FaultCase> {};

TEST_P(SingleFaultTest, CommitFailsAndLeavesNothing) {
  const FaultCase& c = GetParam();
  FaultInjectingFileIO io;
  ASSERT_TRUE(WriteFile(io, P("committed"), 2, "keep"));
  io.InjectFault(c.op, c.n);

  auto st = WriteFile(io, P("d/x.parquet"), 3, "abc");
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().kind(), ErrorKind::kIOError);
  const std::string& msg = st.error().message();
  EXPECT_NE(msg.find("No space left on device (injected fault)"), std::string::npos) << msg;
  EXPECT_NE(msg.find(c.expect_in_message), std::string::npos) << msg;
  EXPECT_NE(msg.find("/t/d/"), std::string::npos) << msg;
  // No final file and no temporary file; the earlier file is untouched.
  EXPECT_EQ(Names(io), std::vector<std::string>{"/t/committed"});
  EXPECT_FALSE(io.Exists(P("d/x.parquet")).value());

  io.DropUnsyncedData();
  EXPECT_EQ(Names(io), std::vector<std::string>{"/t/committed"});
  EXPECT_EQ(io.ReadAll(P("committed")).value(), "keepkeep");

  // A one-off fault is gone: the same name can be written now.
  ASSERT_TRUE(WriteFile(io, P("d/x.parquet"), 3, "abc"));
  EXPECT_EQ(io.ReadAll(P("d/x.parquet")).value(), "abcabcabc");
}

INSTANTIATE_TEST_SUITE_P(
    Faults, SingleFaultTest,
    ::testing::Values(FaultCase{FaultOp::kCreate, 1, "create /t/d/x.parquet"},
                      FaultCase{FaultOp::kWrite, 1, "write /t/d/.x.parquet."},
                      FaultCase{FaultOp::kWrite, 3, "write /t/d/.x.parquet."},
                      FaultCase{FaultOp::kSync, 1, "fsync /t/d/.x.parquet."},
                      FaultCase{FaultOp::kSync, 2, "fsync /t/d: "},  // the directory sync
                      FaultCase{FaultOp::kRename, 1, "rename /t/d/.x.parquet."}),
    [](const ::testing::TestParamInfo<FaultCase>& info) {
      return std::string(FaultOpName(info.param.op)) + std::to_string(info.param.n);
    });

TEST(FaultInjectingFileIOTest, FailingDiskGivesClearErrorsUntilCleared) {
  FaultInjectingFileIO io;
  io.InjectFault(FaultOp::kWrite, 3, FaultMode::kPersistent);
  ASSERT_TRUE(WriteFile(io, P("a"), 2, "xy"));  // writes 1 and 2
  for (int i = 0; i < 3; ++i) {
    auto st = WriteFile(io, P("b" + std::to_string(i)), 1, "z");
    ASSERT_FALSE(st.has_value());
    EXPECT_EQ(st.error().message(),
              fmt::format(
                  "writing /t/b{}: write {}: No space left on device (injected fault)", i,
                  st.error().message().substr(st.error().message().find("/t/.b"),
                                              std::string("/t/.b0.0123456789abcdef.tmp").size())));
  }
  EXPECT_EQ(io.OpCount(FaultOp::kWrite), 5);
  EXPECT_EQ(Names(io), std::vector<std::string>{"/t/a"});
  EXPECT_EQ(io.ReadAll(P("a")).value(), "xyxy");

  io.ClearFaults();
  ASSERT_TRUE(WriteFile(io, P("b0"), 1, "z"));
}

TEST(FaultInjectingFileIOTest, PoisonedFileRepeatsTheFirstError) {
  FaultInjectingFileIO io;
  io.InjectFault(FaultOp::kWrite, 2, FaultMode::kOnce, EIO);
  auto file = io.NewOutputFile(P("a"));
  ASSERT_TRUE(file.has_value());
  ASSERT_TRUE((*file)->Write("1"));
  auto st = (*file)->Write("2");
  ASSERT_FALSE(st.has_value());
  EXPECT_NE(st.error().message().find("Input/output error"), std::string::npos);
  // The fault was one-off, but the file stays failed.
  EXPECT_EQ((*file)->Write("3").error(), st.error());
  EXPECT_EQ((*file)->Commit().error(), st.error());
  EXPECT_TRUE(Names(io).empty());
}

TEST(FaultInjectingFileIOTest, ReadFaults) {
  FaultInjectingFileIO io;
  ASSERT_TRUE(WriteFile(io, P("a"), 1, "hello"));
  io.InjectFault(FaultOp::kRead, 1, FaultMode::kOnce, EIO);
  auto data = io.ReadAll(P("a"));
  ASSERT_FALSE(data.has_value());
  EXPECT_NE(data.error().message().find("read /t/a: Input/output error"), std::string::npos);
  EXPECT_EQ(io.ReadAll(P("a")).value(), "hello");
}

TEST(FaultInjectingFileIOTest, RenameAndDeleteFaults) {
  FaultInjectingFileIO io;
  ASSERT_TRUE(WriteFile(io, P("a"), 1, "A"));
  io.InjectFault(FaultOp::kRename, 1);
  EXPECT_FALSE(io.Rename(P("a"), P("b")).has_value());
  EXPECT_EQ(Names(io), std::vector<std::string>{"/t/a"});
  io.InjectFault(FaultOp::kDelete, 1);
  EXPECT_FALSE(io.Delete(P("a")).has_value());
  EXPECT_EQ(Names(io), std::vector<std::string>{"/t/a"});
}

TEST(FaultInjectingFileIOTest, CrashKeepsCommittedAndDropsUncommitted) {
  FaultInjectingFileIO io;
  ASSERT_TRUE(WriteFile(io, P("committed"), 100, "0123456789"));
  auto pending = io.NewOutputFile(P("pending"));
  ASSERT_TRUE(pending.has_value());
  ASSERT_TRUE((*pending)->Write("partial data"));
  EXPECT_EQ(Names(io).size(), 2u);  // the committed file and pending's temporary file

  io.DropUnsyncedData();
  EXPECT_EQ(Names(io), std::vector<std::string>{"/t/committed"});
  EXPECT_EQ(io.ReadAll(P("committed")).value().size(), 1000u);
  // The writer died with the "machine".
  auto st = (*pending)->Write("more");
  ASSERT_FALSE(st.has_value());
  EXPECT_NE(st.error().message().find("simulated crash"), std::string::npos);
  EXPECT_FALSE((*pending)->Commit().has_value());
  EXPECT_EQ(Names(io), std::vector<std::string>{"/t/committed"});
}

TEST(FaultInjectingFileIOTest, CrashCanLeaveAnEmptyTempFileButNeverAPartialFinalFile) {
  FaultInjectingFileIO io;
  auto pending = io.NewOutputFile(P("pending"));
  ASSERT_TRUE(pending.has_value());
  ASSERT_TRUE((*pending)->Write("partial data"));
  // This Commit syncs /t, which makes pending's temporary *name* durable, not its data.
  ASSERT_TRUE(WriteFile(io, P("other"), 1, "O"));
  io.DropUnsyncedData();
  auto files = io.List(FilePath("/t")).value();
  ASSERT_EQ(files.size(), 2u);
  EXPECT_TRUE(IsTempFileName(BaseName(files[0].path.value()))) << files[0].path.value();
  EXPECT_EQ(files[0].size, 0u);
  EXPECT_EQ(files[1].path, P("other"));
  EXPECT_FALSE(io.Exists(P("pending")).value());
}

TEST(FaultInjectingFileIOTest, RenameIsDurableDeleteIsNotUntilTheDirectoryIsSynced) {
  FaultInjectingFileIO io;
  ASSERT_TRUE(WriteFile(io, P("a"), 1, "A"));
  ASSERT_TRUE(io.Rename(P("a"), P("sub/b")));
  io.DropUnsyncedData();
  EXPECT_EQ(Names(io), std::vector<std::string>{"/t/sub/b"});

  ASSERT_TRUE(io.Delete(P("sub/b")));
  io.DropUnsyncedData();
  EXPECT_EQ(Names(io), std::vector<std::string>{"/t/sub/b"});  // came back

  ASSERT_TRUE(io.Delete(P("sub/b")));
  ASSERT_TRUE(WriteFile(io, P("sub/c"), 1, "C"));  // syncs /t/sub
  io.DropUnsyncedData();
  EXPECT_EQ(Names(io), std::vector<std::string>{"/t/sub/c"});
}

TEST(FaultInjectingFileIOTest, OverwriteSurvivesCrashWhole) {
  FaultInjectingFileIO io;
  ASSERT_TRUE(WriteFile(io, P("v"), 1, "version 1"));
  ASSERT_TRUE(WriteFile(io, P("v"), 1, "version 2", WriteMode::kOverwrite));
  io.DropUnsyncedData();
  EXPECT_EQ(io.ReadAll(P("v")).value(), "version 2");

  // A failed overwrite keeps the old version, before and after a crash.
  io.InjectFault(FaultOp::kRename, 1);
  EXPECT_FALSE(WriteFile(io, P("v"), 1, "version 3", WriteMode::kOverwrite).has_value());
  EXPECT_EQ(io.ReadAll(P("v")).value(), "version 2");
  io.DropUnsyncedData();
  EXPECT_EQ(io.ReadAll(P("v")).value(), "version 2");
}

// Random files, random faults, random crashes. After every crash each name holds what one
// of its successful Commits wrote (the last one, unless a later kOverwrite failed in its
// final directory sync, which may leave that complete new version), or nothing if none
// succeeded. Never anything partial.
TEST(FaultInjectingFileIOTest, RandomFaultsAndCrashesNeverLoseOrTearFiles) {
  std::mt19937 rng(20240601);
  FaultInjectingFileIO io;
  // For each name, every contents it may hold after a crash (nullopt: absent).
  std::map<std::string, std::set<std::optional<std::string>>> allowed;
  const FaultOp kOps[] = {FaultOp::kCreate, FaultOp::kWrite, FaultOp::kSync, FaultOp::kRename};
  int failures = 0, successes = 0, crashes = 0;
  for (int round = 0; round < 2000; ++round) {
    if (rng() % 3 == 0) {
      io.InjectFault(kOps[rng() % 4], 1 + rng() % 4,
                     rng() % 5 == 0 ? FaultMode::kPersistent : FaultMode::kOnce);
    }
    std::string name = "/t/d" + std::to_string(rng() % 3) + "/f" + std::to_string(rng() % 12);
    WriteMode mode = rng() % 2 == 0 ? WriteMode::kCreate : WriteMode::kOverwrite;
    std::string piece(1 + rng() % 50, static_cast<char>('a' + rng() % 26));
    int pieces = static_cast<int>(rng() % 5);
    std::string contents;
    for (int i = 0; i < pieces; ++i) contents += piece;
    auto& states =
        allowed.try_emplace(name, std::set<std::optional<std::string>>{std::nullopt}).first->second;
    if (WriteFile(io, FilePath(name), pieces, piece, mode)) {
      ++successes;
      states = {contents};
    } else {
      ++failures;
      if (mode == WriteMode::kOverwrite) states.insert(contents);
    }
    if (rng() % 10 == 0) {
      ++crashes;
      io.ClearFaults();
      io.DropUnsyncedData();
      std::vector<FileInfo> files = io.List(FilePath("/t")).value();
      for (const FileInfo& f : files) {
        if (IsTempFileName(BaseName(f.path.value()))) {
          EXPECT_EQ(f.size, 0u);
          ASSERT_TRUE(io.Delete(f.path));  // what orphan removal would do
        } else {
          EXPECT_TRUE(allowed.contains(f.path.value())) << f.path.value();
        }
      }
      for (auto& [path, states] : allowed) {
        auto data = io.ReadAll(FilePath(path));
        std::optional<std::string> found;
        if (data) {
          found = *data;
        } else {
          ASSERT_EQ(data.error().kind(), ErrorKind::kNotFound) << data.error().ToString();
        }
        ASSERT_TRUE(states.contains(found)) << path << " holds " << found.value_or("<nothing>");
        states = {found};
      }
    }
  }
  EXPECT_GT(failures, 100);
  EXPECT_GT(successes, 500);
  EXPECT_GT(crashes, 100);
}

}  // namespace
}  // namespace firn::io
