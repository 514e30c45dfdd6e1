// Reads the nine tables written by Spark, the Java API and PyIceberg
// (/work/shared/fixtures/iceberg) with TableScan and compares every row, rendered with the
// fixtures' README conventions, with expected.jsonl as a multiset.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "firn/common/json_reader.h"
#include "firn/io/local_file_io.h"
#include "firn/iceberg/metadata/table_metadata_json.h"
#include "firn/iceberg/scan/scan_to_batches.h"
#include "firn/iceberg/scan/table_scan.h"
#include "firn/iceberg/tests/scan_row_renderer.h"

namespace firn::iceberg {
namespace {

namespace fs = std::filesystem;

fs::path FixtureRoot() {
#ifdef FIRN_SHARED_ICEBERG_FIXTURES
  return FIRN_SHARED_ICEBERG_FIXTURES;
#else
  return {};
#endif
}

std::string ReadText(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// fixture.json's expected_rows.per_data_file entry, for checking the plan.
struct ExpectedFile {
  int64_t data_sequence_number = 0;
  int64_t rows_in_file = 0;
  std::vector<std::string> equality_deletes;  // basenames, sorted
};

struct Fixture {
  fs::path dir;
  std::map<std::string, ExpectedFile> per_data_file;  // by basename
  TableMetadata metadata;
  PathMapper mapper;
  int64_t expected_rows = 0;
  std::string current_snapshot_id;
};

// Loads fixture `name`; skips the test when the fixtures are absent.
Fixture Load(const std::string& name) {
  Fixture f;
  f.dir = FixtureRoot() / name;
  auto doc = JsonDocument::Parse(ReadText(f.dir / "fixture.json"));
  EXPECT_TRUE(doc.has_value());
  auto root = (*doc)->root().AsObject();
  EXPECT_TRUE(root.has_value());
  std::string metadata_file(*root->GetString("metadata_file"));
  auto rewrite = root->GetObject("path_rewrite");
  EXPECT_TRUE(rewrite.has_value());
  std::string from(*rewrite->GetString("from"));
  std::string to(*rewrite->GetString("to"));
  f.expected_rows = *root->GetInt64("expected_row_count");
  f.current_snapshot_id = std::string(*root->GetString("current_snapshot_id"));
  auto per_file = root->GetObject("expected_rows")->GetObject("per_data_file");
  EXPECT_TRUE(per_file.has_value());
  for (const auto& [name, value] : per_file->Members()) {
    auto o = value.AsObject();
    ExpectedFile e;
    e.data_sequence_number = *o->GetInt64("data_sequence_number");
    e.rows_in_file = *o->GetInt64("rows_in_file");
    for (const JsonValue& v : o->GetArray("equality_delete_files_applied")->Elements()) {
      e.equality_deletes.emplace_back(*v.AsString());
    }
    std::sort(e.equality_deletes.begin(), e.equality_deletes.end());
    f.per_data_file[std::string(name)] = std::move(e);
  }
  f.mapper = PathMapper({{from, (f.dir / to).string()}}, f.dir.string());
  auto metadata = TableMetadataFromJson(ReadText(f.dir / metadata_file));
  EXPECT_TRUE(metadata.has_value()) << metadata.error().ToString();
  if (metadata.has_value()) f.metadata = std::move(*metadata);
  return f;
}

std::vector<std::string> ExpectedLines(const fs::path& dir) {
  std::vector<std::string> lines;
  std::ifstream in(dir / "expected.jsonl", std::ios::binary);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

class ScanFixturesTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ScanFixturesTest, RowsEqualExpected) {
  std::error_code ec;
  if (FixtureRoot().empty() || !fs::is_directory(FixtureRoot() / GetParam(), ec)) {
    GTEST_SKIP() << "shared iceberg fixtures not found";
  }
  Fixture f = Load(GetParam());
  ASSERT_NE(f.metadata.CurrentSnapshot(), nullptr);
  EXPECT_EQ(std::to_string(f.metadata.CurrentSnapshot()->snapshot_id.value()), f.current_snapshot_id);

  io::LocalFileIO io;
  ScanOptions options;
  options.path_mapper = f.mapper;

  // The plan: one task per live data file, with the sequence number and the equality
  // deletes that the fixture's own derivation found.
  auto scan = TableScan::Make(io, f.metadata, options);
  ASSERT_TRUE(scan.has_value()) << scan.error().ToString();
  auto tasks = (*scan)->PlanFiles();
  ASSERT_TRUE(tasks.has_value()) << tasks.error().ToString();
  EXPECT_EQ(tasks->size(), f.per_data_file.size());
  for (const FileScanTask& task : *tasks) {
    const std::string base = fs::path(task.data_file.file_path).filename().string();
    SCOPED_TRACE(base);
    auto it = f.per_data_file.find(base);
    ASSERT_NE(it, f.per_data_file.end());
    EXPECT_EQ(task.data_sequence_number.value(), it->second.data_sequence_number);
    EXPECT_EQ(task.data_file.record_count, it->second.rows_in_file);
    std::vector<std::string> eq;
    for (const DataFile& d : task.delete_files) {
      if (d.content == DataFileContent::kEqualityDeletes) {
        eq.push_back(fs::path(d.file_path).filename().string());
      }
    }
    std::sort(eq.begin(), eq.end());
    EXPECT_EQ(eq, it->second.equality_deletes);
  }
  auto result = ScanToBatches(io, f.metadata, options);
  ASSERT_TRUE(result.has_value()) << result.error().ToString();
  std::vector<std::string> got;
  for (const auto& batch : result->batches) {
    auto rows = testing::RenderRows(result->projected_schema, *result->schema, batch);
    got.insert(got.end(), rows.begin(), rows.end());
  }
  std::vector<std::string> expected = ExpectedLines(f.dir);
  EXPECT_EQ(static_cast<int64_t>(expected.size()), f.expected_rows);
  EXPECT_EQ(result->num_rows(), f.expected_rows);
  std::sort(got.begin(), got.end());
  std::sort(expected.begin(), expected.end());
  // Report the first few differences rather than two walls of text.
  std::vector<std::string> missing, extra;
  std::set_difference(expected.begin(), expected.end(), got.begin(), got.end(), std::back_inserter(missing));
  std::set_difference(got.begin(), got.end(), expected.begin(), expected.end(), std::back_inserter(extra));
  EXPECT_TRUE(missing.empty() && extra.empty())
      << missing.size() << " expected rows missing, first: " << (missing.empty() ? "" : missing[0])
      << "\n" << extra.size() << " unexpected rows, first: " << (extra.empty() ? "" : extra[0]);
}

INSTANTIATE_TEST_SUITE_P(ScanFixtures, ScanFixturesTest,
                         ::testing::Values("java-bunnies", "spark-bunnies", "spark-rename-column",
                                           "equality-deletes-mytable",
                                           "equality-deletes-mytable-partitioned",
                                           "add-columns-with-defaults", "map-stats", "fruit",
                                           "generated-spec2-0-001"),
                         [](const auto& info) {
                           std::string n = info.param;
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

}  // namespace
}  // namespace firn::iceberg
