// Manifests and manifest lists written by Spark, Iceberg Java and PyIceberg
// (shared/fixtures/iceberg/*/table/metadata/*.avro), read with firn's reader.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <memory>

#include "firn/avro/file_reader.h"
#include "firn/avro/schema_json.h"
#include "firn/avro/value_json.h"
#include "firn/io/local_file_io.h"

namespace firn::avro {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> FixtureFiles() {
  std::vector<fs::path> files;
#ifdef FIRN_SHARED_ICEBERG_FIXTURES
  fs::path root(FIRN_SHARED_ICEBERG_FIXTURES);
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return files;
  for (const auto& e : fs::recursive_directory_iterator(root, ec)) {
    if (e.is_regular_file() && e.path().extension() == ".avro") files.push_back(e.path());
  }
#endif
  std::sort(files.begin(), files.end());
  return files;
}

const Value* GetField(const Node& record, const Value& value, std::string_view name,
                      const Node** field_type) {
  auto index = record.FieldIndex(name);
  if (!index) return nullptr;
  *field_type = record.fields[*index].type;
  return &value.fields()[*index];
}

TEST(IcebergFixturesTest, ReadsEveryManifestAndManifestList) {
  std::vector<fs::path> files = FixtureFiles();
  if (files.empty()) GTEST_SKIP() << "no shared iceberg fixtures";
  io::LocalFileIO fio;
  size_t manifests = 0, lists = 0, entries = 0;
  for (const fs::path& path : files) {
    SCOPED_TRACE(path.string());
    auto in = fio.OpenInputFile(FilePath(path.string()));
    ASSERT_TRUE(in.has_value()) << in.error().ToString();
    auto r = FileReader::Open(**in);
    ASSERT_TRUE(r.has_value()) << r.error().ToString();
    const Node& root = (*r)->schema().root();
    ASSERT_EQ(root.type, Type::kRecord);
    // Iceberg puts a field id on every top-level field.
    for (const avro::Field& f : root.fields) EXPECT_TRUE(f.FieldId().has_value()) << f.name;
    // The schema survives our serialiser with its ids.
    std::string json = SchemaToJson((*r)->schema());
    EXPECT_NE(json.find("\"field-id\":"), std::string::npos);
    auto reparsed = ParseSchema(json);
    ASSERT_TRUE(reparsed.has_value());
    EXPECT_EQ(SchemaToJson(*reparsed), json);

    auto all = (*r)->ReadAll();
    ASSERT_TRUE(all.has_value()) << all.error().ToString();
    EXPECT_EQ(all->size(), (*r)->records_declared());
    EXPECT_GT(all->size(), 0u);
    bool is_list = path.filename().string().starts_with("snap-");
    for (const Value& v : *all) {
      const Node* type = nullptr;
      if (is_list) {
        const Value* mp = GetField(root, v, "manifest_path", &type);
        ASSERT_NE(mp, nullptr);
        EXPECT_TRUE(mp->string().ends_with(".avro")) << mp->string();
        const Value* len = GetField(root, v, "manifest_length", &type);
        ASSERT_NE(len, nullptr);
        EXPECT_GT(len->long_value(), 0);
      } else {
        const Value* status = GetField(root, v, "status", &type);
        ASSERT_NE(status, nullptr);
        EXPECT_GE(status->int_value(), 0);
        EXPECT_LE(status->int_value(), 2);
        const Value* df = GetField(root, v, "data_file", &type);
        ASSERT_NE(df, nullptr);
        const Node& df_type = *type;
        EXPECT_EQ(root.fields[*root.FieldIndex("data_file")].FieldId(), 2);
        const Value* fp = GetField(df_type, *df, "file_path", &type);
        ASSERT_NE(fp, nullptr);
        EXPECT_TRUE(fp->string().ends_with(".parquet") || fp->string().ends_with(".avro") ||
                    fp->string().ends_with(".orc") || fp->string().ends_with(".puffin"))
            << fp->string();
        const Value* rc = GetField(df_type, *df, "record_count", &type);
        ASSERT_NE(rc, nullptr);
        EXPECT_GE(rc->long_value(), 0);
        ++entries;
      }
    }
    if (is_list) {
      ++lists;
    } else {
      ++manifests;
      EXPECT_TRUE((*r)->Metadata("partition-spec").has_value());
      EXPECT_TRUE((*r)->Metadata("schema").has_value() ||
                  (*r)->Metadata("iceberg.schema").has_value());
    }
  }
  EXPECT_GT(manifests, 10u);
  EXPECT_GT(lists, 10u);
  EXPECT_GT(entries, manifests);
}

TEST(IcebergFixturesTest, FruitManifestDecodesKnownValues) {
  std::vector<fs::path> files = FixtureFiles();
  auto it = std::find_if(files.begin(), files.end(), [](const fs::path& p) {
    return p.filename() == "89c7144f-8535-4e3c-bddf-7745b6e24ecd-m0.avro";
  });
  if (it == files.end()) GTEST_SKIP() << "fruit fixture absent";
  io::LocalFileIO fio;
  auto in = fio.OpenInputFile(FilePath(it->string()));
  ASSERT_TRUE(in.has_value());
  auto r = FileReader::Open(**in);
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ((*r)->codec(), Codec::kDeflate);
  EXPECT_EQ((*r)->Metadata("format-version"), "2");
  EXPECT_EQ((*r)->Metadata("content"), "data");
  auto all = (*r)->ReadAll();
  ASSERT_TRUE(all.has_value()) << all.error().ToString();
  ASSERT_GE(all->size(), 1u);
  std::string json = ValueToJson((*r)->schema().root(), (*all)[0]);
  EXPECT_NE(json.find(R"("status":1,"snapshot_id":3790395430840981108)"), std::string::npos)
      << json;
  EXPECT_NE(
      json.find(
          R"("file_path":"fruit/data/00000-2-dc313a93-20ea-4632-8a07-49e46b4afe29-0-00001.parquet")"),
      std::string::npos)
      << json;
  EXPECT_NE(json.find(R"("column_sizes":[{"key":1,"value":41},{"key":2,"value":36})"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find(R"({"key":3,"value":"636865727279"})"), std::string::npos)
      << json;  // "cherry"
  // The array-of-key/value map keeps its Iceberg annotations.
  std::string schema = SchemaToJson((*r)->schema());
  EXPECT_NE(schema.find(R"("logicalType":"map")"), std::string::npos);
  EXPECT_NE(schema.find(R"("element-id":)"), std::string::npos);
}

TEST(IcebergFixturesTest, TruncatedJavaManifestNeverCrashes) {
  std::vector<fs::path> files = FixtureFiles();
  auto it = std::find_if(files.begin(), files.end(), [](const fs::path& p) {
    return p.filename() == "89c7144f-8535-4e3c-bddf-7745b6e24ecd-m0.avro";
  });
  if (it == files.end()) GTEST_SKIP() << "fruit fixture absent";
  io::LocalFileIO fio;
  auto bytes = fio.ReadAll(FilePath(it->string()));
  ASSERT_TRUE(bytes.has_value());
  size_t valid_prefixes = 0;
  for (size_t len = 0; len < bytes->size(); ++len) {
    // An exactly-sized heap copy, so that ASan sees any read past the end.
    auto copy = std::make_unique<uint8_t[]>(len);
    std::memcpy(copy.get(), bytes->data(), len);
    auto r = FileReader::Make(std::span<const uint8_t>(copy.get(), len));
    if (!r) continue;
    auto all = (*r)->ReadAll();
    if (all) {
      // Only a cut at a block boundary reads: then fewer records than the whole file.
      EXPECT_EQ(all->size(), 0u) << len;
      ++valid_prefixes;
    }
  }
  EXPECT_EQ(valid_prefixes, 1u);  // the header alone (this manifest has one block)
}

}  // namespace
}  // namespace firn::avro
