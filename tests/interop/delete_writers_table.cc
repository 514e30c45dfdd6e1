// delete_writers_table DIR: makes an Iceberg v2 table at DIR (absolute path) with firn's
// data, position delete and equality delete writers, as an upsert stream would, for the
// independent readers of delete_writers_test.mjs. Table: id long (key), data string,
// cat int, partitioned by identity(cat) (spec 0); spec 1 is unpartitioned, for global
// equality deletes. Three snapshots:
//   1 append     ids 1..6 in cat 1; 5, 11..16 in cat 2 (data "v1")
//   2 overwrite  upserts and deletes (the list in kSecond), in ONE snapshot with data,
//                position deletes (keys written twice in the commit) and equality deletes
//                (partitioned, and global for the ops marked so)
//   3 overwrite  kThird: equality deletes now reach rows of snapshot 2
// Metadata files are DIR/metadata/v<N>.metadata.json. Prints one JSON object: the last
// metadata file name and every file of snapshots 2 and 3 (path, content, spec id,
// record count, equality ids).
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "firn/common/macros.h"
#include "firn/iceberg/commit/snapshot_update.h"
#include "firn/iceberg/data/equality_delete_writer.h"
#include "firn/iceberg/data/partitioned_writer.h"
#include "firn/iceberg/data/position_delete_writer.h"
#include "firn/iceberg/metadata/table_metadata_builder.h"
#include "firn/iceberg/metadata/table_metadata_json.h"
#include "firn/io/local_file_io.h"

namespace firn::iceberg {
namespace {

// Commits write DIR/metadata/v<N>.metadata.json; one writer, so no real compare-and-swap.
class LocalOps final : public TableOperations {
 public:
  LocalOps(std::string dir, TableMetadata m) : dir_(std::move(dir)) {
    state_ = {std::make_shared<const TableMetadata>(std::move(m)), ""};
  }
  Result<TableState> Refresh() override { return state_; }
  Result<TableState> Commit(const TableState& base, const TableMetadata& updated) override {
    if (base.metadata_location != state_.metadata_location) return CommitConflict("stale base");
    name_ = fmt::format("v{}.metadata.json", ++version_);
    const std::string path = dir_ + "/metadata/" + name_;
    FIRN_RETURN_NOT_OK(io_.WriteAll(FilePath(path), TableMetadataToJson(updated), io::WriteMode::kCreate));
    state_ = {std::make_shared<const TableMetadata>(updated), path};
    return state_;
  }
  io::FileIO& io() override { return io_; }
  const TableMetadata& metadata() const { return *state_.metadata; }
  const std::string& name() const { return name_; }

 private:
  std::string dir_;
  io::LocalFileIO io_;
  TableState state_;
  int version_ = 0;
  std::string name_;
};

struct Op {
  bool upsert = true;  // false: delete the key
  int64_t id = 0;
  int32_t cat = 0;
  std::string data;
  bool global = false;  // its equality delete is global (spec 1) instead of in partition cat
};

parquet::RecordBatch Row(const Op& op) {
  parquet::RecordBatch b;
  b.columns.resize(3);
  b.columns[0].AppendValue<int64_t>(op.id);
  b.columns[1].AppendBytes(op.data);
  b.columns[2].AppendValue<int32_t>(op.cat);
  b.num_rows = 1;
  return b;
}

parquet::RecordBatch Key(const Op& op) {
  parquet::RecordBatch b;
  b.columns.resize(op.global ? 1 : 2);
  b.columns[0].AppendValue<int64_t>(op.id);
  if (!op.global) b.columns[1].AppendValue<int32_t>(op.cat);
  b.num_rows = 1;
  return b;
}

// One snapshot of `ops` as an upsert: rows of keys written earlier in the same commit get
// a position delete; every key touched gets an equality delete (for older commits).
Result<std::vector<DataFile>> CommitOps(LocalOps& table, const std::vector<Op>& ops, bool with_deletes) {
  const TableMetadata& m = table.metadata();
  DataWriterOptions opts;
  opts.data_location = m.location + "/data";
  FIRN_ASSIGN_OR_RETURN(auto data, PartitionedWriter::Make(table.io(), m.CurrentSchema(), m.DefaultSpec(), opts));
  FIRN_ASSIGN_OR_RETURN(auto pos, PositionDeleteWriter::Make(table.io(), m.DefaultSpec(), opts));
  FIRN_ASSIGN_OR_RETURN(Schema key_schema, EqualityDeleteSchema(m.CurrentSchema(), {1, 3}));
  FIRN_ASSIGN_OR_RETURN(Schema global_schema, EqualityDeleteSchema(m.CurrentSchema(), {1}));
  FIRN_ASSIGN_OR_RETURN(auto eq, EqualityDeleteWriter::Make(table.io(), key_schema, {1}, m.DefaultSpec(), opts));
  FIRN_ASSIGN_OR_RETURN(auto eq_global,
                        EqualityDeleteWriter::Make(table.io(), global_schema, {1}, *m.SpecById(1), opts));
  std::map<int64_t, RowLocation> written;
  for (const Op& op : ops) {
    if (auto it = written.find(op.id); it != written.end()) {
      FIRN_RETURN_NOT_OK(pos->Delete(data->FilePath(it->second.file), it->second.position,
                                     data->FilePartition(it->second.file)));
      written.erase(it);
    }
    if (with_deletes) FIRN_RETURN_NOT_OK((op.global ? eq_global : eq)->Write(Key(op)));
    if (!op.upsert) continue;
    std::vector<RowLocation> where;
    FIRN_RETURN_NOT_OK(data->Write(Row(op), &where));
    written[op.id] = where[0];
  }
  std::vector<DataFile> files;
  for (auto* w : {&eq, &eq_global}) {
    FIRN_ASSIGN_OR_RETURN(auto f, (*w)->Finish());
    files.insert(files.end(), f.begin(), f.end());
  }
  FIRN_ASSIGN_OR_RETURN(auto d, data->Finish());
  files.insert(files.end(), d.begin(), d.end());
  FIRN_ASSIGN_OR_RETURN(auto p, pos->Finish());
  files.insert(files.end(), p.begin(), p.end());
  SnapshotUpdate update(table, with_deletes ? SnapshotOperation::kOverwrite : SnapshotOperation::kAppend);
  for (const DataFile& f : files) update.AddFile(f);
  FIRN_RETURN_NOT_OK(update.Commit());
  return files;
}

Status Run(const std::string& dir) {
  Schema schema(0, {Required(1, "id", Type::Long()), Optional(2, "data", Type::String()),
                    Required(3, "cat", Type::Int())});
  PartitionSpec by_cat{0, {PartitionField{FieldId(3), FieldId(1000), "cat", Transform::Identity()}}};
  FIRN_ASSIGN_OR_RETURN(TableMetadata m, NewTableMetadata(schema, by_cat, SortOrder::Unsorted(), dir, {}, 1000));
  TableMetadataBuilder b(m, std::nullopt);
  if (b.AddPartitionSpec(PartitionSpec{}) != 1) return Internal("the unpartitioned spec is not spec 1");
  FIRN_ASSIGN_OR_RETURN(TableMetadata with_global_spec, std::move(b).Build(1001));
  LocalOps table(dir, std::move(with_global_spec));

  std::vector<Op> first;
  for (int64_t id : {1, 2, 3, 4, 5, 6}) first.push_back({true, id, 1, "v1"});
  for (int64_t id : {5, 11, 12, 13, 14, 15, 16}) first.push_back({true, id, 2, "v1"});
  FIRN_RETURN_NOT_OK(CommitOps(table, first, false));
  const std::vector<Op> second = {
      {true, 2, 1, "v2"},    {true, 20, 2, "a"},           {true, 20, 2, "b"},
      {true, 3, 1, "x"},     {true, 3, 1, "y"},            {false, 99, 1, ""},
      {false, 12, 2, ""},    {false, 5, 0, "", true},      {true, 21, 1, "new", true},
      {true, 21, 1, "newer", true},
  };
  FIRN_ASSIGN_OR_RETURN(auto files2, CommitOps(table, second, true));
  const std::vector<Op> third = {{true, 20, 2, "c"}, {false, 21, 0, "", true}, {true, 3, 1, "z"}};
  FIRN_ASSIGN_OR_RETURN(auto files3, CommitOps(table, third, true));

  std::vector<std::string> out;
  for (const auto* files : {&files2, &files3}) {
    for (const DataFile& f : *files) {
      out.push_back(fmt::format(R"({{"path":"{}","content":{},"spec_id":{},"record_count":{},"equality_ids":[{}]}})",
                                f.file_path, static_cast<int>(f.content), f.spec_id, f.record_count,
                                fmt::join(f.equality_ids, ",")));
    }
  }
  std::printf("{\"metadata\":\"%s\",\"files\":[%s]}\n", table.name().c_str(), fmt::format("{}", fmt::join(out, ",")).c_str());
  return OkStatus();
}

}  // namespace
}  // namespace firn::iceberg

int main(int argc, char** argv) {
  if (argc != 2 || argv[1][0] != '/') {
    std::fprintf(stderr, "usage: delete_writers_table /absolute/table/dir\n");
    return 2;
  }
  auto st = firn::iceberg::Run(argv[1]);
  if (!st) {
    std::fprintf(stderr, "%s\n", st.error().ToString().c_str());
    return 1;
  }
  return 0;
}
