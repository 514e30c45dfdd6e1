// Round trips, byte-exact encodings, forward compatibility and damaged input for the
// Parquet metadata structs (format/metadata_thrift.h).
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

TEST(MetadataThriftTest, FileMetaDataRoundTrip) {
  const FileMetaData m = MakeFileMetaData();
  const Bytes bytes = SerializeToBytes(m);
  auto back = DeserializeFileMetaData(bytes);
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  EXPECT_EQ(*back, m);
  EXPECT_EQ(SerializeToBytes(*back), bytes);
}

TEST(MetadataThriftTest, EveryLogicalTypeRoundTrips) {
  const std::vector<LogicalType> types = {
      StringType{}, MapType{}, ListType{}, EnumType{}, DecimalType{3, 9}, DateType{},
      TimeType{false, TimeUnit::MILLIS}, TimeType{true, TimeUnit::NANOS},
      TimestampType{false, TimeUnit::MICROS}, IntType{8, false}, IntType{-1, true}, NullType{},
      JsonType{}, BsonType{}, UUIDType{}, Float16Type{}, UnknownLogicalType{16}};
  FileMetaData m;
  m.schema.push_back(Group("root", static_cast<int32_t>(types.size()), std::nullopt));
  for (size_t i = 0; i < types.size(); ++i) {
    m.schema.push_back(Leaf("c" + std::to_string(i), Type::INT32, static_cast<int32_t>(i),
                            FieldRepetitionType::OPTIONAL, types[i]));
  }
  auto back = DeserializeFileMetaData(SerializeToBytes(m));
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  EXPECT_EQ(*back, m);
}

TEST(MetadataThriftTest, PageHeadersRoundTrip) {
  PageHeader v1;
  v1.type = PageType::DATA_PAGE;
  v1.uncompressed_page_size = 1 << 20;
  v1.compressed_page_size = 300000;
  v1.crc = -12345;
  v1.data_page_header = DataPageHeader{1000, Encoding::RLE_DICTIONARY, Encoding::RLE,
                                       Encoding::RLE, Stats("a", "z", 5)};
  PageHeader v2;
  v2.type = PageType::DATA_PAGE_V2;
  v2.uncompressed_page_size = 5000;
  v2.compressed_page_size = 4000;
  v2.data_page_header_v2 =
      DataPageHeaderV2{1000, 10, 900, Encoding::DELTA_BINARY_PACKED, 120, 80, false, {}};
  PageHeader dict;
  dict.type = PageType::DICTIONARY_PAGE;
  dict.uncompressed_page_size = 77;
  dict.compressed_page_size = 77;
  dict.dictionary_page_header = DictionaryPageHeader{12, Encoding::PLAIN, true};
  for (const PageHeader& h : {v1, v2, dict}) {
    Bytes bytes = SerializeToBytes(h);
    const size_t header_size = bytes.size();
    bytes.insert(bytes.end(), 100, 0xEE);  // page data follows the header
    size_t consumed = 0;
    auto back = DeserializePageHeader(bytes, &consumed);
    ASSERT_TRUE(back.has_value()) << back.error().ToString();
    EXPECT_EQ(*back, h);
    EXPECT_EQ(consumed, header_size);
  }
}

TEST(MetadataThriftTest, SmallPageHeaderIsByteExact) {
  PageHeader h;
  h.type = PageType::DATA_PAGE;
  h.uncompressed_page_size = 100;
  h.compressed_page_size = 50;
  h.data_page_header = DataPageHeader{10, Encoding::PLAIN, Encoding::RLE, Encoding::RLE, {}};
  const Bytes expected = {
      0x15, 0x00,        // 1: type, i32 0
      0x15, 0xC8, 0x01,  // 2: uncompressed_page_size, zigzag(100) = 200
      0x15, 0x64,        // 3: compressed_page_size, zigzag(50) = 100
      0x2C,              // 5: data_page_header, delta 2, struct
      0x15, 0x14,        //   1: num_values, zigzag(10) = 20
      0x15, 0x00,        //   2: encoding PLAIN
      0x15, 0x06,        //   3: definition_level_encoding RLE = 3
      0x15, 0x06,        //   4: repetition_level_encoding RLE = 3
      0x00,              //   stop
      0x00,              // stop
  };
  EXPECT_EQ(SerializeToBytes(h), expected);

  h.crc = -1;
  const Bytes with_crc = {0x15, 0x00, 0x15, 0xC8, 0x01, 0x15, 0x64,
                          0x15, 0x01,  // 4: crc, zigzag(-1) = 1
                          0x1C,        // 5: now delta 1
                          0x15, 0x14, 0x15, 0x00, 0x15, 0x06, 0x15, 0x06, 0x00, 0x00};
  EXPECT_EQ(SerializeToBytes(h), with_crc);
}

TEST(MetadataThriftTest, DictionaryPageHeaderAndColumnIndexAreByteExact) {
  PageHeader h;
  h.type = PageType::DICTIONARY_PAGE;
  h.uncompressed_page_size = 8;
  h.compressed_page_size = 8;
  h.dictionary_page_header = DictionaryPageHeader{2, Encoding::PLAIN, false};
  EXPECT_EQ(SerializeToBytes(h), (Bytes{0x15, 0x04, 0x15, 0x10, 0x15, 0x10,
                                        0x4C,              // 7: delta 4, struct
                                        0x15, 0x04,        //   num_values 2
                                        0x15, 0x00,        //   PLAIN
                                        0x12,              //   3: is_sorted false (type 2)
                                        0x00, 0x00}));

  ColumnIndex ci;
  ci.null_pages = {true, false};
  ci.min_values = {"a", ""};
  ci.max_values = {"z", ""};
  ci.boundary_order = BoundaryOrder::ASCENDING;
  ci.null_counts = std::vector<int64_t>{0, 5};
  EXPECT_EQ(SerializeToBytes(ci),
            (Bytes{0x19, 0x21, 0x01, 0x02,              // 1: list<bool> {true, false}
                   0x19, 0x28, 0x01, 'a', 0x00,         // 2: list<binary> {"a", ""}
                   0x19, 0x28, 0x01, 'z', 0x00,         // 3: list<binary> {"z", ""}
                   0x15, 0x02,                          // 4: ASCENDING
                   0x19, 0x26, 0x00, 0x0A,              // 5: list<i64> {0, 5}
                   0x00}));
}

TEST(MetadataThriftTest, PageIndexRoundTrips) {
  OffsetIndex oi;
  oi.page_locations = {{4, 100, 0}, {104, 2000, 500}, {2104, 9, 1000}};
  oi.unencoded_byte_array_data_bytes = std::vector<int64_t>{10, 20, 30};
  auto oi_back = DeserializeOffsetIndex(SerializeToBytes(oi));
  ASSERT_TRUE(oi_back.has_value()) << oi_back.error().ToString();
  EXPECT_EQ(*oi_back, oi);

  ColumnIndex ci;
  for (int i = 0; i < 40; ++i) {  // long-form list headers
    ci.null_pages.push_back(i % 3 == 0);
    ci.min_values.push_back(i % 3 == 0 ? "" : std::string(i, 'a'));
    ci.max_values.push_back(i % 3 == 0 ? "" : std::string(i, 'z'));
  }
  ci.boundary_order = BoundaryOrder::UNORDERED;
  ci.definition_level_histograms = std::vector<int64_t>(80, 7);
  auto ci_back = DeserializeColumnIndex(SerializeToBytes(ci));
  ASSERT_TRUE(ci_back.has_value()) << ci_back.error().ToString();
  EXPECT_EQ(*ci_back, ci);
}

TEST(MetadataThriftTest, UnknownEnumValuesAreKeptNotCast) {
  PageHeader h;
  h.type = static_cast<PageType>(42);
  h.dictionary_page_header = DictionaryPageHeader{1, static_cast<Encoding>(-7), {}};
  size_t consumed = 0;
  auto back = DeserializePageHeader(SerializeToBytes(h), &consumed);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(static_cast<int32_t>(back->type), 42);
  EXPECT_FALSE(IsKnown(back->type));
  EXPECT_EQ(ToString(back->dictionary_page_header->encoding), "UNKNOWN");
  EXPECT_TRUE(IsKnown(Encoding::BYTE_STREAM_SPLIT));
  EXPECT_FALSE(IsKnown(static_cast<Encoding>(1)));  // GROUP_VAR_INT was never used
  EXPECT_EQ(ToString(ConvertedType::INTERVAL), "INTERVAL");
}

// ---- forward compatibility ----

// Writes 15 fields with ids first_id.. of every compact type, as a newer writer might.
void WriteUnknownFields(CompactWriter& w, int16_t first_id) {
  int16_t id = first_id;
  w.WriteBoolField(id++, true);
  w.WriteBoolField(id++, false);
  w.WriteFieldHeader(CompactType::kI8, id++);
  w.WriteI8(-3);
  w.WriteFieldHeader(CompactType::kI16, id++);
  w.WriteI16(1000);
  w.WriteFieldHeader(CompactType::kI32, id++);
  w.WriteI32(-100000);
  w.WriteFieldHeader(CompactType::kI64, id++);
  w.WriteI64(1LL << 50);
  w.WriteFieldHeader(CompactType::kDouble, id++);
  w.WriteDouble(2.5);
  w.WriteFieldHeader(CompactType::kBinary, id++);
  w.WriteString("from the future");
  w.WriteFieldHeader(CompactType::kList, id++);
  w.WriteListBegin(CompactType::kI32, 20);
  for (int i = 0; i < 20; ++i) w.WriteI32(i);
  w.WriteFieldHeader(CompactType::kSet, id++);
  w.WriteSetBegin(CompactType::kBinary, 1);
  w.WriteString("x");
  w.WriteFieldHeader(CompactType::kMap, id++);
  w.WriteMapBegin(CompactType::kBinary, CompactType::kStruct, 1);
  w.WriteString("key");
  w.WriteStructBegin();
  w.WriteFieldHeader(CompactType::kList, 1);
  w.WriteListBegin(CompactType::kStruct, 1);
  w.WriteStructBegin();
  w.WriteBoolField(1, true);
  w.WriteStructEnd();
  w.WriteStructEnd();
  w.WriteFieldHeader(CompactType::kStruct, id++);
  w.WriteStructBegin();
  w.WriteFieldHeader(CompactType::kI64, 3);
  w.WriteI64(7);
  w.WriteStructEnd();
  w.WriteFieldHeader(CompactType::kUuid, id++);
  w.WriteRaw(Bytes(16, 0x42));
  w.WriteFieldHeader(CompactType::kList, id++);
  w.WriteListBegin(CompactType::kBoolTrue, 2);
  w.WriteBool(false);
  w.WriteBool(true);
  w.WriteFieldHeader(CompactType::kMap, id++);
  w.WriteMapBegin(CompactType::kI32, CompactType::kI32, 0);
}

TEST(MetadataThriftTest, UnknownFieldsOfEveryTypeAreSkipped) {
  Buffer buf;
  CompactWriter w(&buf);
  w.WriteStructBegin();
  WriteUnknownFields(w, 20);  // before the known fields
  w.WriteFieldHeader(CompactType::kI32, 1);
  w.WriteI32(0);
  w.WriteFieldHeader(CompactType::kI32, 2);
  w.WriteI32(100);
  w.WriteFieldHeader(CompactType::kI32, 3);
  w.WriteI32(50);
  w.WriteFieldHeader(CompactType::kStruct, 5);
  w.WriteStructBegin();
  for (int16_t id = 1; id <= 4; ++id) {
    w.WriteFieldHeader(CompactType::kI32, id);
    w.WriteI32(id == 1 ? 10 : 3);
  }
  w.WriteFieldHeader(CompactType::kStruct, 5);  // statistics
  w.WriteStructBegin();
  w.WriteFieldHeader(CompactType::kI64, 3);
  w.WriteI64(4);
  WriteUnknownFields(w, 10);
  w.WriteStructEnd();
  WriteUnknownFields(w, 6);  // DataPageHeader fields 6..20
  w.WriteStructEnd();
  WriteUnknownFields(w, 300);  // long-form ids
  w.WriteStructEnd();

  PageHeader expected;
  expected.uncompressed_page_size = 100;
  expected.compressed_page_size = 50;
  expected.data_page_header = DataPageHeader{10, Encoding::RLE, Encoding::RLE, Encoding::RLE, {}};
  expected.data_page_header->statistics.emplace().null_count = 4;
  size_t consumed = 0;
  auto back = DeserializePageHeader(buf.span(), &consumed);
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  EXPECT_EQ(*back, expected);
  EXPECT_EQ(consumed, buf.size());
}

TEST(MetadataThriftTest, NewerFooterFieldsAreSkippedOrKept) {
  Buffer buf;
  CompactWriter w(&buf);
  w.WriteStructBegin();
  w.WriteFieldHeader(CompactType::kI32, 1);
  w.WriteI32(1);
  w.WriteFieldHeader(CompactType::kList, 2);
  w.WriteListBegin(CompactType::kStruct, 1);
  w.WriteStructBegin();
  w.WriteFieldHeader(CompactType::kBinary, 4);
  w.WriteString("v");
  w.WriteFieldHeader(CompactType::kStruct, 10);  // logicalType VARIANT (16), with content
  w.WriteStructBegin();
  w.WriteFieldHeader(CompactType::kStruct, 16);
  w.WriteStructBegin();
  w.WriteFieldHeader(CompactType::kI8, 1);
  w.WriteI8(1);
  w.WriteStructEnd();
  w.WriteStructEnd();
  w.WriteFieldHeader(CompactType::kI32, 11);  // vector_length
  w.WriteI32(3);
  w.WriteStructEnd();
  w.WriteFieldHeader(CompactType::kI64, 3);
  w.WriteI64(0);
  w.WriteFieldHeader(CompactType::kList, 4);
  w.WriteListBegin(CompactType::kStruct, 0);
  w.WriteFieldHeader(CompactType::kStruct, 8);  // encryption_algorithm: kept raw
  w.WriteStructBegin();
  w.WriteFieldHeader(CompactType::kStruct, 1);
  w.WriteStructBegin();
  w.WriteFieldHeader(CompactType::kBinary, 1);
  w.WriteString("aad");
  w.WriteStructEnd();
  w.WriteStructEnd();
  WriteUnknownFields(w, 10);
  w.WriteStructEnd();

  auto back = DeserializeFileMetaData(buf.span());
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  EXPECT_EQ(back->version, 1);
  ASSERT_EQ(back->schema.size(), 1u);
  EXPECT_EQ(back->schema[0].name, "v");
  EXPECT_EQ(back->schema[0].logicalType, LogicalType(UnknownLogicalType{16}));
  EXPECT_TRUE(back->row_groups.empty());
  // The raw struct: field 1 struct {field 1 binary "aad"}, stops.
  EXPECT_EQ(back->encryption_algorithm,
            std::string("\x1c\x18\x03" "aad" "\x00\x00", 8));
  auto again = DeserializeFileMetaData(SerializeToBytes(*back));
  ASSERT_TRUE(again.has_value()) << again.error().ToString();
  EXPECT_EQ(*again, *back);
}

TEST(MetadataThriftTest, ListOfBoolWithSpecElementType) {
  // null_pages as list<bool> with element type 2 and false as 0 (the spec's spelling).
  const Bytes bytes = {0x19, 0x32, 0x01, 0x00, 0x02, 0x19, 0x08, 0x19, 0x08, 0x15, 0x00, 0x00};
  auto ci = DeserializeColumnIndex(bytes);
  ASSERT_TRUE(ci.has_value()) << ci.error().ToString();
  EXPECT_EQ(ci->null_pages, (std::vector<bool>{true, false, false}));
}

// ---- damaged input ----

template <typename T>
void ExpectCorrupt(const Result<T>& r, std::string_view fragment) {
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind(), ErrorKind::kCorrupt) << r.error().ToString();
  EXPECT_NE(r.error().message().find(fragment), std::string::npos) << r.error().ToString();
}

TEST(MetadataThriftTest, MissingRequiredFieldsNameStructAndField) {
  size_t consumed = 0;
  // type and compressed_page_size only.
  ExpectCorrupt(DeserializePageHeader(Bytes{0x15, 0x00, 0x25, 0x02, 0x00}, &consumed),
                "PageHeader.uncompressed_page_size (field 2) is required");
  // An empty footer struct lacks everything.
  ExpectCorrupt(DeserializeFileMetaData(Bytes{0x00}), "FileMetaData.version");
  // ColumnMetaData without data_page_offset, reported with its nesting.
  Buffer buf;
  CompactWriter w(&buf);
  w.WriteStructBegin();
  w.WriteFieldHeader(CompactType::kI32, 1);
  w.WriteI32(1);
  w.WriteFieldHeader(CompactType::kList, 2);
  w.WriteListBegin(CompactType::kStruct, 0);
  w.WriteFieldHeader(CompactType::kI64, 3);
  w.WriteI64(0);
  w.WriteFieldHeader(CompactType::kList, 4);
  w.WriteListBegin(CompactType::kStruct, 1);
  w.WriteStructBegin();  // RowGroup
  w.WriteFieldHeader(CompactType::kList, 1);
  w.WriteListBegin(CompactType::kStruct, 1);
  w.WriteStructBegin();  // ColumnChunk
  w.WriteFieldHeader(CompactType::kI64, 2);
  w.WriteI64(0);
  w.WriteFieldHeader(CompactType::kStruct, 3);
  w.WriteStructBegin();  // ColumnMetaData with fields 1..7 only
  w.WriteFieldHeader(CompactType::kI32, 1);
  w.WriteI32(1);
  w.WriteFieldHeader(CompactType::kList, 2);
  w.WriteListBegin(CompactType::kI32, 0);
  w.WriteFieldHeader(CompactType::kList, 3);
  w.WriteListBegin(CompactType::kBinary, 0);
  w.WriteFieldHeader(CompactType::kI32, 4);
  w.WriteI32(0);
  for (int16_t id = 5; id <= 7; ++id) {
    w.WriteFieldHeader(CompactType::kI64, id);
    w.WriteI64(0);
  }
  w.WriteStructEnd();
  w.WriteStructEnd();
  w.WriteStructEnd();
  w.WriteStructEnd();
  auto r = DeserializeFileMetaData(buf.span());
  ExpectCorrupt(r, "FileMetaData field 4: RowGroup field 1: ColumnChunk field 3: "
                   "ColumnMetaData.data_page_offset (field 9) is required");
}

TEST(MetadataThriftTest, WrongWireTypesAndBadUnionsAreCorrupt) {
  size_t consumed = 0;
  ExpectCorrupt(DeserializePageHeader(Bytes{0x18, 0x00, 0x00}, &consumed),
                "has wire type binary, expected i32");
  // A LogicalType with no member, and with two.
  auto schema_with_logical = [](std::string_view logical) {
    std::string b = "\x15\x02\x19\x1C\x48\x01x\x6C";  // ..., 4: name "x", 10: logical
    b += logical;
    b += std::string("\x00\x16\x00\x19\x0C\x00", 6);  // stop, num_rows, row_groups
    return Bytes(b.begin(), b.end());
  };
  ExpectCorrupt(DeserializeFileMetaData(schema_with_logical(std::string_view("\0", 1))), "0 members set");
  ExpectCorrupt(DeserializeFileMetaData(schema_with_logical(std::string_view("\x1C\0\x1C\0\0", 5))),
                "2 members set");
  auto ok = DeserializeFileMetaData(schema_with_logical(std::string_view("\x1C\0\0", 3)));
  ASSERT_TRUE(ok.has_value()) << ok.error().ToString();
  EXPECT_EQ(ok->schema[0].logicalType, LogicalType(StringType{}));
}

TEST(MetadataThriftTest, TruncationAtEveryOffsetFails) {
  const Bytes footer = SerializeToBytes(MakeFileMetaData());
  for (size_t n = 0; n < footer.size(); ++n) {
    auto r = DeserializeFileMetaData(std::span<const uint8_t>(footer).first(n));
    ASSERT_FALSE(r.has_value()) << "prefix of " << n << " bytes parsed";
    // Running out of input is kOutOfRange, whatever was being read.
    EXPECT_EQ(r.error().kind(), ErrorKind::kOutOfRange) << n << ": " << r.error().ToString();
  }
  PageHeader h;
  h.uncompressed_page_size = 1 << 20;
  h.compressed_page_size = 1 << 19;
  h.data_page_header = DataPageHeader{1000, Encoding::PLAIN, Encoding::RLE, Encoding::RLE,
                                      Stats("min", "max", 2)};
  const Bytes header = SerializeToBytes(h);
  for (size_t n = 0; n < header.size(); ++n) {
    size_t consumed = 0;
    auto r = DeserializePageHeader(std::span<const uint8_t>(header).first(n), &consumed);
    ASSERT_FALSE(r.has_value()) << n;
    EXPECT_EQ(r.error().kind(), ErrorKind::kOutOfRange) << n << ": " << r.error().ToString();
  }
}

// Flips random bytes: the result may parse or not, but must not crash, hang or leak
// (run under ASan/UBSan), and whatever parses must re-serialize to an equal value.
template <typename T, typename Deserialize>
void FuzzFlips(const Bytes& good, Deserialize&& deserialize, uint32_t seed, int trials) {
  std::mt19937 rng(seed);
  int parsed = 0;
  for (int t = 0; t < trials; ++t) {
    Bytes bad = good;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) {
      bad[rng() % bad.size()] ^= static_cast<uint8_t>(1 + rng() % 255);
    }
    if (rng() % 4 == 0) bad.resize(rng() % bad.size());
    Result<T> r = deserialize(bad);
    if (!r.has_value()) continue;
    ++parsed;
    Result<T> again = deserialize(SerializeToBytes(*r));
    ASSERT_TRUE(again.has_value()) << "trial " << t << ": " << again.error().ToString();
    EXPECT_EQ(*again, *r) << "trial " << t;
  }
  testing::Test::RecordProperty("parsed_seed_" + std::to_string(seed), parsed);
}

TEST(MetadataThriftTest, RandomByteFlipsNeverCrash) {
  FuzzFlips<FileMetaData>(
      SerializeToBytes(MakeFileMetaData()),
      [](std::span<const uint8_t> b) { return DeserializeFileMetaData(b); }, 20240601, 5000);
  PageHeader h;
  h.type = PageType::DATA_PAGE_V2;
  h.crc = 77;
  h.data_page_header_v2 = DataPageHeaderV2{9, 1, 9, Encoding::PLAIN, 2, 0, true,
                                           Stats("lo", "hi", 1)};
  FuzzFlips<PageHeader>(
      SerializeToBytes(h),
      [](std::span<const uint8_t> b) {
        size_t consumed = 0;
        return DeserializePageHeader(b, &consumed);
      },
      7, 3000);
  ColumnIndex ci;
  ci.null_pages = {false, true, false};
  ci.min_values = {"a", "", "c"};
  ci.max_values = {"b", "", "d"};
  ci.null_counts = std::vector<int64_t>{0, 10, 0};
  FuzzFlips<ColumnIndex>(
      SerializeToBytes(ci), [](std::span<const uint8_t> b) { return DeserializeColumnIndex(b); },
      11, 2000);
}

TEST(MetadataThriftTest, AbsurdListLengthsFailWithoutAllocating) {
  // version 2, then schema as list<struct> claiming 2^31-1 elements.
  auto r = DeserializeFileMetaData(Bytes{0x15, 0x04, 0x19, 0xFC, 0xFF, 0xFF, 0xFF, 0xFF, 0x07,
                                         0x00, 0x00, 0x00});
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message().find("claims 2147483647 elements"), std::string::npos)
      << r.error().ToString();
  // row_groups claiming a billion elements (after a valid schema of one element).
  r = DeserializeFileMetaData(Bytes{0x15, 0x04, 0x19, 0x1C, 0x48, 0x01, 'x', 0x00, 0x16, 0x00,
                                    0x19, 0xFC, 0x80, 0x94, 0xEB, 0xDC, 0x03, 0x00});
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message().find("claims 1000000000 elements"), std::string::npos)
      << r.error().ToString();
  // ColumnIndex.null_counts as list<i64> claiming 2^31-1 elements.
  auto ci = DeserializeColumnIndex(Bytes{0x19, 0x01, 0x19, 0x08, 0x19, 0x08, 0x15, 0x00, 0x19,
                                         0xF6, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x00});
  ASSERT_FALSE(ci.has_value());
  EXPECT_NE(ci.error().message().find("claims 2147483647 elements"), std::string::npos)
      << ci.error().ToString();
}

TEST(MetadataThriftTest, OverDeepNestingFails) {
  Bytes bytes = {0x15, 0x04, 0xEC};  // version, then unknown field 15: a struct
  bytes.insert(bytes.end(), 200, 0x1C);  // each holding a struct as field 1
  bytes.insert(bytes.end(), 202, 0x00);
  ExpectCorrupt(DeserializeFileMetaData(bytes), "deeper than 64");
  Bytes lists = {0x15, 0x04, 0xE9};  // unknown field 15: list<list<list<...>>>
  lists.insert(lists.end(), 200, 0x19);
  ExpectCorrupt(DeserializeFileMetaData(lists), "deeper than 64");
}

}  // namespace
}  // namespace firn::parquet
