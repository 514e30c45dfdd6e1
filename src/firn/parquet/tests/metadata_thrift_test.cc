// Round trips, byte-exact encodings, forward compatibility and damaged input for the
// Parquet metadata structs (format/metadata_thrift.h).
#include "firn/parquet/format/metadata_thrift.h"
#include "metadata_thrift_test_util.h"

#include <random>

namespace firn::parquet {
namespace {

using namespace format;  // NOLINT: the spec structs

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

}  // namespace
}  // namespace firn::parquet
