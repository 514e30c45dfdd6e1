// Damaged input for the Parquet metadata deserialisers: missing fields, wrong wire types,
// truncation at every offset, random byte flips, absurd lengths and deep nesting.
#include "firn/parquet/format/metadata_thrift.h"
#include "metadata_thrift_test_util.h"

#include <random>

namespace firn::parquet {
namespace {

using namespace format;  // NOLINT: the spec structs

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
