// LocalFileIO specifics: URIs, temporary files on disk, permissions, POSIX helpers.
#include "firn/io/local_file_io.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "firn/io/path_util.h"
#include "firn/io/posix_util.h"
#include "firn/io/tests/temp_dir.h"

namespace firn::io {
namespace {

TEST(LocalFileIOTest, ToLocalPath) {
  auto local = [](std::string_view p) {
    return LocalFileIO::ToLocalPath(FilePath(std::string(p)));
  };
  EXPECT_EQ(local("/wh/t/x").value(), "/wh/t/x");
  EXPECT_EQ(local("rel/x").value(), "rel/x");
  EXPECT_EQ(local("file:///wh/t/x").value(), "/wh/t/x");
  EXPECT_EQ(local("file:/wh/t/x").value(), "/wh/t/x");
  EXPECT_EQ(local("file://localhost/wh/t/x").value(), "/wh/t/x");
  EXPECT_EQ(local("file://otherhost/wh").error().kind(), ErrorKind::kNotSupported);
  EXPECT_EQ(local("file:relative").error().kind(), ErrorKind::kInvalidArgument);
  EXPECT_EQ(local("").error().kind(), ErrorKind::kInvalidArgument);
  auto s3 = local("s3://bucket/wh/t/x");
  ASSERT_FALSE(s3.has_value());
  EXPECT_EQ(s3.error().kind(), ErrorKind::kNotSupported);
  EXPECT_NE(s3.error().message().find("'s3'"), std::string::npos);
  EXPECT_EQ(local("odd:name/x").value(), "odd:name/x");  // not a URI: no "://"
}

TEST(LocalFileIOTest, WritesGoToATemporaryFileBesideTheTarget) {
  testing::TempDir dir;
  LocalFileIO io;
  auto file = io.NewOutputFile(FilePath(dir.path() + "/d/x.parquet"));
  ASSERT_TRUE(file.has_value());
  ASSERT_TRUE((*file)->Write("hello"));
  ASSERT_TRUE((*file)->Write(std::string(2 << 20, 'x')));  // flushed past the buffer
  auto files = io.List(FilePath(dir.path())).value();
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(ParentDir(files[0].path.value()), dir.path() + "/d");
  EXPECT_TRUE(IsTempFileName(BaseName(files[0].path.value()))) << files[0].path.value();
  EXPECT_TRUE(BaseName(files[0].path.value()).starts_with(".x.parquet."));
  ASSERT_TRUE((*file)->Commit());
  files = io.List(FilePath(dir.path())).value();
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].path.value(), dir.path() + "/d/x.parquet");
  EXPECT_EQ(files[0].size, 5u + (2 << 20));
}

TEST(LocalFileIOTest, ReleaseMemoryWritesTheBufferOutAndFreesIt) {
  testing::TempDir dir;
  LocalFileIO io;
  auto file = io.NewOutputFile(FilePath(dir.path() + "/x.bin"));
  ASSERT_TRUE(file.has_value());
  EXPECT_EQ((*file)->MemoryUsage(), 0);
  ASSERT_TRUE((*file)->Write("abc"));
  EXPECT_GT((*file)->MemoryUsage(), 0);  // the write buffer is held
  EXPECT_LT((*file)->MemoryUsage(), int64_t{64} << 10);  // and sized to what it holds
  ASSERT_TRUE((*file)->ReleaseMemory());
  EXPECT_EQ((*file)->MemoryUsage(), 0);
  EXPECT_EQ((*file)->Position(), 3u);
  ASSERT_TRUE((*file)->Write("def"));
  ASSERT_TRUE((*file)->Commit());
  auto in = io.OpenInputFile(FilePath(dir.path() + "/x.bin")).value();
  std::string got(6, '\0');
  ASSERT_TRUE(in->ReadAt(0, std::span(reinterpret_cast<uint8_t*>(got.data()), got.size())));
  EXPECT_EQ(got, "abcdef");
}

TEST(LocalFileIOTest, PermissionDeniedNamesThePath) {
  if (geteuid() == 0) GTEST_SKIP() << "root bypasses file permissions";
  testing::TempDir dir;
  std::string ro = dir.path() + "/ro";
  ASSERT_EQ(mkdir(ro.c_str(), 0555), 0);
  LocalFileIO io;
  auto file = io.NewOutputFile(FilePath(ro + "/x"));
  ASSERT_FALSE(file.has_value());
  EXPECT_EQ(file.error().kind(), ErrorKind::kIOError);
  EXPECT_NE(file.error().message().find("Permission denied"), std::string::npos)
      << file.error().message();
  EXPECT_NE(file.error().message().find(ro + "/"), std::string::npos) << file.error().message();
  auto nested = io.NewOutputFile(FilePath(ro + "/sub/x"));
  ASSERT_FALSE(nested.has_value());
  EXPECT_NE(nested.error().message().find("mkdir " + ro + "/sub: Permission denied"),
            std::string::npos)
      << nested.error().message();
  chmod(ro.c_str(), 0755);
}

TEST(LocalFileIOTest, ParentThatIsAFileGivesAClearError) {
  testing::TempDir dir;
  LocalFileIO io;
  std::string f = dir.path() + "/f";
  ASSERT_TRUE(io.WriteAll(FilePath(f), "x"));
  auto file = io.NewOutputFile(FilePath(f + "/sub/y"));
  ASSERT_FALSE(file.has_value());
  EXPECT_NE(file.error().message().find(f), std::string::npos) << file.error().message();
  EXPECT_NE(file.error().message().find("ot a directory"), std::string::npos)
      << file.error().message();
  auto in = io.OpenInputFile(FilePath(f + "/y"));
  ASSERT_FALSE(in.has_value());
  EXPECT_NE(in.error().message().find("open " + f + "/y: Not a directory"), std::string::npos)
      << in.error().message();
}

TEST(LocalFileIOTest, OpeningADirectoryIsAnError) {
  testing::TempDir dir;
  LocalFileIO io;
  auto in = io.OpenInputFile(FilePath(dir.path()));
  ASSERT_FALSE(in.has_value());
  EXPECT_NE(in.error().message().find("is a directory"), std::string::npos);
}

TEST(LocalFileIOTest, ListDoesNotFollowSymlinks) {
  testing::TempDir dir;
  LocalFileIO io;
  ASSERT_TRUE(io.WriteAll(FilePath(dir.path() + "/d/a"), "A"));
  ASSERT_EQ(symlink((dir.path() + "/d").c_str(), (dir.path() + "/d/loop").c_str()), 0);
  auto files = io.List(FilePath(dir.path())).value();
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].path.value(), dir.path() + "/d/a");
}

TEST(PosixTest, RenameNoReplaceFallbackWithLinkAndUnlink) {
  testing::TempDir dir;
  LocalFileIO io;
  std::string a = dir.path() + "/a", b = dir.path() + "/b", c = dir.path() + "/c";
  ASSERT_TRUE(io.WriteAll(FilePath(a), "A"));
  ASSERT_TRUE(io.WriteAll(FilePath(b), "B"));
  for (bool allow_renameat2 : {true, false}) {
    auto st = posix::RenameNoReplace(a, b, allow_renameat2);
    ASSERT_FALSE(st.has_value());
    EXPECT_EQ(st.error().kind(), ErrorKind::kAlreadyExists);
    st = posix::RenameNoReplace(dir.path() + "/missing", c, allow_renameat2);
    ASSERT_FALSE(st.has_value());
    EXPECT_EQ(st.error().kind(), ErrorKind::kNotFound);
  }
  ASSERT_TRUE(posix::RenameNoReplace(a, c, /*allow_renameat2=*/false));
  EXPECT_FALSE(io.Exists(FilePath(a)).value());
  EXPECT_EQ(io.ReadAll(FilePath(c)).value(), "A");
  EXPECT_EQ(io.ReadAll(FilePath(b)).value(), "B");
}

TEST(PathUtilTest, Basics) {
  EXPECT_EQ(ParentDir("/a/b"), "/a");
  EXPECT_EQ(ParentDir("/b"), "/");
  EXPECT_EQ(ParentDir("b"), ".");
  EXPECT_EQ(BaseName("/a/b"), "b");
  EXPECT_EQ(BaseName("/a/"), "");
  EXPECT_EQ(TrimTrailingSlashes("/a//"), "/a");
  EXPECT_EQ(TrimTrailingSlashes("/"), "/");
  std::string t = TempPathFor("/a/x.parquet");
  EXPECT_EQ(ParentDir(t), "/a");
  EXPECT_TRUE(IsTempFileName(BaseName(t))) << t;
  EXPECT_NE(TempPathFor("/a/x.parquet"), t);
  EXPECT_FALSE(IsTempFileName("x.parquet"));
  EXPECT_FALSE(IsTempFileName(".x.parquet.tmp"));
  EXPECT_FALSE(IsTempFileName(".x.0123456789abcdeg.tmp"));
  EXPECT_TRUE(IsTempFileName(".x.0123456789abcdef.tmp"));
}

}  // namespace
}  // namespace firn::io
