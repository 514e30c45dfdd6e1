#include "firn/iceberg/sort/spill_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "firn/io/tests/temp_dir.h"

namespace firn::iceberg {
namespace {

namespace fs = std::filesystem;

TEST(SpillFilesTest, PrefixNamesThisHostAndProcess) {
  const std::string prefix = SpillFilePrefix();
  EXPECT_TRUE(prefix.starts_with("firn-sort-")) << prefix;
  EXPECT_TRUE(prefix.ends_with("-" + std::to_string(::getpid()) + "-")) << prefix;
  // Between stem and pid, the host: no '-' of its own, so the fields split unambiguously.
  const std::string host = prefix.substr(10, prefix.size() - 10 - std::to_string(::getpid()).size() - 2);
  EXPECT_FALSE(host.empty());
  EXPECT_EQ(host.find('-'), std::string::npos) << host;
  EXPECT_TRUE(ProcessIsAlive(::getpid()));
  EXPECT_FALSE(ProcessIsAlive(0));
  EXPECT_FALSE(ProcessIsAlive(-5));
  EXPECT_FALSE(ProcessIsAlive(int64_t{1} << 40));
}

TEST(SpillFilesTest, SweepRemovesOnlyThisHostsDeadWriters) {
  io::testing::TempDir dir;
  const std::string ours = SpillFilePrefix();
  const std::string host_part = ours.substr(0, ours.rfind('-', ours.size() - 2) + 1);  // firn-sort-<host>-
  auto make = [&](const std::string& name, size_t bytes) {
    std::ofstream(dir.path() + "/" + name) << std::string(bytes, 'x');
  };
  make(host_part + "4242-a1b2-0.parquet", 100);        // dead: removed
  make(host_part + "4242-a1b2-17.parquet", 23);        // dead: removed
  make(host_part + "77-c3d4-0.parquet", 5);            // alive: kept
  make(ours + "e5f6-0.parquet", 5);                    // this process: kept
  make("firn-sort-otherhost-4242-a1b2-0.parquet", 5);  // another host: kept
  make(host_part + "4242-a1b2-0.tmp", 5);              // not a run: kept
  make(host_part + "x4242-a1b2-0.parquet", 5);         // no pid: kept
  make(host_part + "4242.parquet", 5);                 // pid without the rest: kept
  make("notes.txt", 5);
  fs::create_directory(dir.path() + "/" + host_part + "4242-dir-0.parquet");  // not a file: kept
  const auto alive = [](int64_t pid) { return pid == 77; };
  auto sweep = RemoveAbandonedSpillFiles(dir.path(), alive);
  ASSERT_TRUE(sweep) << sweep.error().ToString();
  EXPECT_EQ(sweep->files_removed, 2);
  EXPECT_EQ(sweep->bytes_removed, 123);
  EXPECT_FALSE(fs::exists(dir.path() + "/" + host_part + "4242-a1b2-0.parquet"));
  EXPECT_FALSE(fs::exists(dir.path() + "/" + host_part + "4242-a1b2-17.parquet"));
  int left = 0;
  for (const auto& e : fs::directory_iterator(dir.path())) {
    (void)e;
    ++left;
  }
  EXPECT_EQ(left, 8);  // the other seven files and the directory
  // Again: nothing left to remove. A missing directory is an empty sweep.
  EXPECT_EQ(RemoveAbandonedSpillFiles(dir.path(), alive)->files_removed, 0);
  EXPECT_EQ(RemoveAbandonedSpillFiles(dir.path() + "/absent")->files_removed, 0);
  // A path that is a file, not a directory, is a clear error.
  auto not_dir = RemoveAbandonedSpillFiles(dir.path() + "/notes.txt");
  ASSERT_FALSE(not_dir);
  EXPECT_NE(not_dir.error().message().find("spill directory"), std::string::npos);
}

}  // namespace
}  // namespace firn::iceberg
