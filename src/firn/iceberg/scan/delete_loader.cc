#include "firn/iceberg/scan/delete_loader.h"

#include <algorithm>

#include "firn/common/macros.h"
#include "firn/iceberg/data/parquet_schema.h"
#include "firn/iceberg/scan/column_adapter.h"
#include "firn/iceberg/scan/delete_file_index.h"
#include "firn/iceberg/scan/equality_key.h"
#include "firn/parquet/reader/file_reader.h"

namespace firn::iceberg {
namespace {

Result<std::unique_ptr<parquet::FileReader>> OpenDeleteFile(io::FileIO& io, const DataFile& del,
                                                            const std::string& location,
                                                            const parquet::ReaderOptions& options) {
  if (del.file_format != FileFormat::kParquet) {
    return NotSupported("delete file {}: {} delete files are not supported", location,
                        FileFormatName(del.file_format));
  }
  FIRN_ASSIGN_OR_RETURN_CTX(auto in, io.OpenInputFile(FilePath(location)),
                            fmt::format("delete file {}", location));
  FIRN_ASSIGN_OR_RETURN_CTX(auto reader, parquet::FileReader::Open(std::move(in), options),
                            fmt::format("delete file {}", location));
  return reader;
}

const parquet::SchemaNode* TopLevelById(const parquet::Schema& schema, int32_t id) {
  for (const auto& c : schema.root().children) {
    if (c.field_id == id) return &c;
  }
  return nullptr;
}

}  // namespace

int64_t DeleteLoader::files_read() const {
  std::lock_guard lock(mu_);
  return files_read_;
}

Result<std::shared_ptr<const DeleteLoader::PositionMap>> DeleteLoader::LoadPositions(
    const DataFile& del, const std::string& location) {
  {
    std::lock_guard lock(mu_);
    auto it = positions_.find(location);
    if (it != positions_.end()) return it->second;
  }
  FIRN_ASSIGN_OR_RETURN(auto reader, OpenDeleteFile(io_, del, location, options_));
  const parquet::SchemaNode* path_node = TopLevelById(*reader->schema(), kDeleteFilePathFieldId);
  const parquet::SchemaNode* pos_node = TopLevelById(*reader->schema(), kDeletePosFieldId);
  if (path_node == nullptr || pos_node == nullptr || path_node->is_group || pos_node->is_group ||
      path_node->physical != parquet::PhysicalType::kByteArray ||
      pos_node->physical != parquet::PhysicalType::kInt64) {
    return Corrupt("position delete file {}: no file_path (string, field id {}) and pos (long, "
                   "field id {}) columns", location, kDeleteFilePathFieldId, kDeletePosFieldId);
  }
  auto map = std::make_shared<PositionMap>();
  FIRN_ASSIGN_OR_RETURN(parquet::Projection projection,
                        reader->Project({kDeleteFilePathFieldId, kDeletePosFieldId}));
  for (int g = 0; g < reader->num_row_groups(); ++g) {
    FIRN_ASSIGN_OR_RETURN_CTX(parquet::RecordBatch batch, reader->ReadRowGroup(g, projection),
                              fmt::format("position delete file {}", location));
    const parquet::ColumnVector& paths = batch.columns[0];
    const parquet::ColumnVector& pos = batch.columns[1];
    if (paths.HasNulls() || pos.HasNulls()) {
      return Corrupt("position delete file {}: null file_path or pos", location);
    }
    std::string_view last;
    std::vector<int64_t>* target = nullptr;
    for (int64_t i = 0; i < batch.num_rows; ++i) {
      std::string_view p = paths.BytesAt(i);
      if (target == nullptr || p != last) {
        target = &(*map)[std::string(p)];
        last = p;
      }
      target->push_back(pos.ValueAt<int64_t>(i));
    }
  }
  for (auto& [path, positions] : *map) {
    std::sort(positions.begin(), positions.end());
    positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
  }
  std::lock_guard lock(mu_);
  ++files_read_;
  auto [it, inserted] = positions_.emplace(location, std::move(map));
  return it->second;
}

Result<std::vector<int64_t>> DeleteLoader::Positions(const DataFile& del, const std::string& location,
                                                     const std::string& data_path) {
  FIRN_ASSIGN_OR_RETURN(std::shared_ptr<const PositionMap> map, LoadPositions(del, location));
  auto it = map->find(data_path);
  if (it == map->end()) return std::vector<int64_t>{};
  return it->second;
}

Result<std::shared_ptr<const EqualityDeleteSet>> DeleteLoader::EqualityKeys(const DataFile& del,
                                                                           const std::string& location,
                                                                           const Schema& schema) {
  {
    std::lock_guard lock(mu_);
    auto it = equality_.find(location);
    if (it != equality_.end()) return it->second;
  }
  std::vector<const NestedField*> fields;
  std::vector<parquet::SchemaNode> targets;
  for (int32_t id : del.equality_ids) {
    const NestedField* f = schema.FindField(FieldId(id));
    const SchemaFieldEntry* entry = schema.FindEntry(FieldId(id));
    if (f == nullptr || entry == nullptr || entry->parent_id.value() != 0 || !f->type.is_primitive()) {
      return NotSupported("equality delete file {}: equality field id {} is not a top-level primitive "
                          "column of schema {}", location, id, schema.schema_id());
    }
    FIRN_ASSIGN_OR_RETURN(parquet::SchemaNode node, ToParquetNode(*f));
    fields.push_back(f);
    targets.push_back(std::move(node));
  }
  FIRN_ASSIGN_OR_RETURN(auto reader, OpenDeleteFile(io_, del, location, options_));
  for (int32_t id : del.equality_ids) {
    if (TopLevelById(*reader->schema(), id) == nullptr) {
      return Corrupt("equality delete file {} has no column with equality field id {}", location, id);
    }
  }
  FIRN_ASSIGN_OR_RETURN(parquet::Projection projection, reader->Project(del.equality_ids));
  auto set = std::make_shared<EqualityDeleteSet>();
  set->field_ids = del.equality_ids;
  std::string key;
  for (int g = 0; g < reader->num_row_groups(); ++g) {
    FIRN_ASSIGN_OR_RETURN_CTX(parquet::RecordBatch batch, reader->ReadRowGroup(g, projection),
                              fmt::format("equality delete file {}", location));
    std::vector<parquet::ColumnVector> adapted;
    for (size_t i = 0; i < fields.size(); ++i) {
      FIRN_ASSIGN_OR_RETURN_CTX(
          parquet::ColumnVector v,
          AdaptColumn(*fields[i], targets[i], projection.schema->root().children[i],
                      std::move(batch.columns[i]), fields[i]->name),
          fmt::format("equality delete file {}", location));
      adapted.push_back(std::move(v));
    }
    std::vector<KeyColumn> columns;
    for (size_t i = 0; i < fields.size(); ++i) columns.push_back({&targets[i], &adapted[i]});
    for (int64_t r = 0; r < batch.num_rows; ++r) {
      key.clear();
      AppendEqualityKey(columns, r, &key);
      set->keys.insert(key);
    }
  }
  std::lock_guard lock(mu_);
  ++files_read_;
  auto [it, inserted] = equality_.emplace(location, std::move(set));
  return it->second;
}

}  // namespace firn::iceberg
