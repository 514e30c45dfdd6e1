// Shared helpers of the metadata_thrift tests: a realistic footer and (de)serialising to
// bytes.
#pragma once

#include "firn/parquet/format/metadata_thrift.h"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "firn/parquet/format/compact_protocol.h"

namespace firn::parquet {
namespace {

using namespace format;  // NOLINT: the spec structs
using Bytes = std::vector<uint8_t>;

Bytes ToBytes(const Buffer& b) { return Bytes(b.data(), b.data() + b.size()); }

template <typename T>
Bytes SerializeToBytes(const T& v) {
  Buffer buf;
  Serialize(v, &buf);
  return ToBytes(buf);
}

SchemaElement Group(std::string name, int32_t children, std::optional<int32_t> field_id,
                    std::optional<FieldRepetitionType> rep = FieldRepetitionType::OPTIONAL) {
  SchemaElement e;
  e.name = std::move(name);
  e.num_children = children;
  e.repetition_type = rep;
  e.field_id = field_id;
  return e;
}

SchemaElement Leaf(std::string name, Type type, int32_t field_id, FieldRepetitionType rep,
                   std::optional<LogicalType> logical = std::nullopt) {
  SchemaElement e;
  e.name = std::move(name);
  e.type = type;
  e.repetition_type = rep;
  e.field_id = field_id;
  e.logicalType = std::move(logical);
  return e;
}

Statistics Stats(std::string min, std::string max, int64_t nulls) {
  Statistics s;
  s.min_value = std::move(min);
  s.max_value = std::move(max);
  s.null_count = nulls;
  s.is_min_value_exact = true;
  s.is_max_value_exact = false;
  return s;
}

ColumnChunk Chunk(std::vector<std::string> path, Type type, int64_t offset, Statistics stats) {
  ColumnMetaData md;
  md.type = type;
  md.encodings = {Encoding::PLAIN, Encoding::RLE, Encoding::RLE_DICTIONARY};
  md.path_in_schema = std::move(path);
  md.codec = CompressionCodec::ZSTD;
  md.num_values = 1000;
  md.total_uncompressed_size = 40000;
  md.total_compressed_size = 12345;
  md.data_page_offset = offset + 100;
  md.dictionary_page_offset = offset;
  md.statistics = std::move(stats);
  md.encoding_stats = {{PageType::DICTIONARY_PAGE, Encoding::PLAIN, 1},
                       {PageType::DATA_PAGE, Encoding::RLE_DICTIONARY, 3}};
  ColumnChunk c;
  c.file_offset = 0;
  c.meta_data = std::move(md);
  c.offset_index_offset = offset + 50000;
  c.offset_index_length = 37;
  return c;
}

// A footer like one firn writes for an Iceberg table: nested struct, a 3-level list,
// field ids, logical types, two row groups with statistics.
FileMetaData MakeFileMetaData() {
  using R = FieldRepetitionType;
  FileMetaData m;
  m.version = 2;
  m.schema = {
      Group("table", 7, std::nullopt, std::nullopt),
      Leaf("id", Type::INT64, 1, R::REQUIRED, IntType{64, true}),
      Leaf("ts", Type::INT64, 2, R::REQUIRED, TimestampType{true, TimeUnit::MICROS}),
      Leaf("name", Type::BYTE_ARRAY, 3, R::OPTIONAL, StringType{}),
      Leaf("amount", Type::FIXED_LEN_BYTE_ARRAY, 4, R::OPTIONAL, DecimalType{2, 18}),
      Leaf("day", Type::INT32, 5, R::OPTIONAL, DateType{}),
      Group("location", 2, 6),
      Leaf("lat", Type::DOUBLE, 7, R::OPTIONAL),
      Leaf("lon", Type::DOUBLE, 8, R::OPTIONAL),
      Group("tags", 1, 9),
      Group("list", 1, std::nullopt, R::REPEATED),
      Leaf("element", Type::BYTE_ARRAY, 10, R::OPTIONAL, StringType{}),
  };
  m.schema[0].num_children = 7;
  m.schema[4].type_length = 8;
  m.schema[4].converted_type = ConvertedType::DECIMAL;
  m.schema[4].scale = 2;
  m.schema[4].precision = 18;
  m.schema[9].logicalType = ListType{};
  m.schema[9].converted_type = ConvertedType::LIST;

  for (int rg = 0; rg < 2; ++rg) {
    RowGroup g;
    const int64_t base = 4 + rg * 1000000;
    g.columns = {
        Chunk({"id"}, Type::INT64, base, Stats(std::string(8, '\0'), std::string(8, '\x7f'), 0)),
        Chunk({"ts"}, Type::INT64, base + 1000, Stats("\x01\x02", "\x03\x04", 0)),
        Chunk({"name"}, Type::BYTE_ARRAY, base + 2000, Stats("alice", "zoe", 17)),
        Chunk({"location", "lat"}, Type::DOUBLE, base + 3000, Stats("", "", 1000)),
        Chunk({"tags", "list", "element"}, Type::BYTE_ARRAY, base + 4000, Stats("a", "b", 3)),
    };
    g.columns[2].meta_data->key_value_metadata = std::vector<KeyValue>{{"k", "v"}, {"only", {}}};
    g.columns[3].meta_data->bloom_filter_offset = base + 999;
    g.columns[3].meta_data->bloom_filter_length = 1024;
    g.total_byte_size = 200000 + rg;
    g.num_rows = 1000;
    g.file_offset = base;
    g.total_compressed_size = 61725;
    g.ordinal = static_cast<int16_t>(rg);
    g.sorting_columns = std::vector<SortingColumn>{{1, false, true}};
    m.row_groups.push_back(std::move(g));
  }
  m.num_rows = 2000;
  m.key_value_metadata = std::vector<KeyValue>{{"iceberg.schema", R"({"type":"struct"})"}};
  m.created_by = "firn version 0.1.0";
  m.column_orders = std::vector<ColumnOrder>(5, ColumnOrder::TYPE_ORDER);
  return m;
}

}  // namespace
}  // namespace firn::parquet
