// commit_bench: the cost of an Iceberg commit as a table grows (issue 3: "the 10,000th
// commit costs about what the 10th does").
//
//   commit_bench [--commits 10000] [--files-per-commit 1] [--warehouse DIR] [--window 100]
//                [--min-count-to-merge 100] [--keep-snapshots K]
//
// Creates db.bench (partitioned by day) in a fresh SQLite-catalog warehouse and appends
// --commits snapshots, each adding --files-per-commit data files (metadata only: the
// commit path never opens data files). Every commit goes through the full path a real
// append takes: refresh from the catalog, write a manifest, carry/merge manifests, write
// the manifest list, write the metadata JSON, compare-and-swap in SQLite, fsyncs included.
// Prints one JSON line per window of commits: wall ms per commit (mean, p50, max), the
// manifests the snapshot lists, and the metadata file's size.
//
// Every Iceberg commit rewrites the whole metadata JSON, which lists every snapshot the
// table keeps; without expiry that file grows by ~600 bytes a commit. --keep-snapshots K
// emulates the maintenance service expiring snapshots: every 100 commits, a separate
// (untimed) commit removes all but the newest K snapshots.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "firn/catalog/catalog_table_operations.h"
#include "firn/catalog/catalog_uri.h"
#include "firn/iceberg/commit/snapshot_update.h"
#include "firn/iceberg/metadata/table_metadata_builder.h"
#include "firn/iceberg/types/schema_ddl.h"
#include "firn/io/local_file_io.h"

using namespace firn;

int main(int argc, char** argv) {
  int64_t commits = 10000, per_commit = 1, window = 100, merge = 100, keep = 0;
  std::string warehouse;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--commits") commits = std::atoll(argv[i + 1]);
    else if (a == "--files-per-commit") per_commit = std::atoll(argv[i + 1]);
    else if (a == "--window") window = std::atoll(argv[i + 1]);
    else if (a == "--min-count-to-merge") merge = std::atoll(argv[i + 1]);
    else if (a == "--warehouse") warehouse = argv[i + 1];
    else if (a == "--keep-snapshots") keep = std::atoll(argv[i + 1]);
    else {
      std::fprintf(stderr, "usage: commit_bench [--commits N] [--files-per-commit N] [--window N] "
                           "[--min-count-to-merge N] [--keep-snapshots K] [--warehouse DIR]\n");
      return 2;
    }
  }
  if (warehouse.empty()) {
    char tmpl[] = "/tmp/firn-commit-bench-XXXXXX";
    warehouse = mkdtemp(tmpl);
  }
  io::LocalFileIO io;
  auto cat = catalog::OpenCatalog({.warehouse = warehouse}, &io);
  if (!cat) return std::fprintf(stderr, "%s\n", cat.error().ToString().c_str()), 1;
  auto ident = *catalog::TableIdentifier::Parse("db.bench");
  (void)(*cat)->CreateNamespace(ident.ns, {});
  auto schema = iceberg::ParseSchemaDdl("id long not null, ts timestamptz, payload string");
  iceberg::PartitionSpec spec;
  spec.fields.push_back(iceberg::PartitionField{FieldId(2), FieldId(1000), "ts_day", iceberg::Transform::Day()});
  catalog::NewTable t{*schema, spec, iceberg::SortOrder::Unsorted(),
                      {{"commit.manifest.min-count-to-merge", std::to_string(merge)}}};
  auto created = catalog::CreateTable(**cat, io, ident, t);
  if (!created) return std::fprintf(stderr, "%s\n", created.error().ToString().c_str()), 1;
  catalog::CatalogTableOperations ops(**cat, io, ident);

  std::vector<double> ms;
  ms.reserve(static_cast<size_t>(window));
  int64_t file_no = 0;
  for (int64_t c = 1; c <= commits; ++c) {
    iceberg::SnapshotUpdate u(ops, iceberg::SnapshotOperation::kAppend);
    for (int64_t f = 0; f < per_commit; ++f, ++file_no) {
      iceberg::DataFile d;
      d.file_path = fmt::format("{}/db/bench/data/ts_day=2026-11-{:02d}/f-{}.parquet", warehouse, 1 + file_no % 28, file_no);
      d.partition = {iceberg::Literal::Date(20423 + static_cast<int32_t>(file_no % 28))};
      d.record_count = 1000;
      d.file_size_in_bytes = 64 << 10;
      d.value_counts = {{1, 1000}, {2, 1000}, {3, 1000}};
      d.null_value_counts = {{1, 0}, {2, 0}, {3, 10}};
      d.lower_bounds = {{1, std::string(8, '\0')}};
      d.upper_bounds = {{1, std::string(8, '\x7f')}};
      u.AddFile(std::move(d));
    }
    const auto start = std::chrono::steady_clock::now();
    auto st = u.Commit();
    const double elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (!st) return std::fprintf(stderr, "commit %lld: %s\n", static_cast<long long>(c), st.error().ToString().c_str()), 1;
    ms.push_back(elapsed);
    if (keep > 0 && c % 100 == 0 && static_cast<int64_t>(st->metadata->snapshots.size()) > keep) {
      // Expire all but the newest `keep` snapshots (what `firn maintain` will do).
      const auto& snaps = st->metadata->snapshots;
      std::vector<SnapshotId> old;
      for (size_t i = 0; i + static_cast<size_t>(keep) < snaps.size(); ++i) old.push_back(snaps[i].snapshot_id);
      iceberg::TableMetadataBuilder b(*st->metadata, st->metadata_location);
      b.RemoveSnapshots(old);
      auto expired = std::move(b).Build(st->metadata->last_updated_ms);
      if (!expired || !ops.Commit(*st, *expired)) return std::fprintf(stderr, "expiry failed\n"), 1;
    }
    if (static_cast<int64_t>(ms.size()) == window || c == commits) {
      std::vector<double> sorted = ms;
      std::sort(sorted.begin(), sorted.end());
      double sum = 0;
      for (double v : ms) sum += v;
      std::error_code ec;
      const auto meta_bytes = std::filesystem::file_size(st->metadata_location, ec);
      fmt::print("{{\"commits\":[{},{}],\"mean_ms\":{:.2f},\"p50_ms\":{:.2f},\"max_ms\":{:.2f},"
                 "\"manifests_in_list\":{},\"metadata_json_bytes\":{},\"snapshots\":{}}}\n",
                 c - static_cast<int64_t>(ms.size()) + 1, c, sum / static_cast<double>(ms.size()),
                 sorted[sorted.size() / 2], sorted.back(), u.stats().manifests_in_list, meta_bytes,
                 st->metadata->snapshots.size());
      std::fflush(stdout);
      ms.clear();
    }
  }
  return 0;
}
