// Byte-exact tests of the Thrift compact protocol. Every expected byte below is worked out
// by hand from apache/thrift doc/specs/thrift-compact-protocol.md, not from our writer.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "firn/common/buffer.h"
#include "firn/parquet/format/compact_protocol.h"

namespace firn::parquet {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes ToBytes(const Buffer& b) { return Bytes(b.data(), b.data() + b.size()); }

// Runs `fn` on a fresh writer and returns what it wrote.
template <typename Fn>
Bytes Encode(Fn&& fn) {
  Buffer buf;
  CompactWriter w(&buf);
  fn(w);
  return ToBytes(buf);
}

TEST(CompactProtocolTest, ZigZagVarintsI32) {
  // zigzag: 0 -> 0, -1 -> 1, 1 -> 2, -2 -> 3, 2 -> 4, 63 -> 126, -64 -> 127, 64 -> 128.
  EXPECT_EQ(Encode([](CompactWriter& w) { w.WriteI32(0); }), (Bytes{0x00}));
  EXPECT_EQ(Encode([](CompactWriter& w) { w.WriteI32(-1); }), (Bytes{0x01}));
  EXPECT_EQ(Encode([](CompactWriter& w) { w.WriteI32(1); }), (Bytes{0x02}));
  EXPECT_EQ(Encode([](CompactWriter& w) { w.WriteI32(-2); }), (Bytes{0x03}));
  EXPECT_EQ(Encode([](CompactWriter& w) { w.WriteI32(63); }), (Bytes{0x7E}));
  EXPECT_EQ(Encode([](CompactWriter& w) { w.WriteI32(-64); }), (Bytes{0x7F}));
  EXPECT_EQ(Encode([](CompactWriter& w) { w.WriteI32(64); }), (Bytes{0x80, 0x01}));
  // 150 -> 300 = 0b10_0101100 -> 0xAC 0x02.
  EXPECT_EQ(Encode([](CompactWriter& w) { w.WriteI32(150); }), (Bytes{0xAC, 0x02}));
  // INT32_MAX -> 0xFFFFFFFE; INT32_MIN -> 0xFFFFFFFF: five bytes, last holds 4 bits.
  EXPECT_EQ(Encode([](CompactWriter& w) { w.WriteI32(std::numeric_limits<int32_t>::max()); }),
            (Bytes{0xFE, 0xFF, 0xFF, 0xFF, 0x0F}));
  EXPECT_EQ(Encode([](CompactWriter& w) { w.WriteI32(std::numeric_limits<int32_t>::min()); }),
            (Bytes{0xFF, 0xFF, 0xFF, 0xFF, 0x0F}));
}

TEST(CompactProtocolTest, ZigZagVarintsI64I16I8) {
  EXPECT_EQ(Encode([](CompactWriter& w) { w.WriteI64(-1); }), (Bytes{0x01}));
  // -1000 -> 1999 = 0x7CF -> 0xCF 0x0F.
  EXPECT_EQ(Encode([](CompactWriter& w) { w.WriteI64(-1000); }), (Bytes{0xCF, 0x0F}));
  // INT64_MIN -> 2^64-1: nine 0xFF then 0x01 (10 bytes, the maximum).
  EXPECT_EQ(Encode([](CompactWriter& w) { w.WriteI64(std::numeric_limits<int64_t>::min()); }),
            (Bytes{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01}));
  EXPECT_EQ(Encode([](CompactWriter& w) { w.WriteI64(std::numeric_limits<int64_t>::max()); }),
            (Bytes{0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01}));
  // i16 -32768 -> 65535 -> 0xFF 0xFF 0x03.
  EXPECT_EQ(Encode([](CompactWriter& w) { w.WriteI16(-32768); }), (Bytes{0xFF, 0xFF, 0x03}));
  // i8 is a plain byte.
  EXPECT_EQ(Encode([](CompactWriter& w) { w.WriteI8(-1); }), (Bytes{0xFF}));
  // The spec's own example: 50399 -> 0xDF 0x89 0x03.
  EXPECT_EQ(Encode([](CompactWriter& w) { w.WriteVarint(50399); }), (Bytes{0xDF, 0x89, 0x03}));
}

TEST(CompactProtocolTest, DoubleIsLittleEndian) {
  // 1.0 = 0x3FF0000000000000, -2.5 = 0xC004000000000000.
  EXPECT_EQ(Encode([](CompactWriter& w) { w.WriteDouble(1.0); }),
            (Bytes{0, 0, 0, 0, 0, 0, 0xF0, 0x3F}));
  EXPECT_EQ(Encode([](CompactWriter& w) { w.WriteDouble(-2.5); }),
            (Bytes{0, 0, 0, 0, 0, 0, 0x04, 0xC0}));
}

TEST(CompactProtocolTest, BinaryHasVarintLength) {
  EXPECT_EQ(Encode([](CompactWriter& w) { w.WriteString("abc"); }),
            (Bytes{0x03, 'a', 'b', 'c'}));
  EXPECT_EQ(Encode([](CompactWriter& w) { w.WriteString(""); }), (Bytes{0x00}));
  Bytes long_form = Encode([](CompactWriter& w) { w.WriteString(std::string(200, 'x')); });
  ASSERT_EQ(long_form.size(), 202u);
  EXPECT_EQ(long_form[0], 0xC8);  // 200 = 0b1_1001000 -> 0xC8 0x01
  EXPECT_EQ(long_form[1], 0x01);
  EXPECT_EQ(long_form[2], 'x');
}

TEST(CompactProtocolTest, FieldHeaderDeltasShortAndLongForm) {
  Bytes got = Encode([](CompactWriter& w) {
    w.WriteStructBegin();
    w.WriteFieldHeader(CompactType::kI8, 1);  // delta 1: 0x13
    w.WriteI8(7);
    w.WriteFieldHeader(CompactType::kI8, 16);  // delta 15, the largest short form: 0xF3
    w.WriteI8(1);
    w.WriteFieldHeader(CompactType::kI8, 32);  // delta 16: long form 0x03, zigzag(32)=64
    w.WriteI8(2);
    w.WriteFieldHeader(CompactType::kI8, 5);  // negative delta: long form, zigzag(5)=10
    w.WriteI8(3);
    w.WriteFieldHeader(CompactType::kI8, 5);  // zero delta: long form again
    w.WriteI8(4);
    w.WriteFieldHeader(CompactType::kI8, 300);  // zigzag(300)=600 -> 0xD8 0x04
    w.WriteI8(5);
    w.WriteFieldHeader(CompactType::kI8, -1);  // zigzag(-1)=1
    w.WriteI8(6);
    w.WriteStructEnd();  // stop
  });
  EXPECT_EQ(got, (Bytes{0x13, 0x07, 0xF3, 0x01, 0x03, 0x40, 0x02, 0x03, 0x0A, 0x03, 0x03, 0x0A,
                        0x04, 0x03, 0xD8, 0x04, 0x05, 0x03, 0x01, 0x06, 0x00}));
}

TEST(CompactProtocolTest, BoolFieldsLiveInTheTypeNibble) {
  Bytes got = Encode([](CompactWriter& w) {
    w.WriteStructBegin();
    w.WriteBoolField(1, true);   // 0x11
    w.WriteBoolField(2, false);  // 0x12
    w.WriteBoolField(20, true);  // delta 18: 0x01 then zigzag(20)=40=0x28
    w.WriteStructEnd();
  });
  EXPECT_EQ(got, (Bytes{0x11, 0x12, 0x01, 0x28, 0x00}));
}

TEST(CompactProtocolTest, NestedStructsKeepTheirOwnFieldIdDeltas) {
  Bytes got = Encode([](CompactWriter& w) {
    w.WriteStructBegin();
    w.WriteFieldHeader(CompactType::kStruct, 1);  // 0x1C
    w.WriteStructBegin();
    w.WriteFieldHeader(CompactType::kI32, 10);  // inner delta 10: 0xA5
    w.WriteI32(5);                              // 0x0A
    w.WriteStructEnd();                         // 0x00
    w.WriteFieldHeader(CompactType::kI32, 2);  // outer delta 1 (from 1, not 10): 0x15
    w.WriteI32(1);                             // 0x02
    w.WriteStructEnd();
  });
  EXPECT_EQ(got, (Bytes{0x1C, 0xA5, 0x0A, 0x00, 0x15, 0x02, 0x00}));
}

TEST(CompactProtocolTest, ListAndSetHeaders) {
  // 3 x i32: 0x35, then 1 -> 0x02, -1 -> 0x01, 300 -> 600 -> 0xD8 0x04.
  EXPECT_EQ(Encode([](CompactWriter& w) {
              w.WriteListBegin(CompactType::kI32, 3);
              w.WriteI32(1);
              w.WriteI32(-1);
              w.WriteI32(300);
            }),
            (Bytes{0x35, 0x02, 0x01, 0xD8, 0x04}));
  EXPECT_EQ(Encode([](CompactWriter& w) { w.WriteListBegin(CompactType::kBinary, 0); }),
            (Bytes{0x08}));
  // 14 is the largest short-form size; 15 switches to 0xF? + varint.
  EXPECT_EQ(Encode([](CompactWriter& w) { w.WriteListBegin(CompactType::kI32, 14); }),
            (Bytes{0xE5}));
  EXPECT_EQ(Encode([](CompactWriter& w) { w.WriteListBegin(CompactType::kI32, 15); }),
            (Bytes{0xF5, 0x0F}));
  EXPECT_EQ(Encode([](CompactWriter& w) { w.WriteListBegin(CompactType::kStruct, 300); }),
            (Bytes{0xFC, 0xAC, 0x02}));
  EXPECT_EQ(Encode([](CompactWriter& w) { w.WriteSetBegin(CompactType::kI64, 2); }),
            (Bytes{0x26}));
  // list<bool> {true, false}: element type 1 (what Apache Thrift writes), elements 1 and 2.
  EXPECT_EQ(Encode([](CompactWriter& w) {
              w.WriteListBegin(CompactType::kBoolFalse, 2);
              w.WriteBool(true);
              w.WriteBool(false);
            }),
            (Bytes{0x21, 0x01, 0x02}));
}

TEST(CompactProtocolTest, MapHeaders) {
  EXPECT_EQ(Encode([](CompactWriter& w) {
              w.WriteMapBegin(CompactType::kBinary, CompactType::kI32, 0);
            }),
            (Bytes{0x00}));
  EXPECT_EQ(Encode([](CompactWriter& w) {
              w.WriteMapBegin(CompactType::kBinary, CompactType::kI32, 2);
            }),
            (Bytes{0x02, 0x85}));
}

TEST(CompactProtocolTest, ScalarsRoundTrip) {
  const std::vector<int64_t> values = {0, 1, -1, 63, -64, 64, 1 << 20, -(1LL << 40),
                                       std::numeric_limits<int64_t>::min(),
                                       std::numeric_limits<int64_t>::max()};
  Buffer buf;
  CompactWriter w(&buf);
  for (int64_t v : values) w.WriteI64(v);
  w.WriteI32(std::numeric_limits<int32_t>::min());
  w.WriteI16(-300);
  w.WriteI8(-128);
  w.WriteDouble(-0.125);
  w.WriteString("hello");
  w.WriteBool(true);
  w.WriteBool(false);

  CompactReader r(buf.span());
  for (int64_t v : values) EXPECT_EQ(*r.ReadI64(), v);
  EXPECT_EQ(*r.ReadI32(), std::numeric_limits<int32_t>::min());
  EXPECT_EQ(*r.ReadI16(), -300);
  EXPECT_EQ(*r.ReadI8(), -128);
  EXPECT_EQ(*r.ReadDouble(), -0.125);
  EXPECT_EQ(*r.ReadString(), "hello");
  EXPECT_TRUE(*r.ReadBool());
  EXPECT_FALSE(*r.ReadBool());
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(CompactProtocolTest, StructRoundTripWithFieldHeaders) {
  Bytes bytes = Encode([](CompactWriter& w) {
    w.WriteStructBegin();
    w.WriteBoolField(1, true);
    w.WriteFieldHeader(CompactType::kI32, 40);
    w.WriteI32(-7);
    w.WriteBoolField(3, false);
    w.WriteFieldHeader(CompactType::kList, 4);
    w.WriteListBegin(CompactType::kI64, 20);
    for (int i = 0; i < 20; ++i) w.WriteI64(i * 1000);
    w.WriteStructEnd();
  });
  CompactReader r(bytes);
  ASSERT_TRUE(r.ReadStructBegin().has_value());
  auto h = *r.ReadFieldHeader();
  EXPECT_EQ(h.type, CompactType::kBoolTrue);
  EXPECT_EQ(h.id, 1);
  h = *r.ReadFieldHeader();
  EXPECT_EQ(h.type, CompactType::kI32);
  EXPECT_EQ(h.id, 40);
  EXPECT_EQ(*r.ReadI32(), -7);
  h = *r.ReadFieldHeader();
  EXPECT_EQ(h.type, CompactType::kBoolFalse);
  EXPECT_EQ(h.id, 3);
  h = *r.ReadFieldHeader();
  EXPECT_EQ(h.type, CompactType::kList);
  EXPECT_EQ(h.id, 4);
  auto l = *r.ReadListBegin();
  EXPECT_EQ(l.elem_type, CompactType::kI64);
  ASSERT_EQ(l.size, 20u);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(*r.ReadI64(), i * 1000);
  EXPECT_EQ(r.ReadFieldHeader()->type, CompactType::kStop);
  r.ReadStructEnd();
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(CompactProtocolTest, ReadsBoolElementsBothWays) {
  // list<bool> with the spec's element type 2 and false as 0, and Thrift's 1 / 2.
  const Bytes bytes = {0x32, 0x01, 0x00, 0x02};
  CompactReader r(bytes);
  auto l = *r.ReadListBegin();
  EXPECT_TRUE(IsBool(l.elem_type));
  EXPECT_EQ(l.size, 3u);
  EXPECT_TRUE(*r.ReadBool());
  EXPECT_FALSE(*r.ReadBool());
  EXPECT_FALSE(*r.ReadBool());
  const Bytes bad = {0x03};
  CompactReader r2(bad);
  auto b = r2.ReadBool();
  ASSERT_FALSE(b.has_value());
  EXPECT_EQ(b.error().kind(), ErrorKind::kCorrupt);
}

TEST(CompactProtocolTest, SkipsEveryType) {
  Bytes bytes = Encode([](CompactWriter& w) {
    w.WriteStructBegin();
    w.WriteBoolField(1, true);
    w.WriteBoolField(2, false);
    w.WriteFieldHeader(CompactType::kI8, 3);
    w.WriteI8(9);
    w.WriteFieldHeader(CompactType::kI16, 4);
    w.WriteI16(-9);
    w.WriteFieldHeader(CompactType::kI32, 5);
    w.WriteI32(1 << 30);
    w.WriteFieldHeader(CompactType::kI64, 6);
    w.WriteI64(-(1LL << 60));
    w.WriteFieldHeader(CompactType::kDouble, 7);
    w.WriteDouble(3.5);
    w.WriteFieldHeader(CompactType::kBinary, 8);
    w.WriteString("skip me");
    w.WriteFieldHeader(CompactType::kList, 9);
    w.WriteListBegin(CompactType::kBoolTrue, 3);
    w.WriteBool(true);
    w.WriteBool(false);
    w.WriteBool(true);
    w.WriteFieldHeader(CompactType::kSet, 10);
    w.WriteSetBegin(CompactType::kDouble, 2);
    w.WriteDouble(1);
    w.WriteDouble(2);
    w.WriteFieldHeader(CompactType::kMap, 11);
    w.WriteMapBegin(CompactType::kBinary, CompactType::kList, 1);
    w.WriteString("k");
    w.WriteListBegin(CompactType::kStruct, 2);
    w.WriteStructBegin();
    w.WriteStructEnd();
    w.WriteStructBegin();
    w.WriteFieldHeader(CompactType::kI32, 1);
    w.WriteI32(5);
    w.WriteStructEnd();
    w.WriteFieldHeader(CompactType::kStruct, 12);
    w.WriteStructBegin();
    w.WriteBoolField(7, true);
    w.WriteFieldHeader(CompactType::kMap, 8);
    w.WriteMapBegin(CompactType::kI32, CompactType::kI32, 0);
    w.WriteStructEnd();
    w.WriteFieldHeader(CompactType::kUuid, 13);
    w.WriteRaw(Bytes(16, 0xAB));
    w.WriteStructEnd();
  });
  bytes.push_back(0x99);  // a sentinel after the struct
  CompactReader r(bytes);
  ASSERT_TRUE(r.Skip(CompactType::kStruct).has_value());
  EXPECT_EQ(r.position(), bytes.size() - 1);
  // Bool fields have no value bytes.
  CompactReader r2(bytes);
  ASSERT_TRUE(r2.Skip(CompactType::kBoolTrue).has_value());
  EXPECT_EQ(r2.position(), 0u);
}

// ---- damaged input ----

template <typename T>
void ExpectError(const Result<T>& r, ErrorKind kind, std::string_view fragment) {
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind(), kind) << r.error().ToString();
  EXPECT_NE(r.error().message().find(fragment), std::string::npos) << r.error().ToString();
}

TEST(CompactProtocolTest, TruncatedReadsNameTheOffset) {
  const Bytes bytes = {0x02, 0x80};  // a complete varint, then one cut short
  CompactReader r(bytes);
  ASSERT_EQ(*r.ReadI32(), 1);
  ExpectError(r.ReadI32(), ErrorKind::kOutOfRange, "byte offset 1");
  const Bytes dbl = {0, 0, 0};
  CompactReader r2(dbl);
  ExpectError(r2.ReadDouble(), ErrorKind::kOutOfRange, "byte offset 0");
  const Bytes bin = {0x05, 'a', 'b'};
  CompactReader r3(bin);
  ExpectError(r3.ReadBinary(), ErrorKind::kOutOfRange, "binary at byte offset 0");
  CompactReader r4(std::span<const uint8_t>{});
  ASSERT_TRUE(r4.ReadStructBegin().has_value());
  ExpectError(r4.ReadFieldHeader(), ErrorKind::kOutOfRange, "field header");
}

TEST(CompactProtocolTest, OverlongAndOverflowingVarints) {
  Bytes eleven(10, 0x80);
  eleven.push_back(0x01);
  CompactReader r(eleven);
  ExpectError(r.ReadVarint(), ErrorKind::kCorrupt, "longer than 10 bytes");
  Bytes overflow(9, 0xFF);
  overflow.push_back(0x02);  // bit 64
  CompactReader r2(overflow);
  ExpectError(r2.ReadVarint(), ErrorKind::kCorrupt, "overflows");
  const Bytes big32 = {0x80, 0x80, 0x80, 0x80, 0x10};  // 2^32
  CompactReader r3(big32);
  ExpectError(r3.ReadI32(), ErrorKind::kCorrupt, "i32");
  const Bytes big16 = {0x80, 0x80, 0x04};  // 65536
  CompactReader r4(big16);
  ExpectError(r4.ReadI16(), ErrorKind::kCorrupt, "i16");
  // Non-minimal encodings within 10 bytes are accepted, as Apache Thrift does.
  const Bytes padded = {0x82, 0x80, 0x00};
  CompactReader r5(padded);
  EXPECT_EQ(*r5.ReadI32(), 1);
}

TEST(CompactProtocolTest, InvalidTypesAreCorrupt) {
  const Bytes field = {0x1E};  // type 14
  CompactReader r(field);
  ASSERT_TRUE(r.ReadStructBegin().has_value());
  ExpectError(r.ReadFieldHeader(), ErrorKind::kCorrupt, "invalid field type 14");
  const Bytes list = {0x10};  // element type 0
  CompactReader r2(list);
  ExpectError(r2.ReadListBegin(), ErrorKind::kCorrupt, "invalid element type 0");
  const Bytes map = {0x01, 0xF5};
  CompactReader r3(map);
  ExpectError(r3.ReadMapBegin(), ErrorKind::kCorrupt, "invalid element type 15");
}

TEST(CompactProtocolTest, FieldIdDeltaOverflowIsCorrupt) {
  const Bytes bytes = {0x05, 0xFE, 0xFF, 0x03, 0x00, 0x15};  // id 32767, then delta 1
  CompactReader r(bytes);
  ASSERT_TRUE(r.ReadStructBegin().has_value());
  EXPECT_EQ(r.ReadFieldHeader()->id, 32767);
  ASSERT_EQ(*r.ReadI32(), 0);
  ExpectError(r.ReadFieldHeader(), ErrorKind::kCorrupt, "overflows i16");
}

TEST(CompactProtocolTest, AbsurdContainerSizesAreRejectedBeforeAllocating) {
  // list<struct> claiming 2^31-1 elements: 0xFC then varint 0x7FFFFFFF.
  const Bytes list = {0xFC, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x00, 0x00};
  CompactReader r(list);
  ExpectError(r.ReadListBegin(), ErrorKind::kOutOfRange, "claims 2147483647 elements");
  // 2^31 does not fit the spec's i32 size.
  const Bytes huge = {0xF5, 0x80, 0x80, 0x80, 0x80, 0x08};
  CompactReader r2(huge);
  ExpectError(r2.ReadListBegin(), ErrorKind::kCorrupt, "oversized size");
  // Doubles need 8 bytes each: 2 doubles in 15 bytes is one too many.
  Bytes dbl = {0x27};
  dbl.resize(17, 0);
  CompactReader r3(std::span<const uint8_t>(dbl).first(17));
  EXPECT_TRUE(r3.ReadListBegin().has_value());
  CompactReader r4(std::span<const uint8_t>(dbl).first(16));
  ExpectError(r4.ReadListBegin(), ErrorKind::kOutOfRange, "claims 2 elements");
  // A map claiming a million pairs.
  const Bytes map = {0xC0, 0x84, 0x3D, 0x55, 0x00};
  CompactReader r5(map);
  ExpectError(r5.ReadMapBegin(), ErrorKind::kOutOfRange, "claims 1000000 elements");
  // A binary claiming 2^31-1 bytes.
  const Bytes bin = {0xFF, 0xFF, 0xFF, 0xFF, 0x07, 'x'};
  CompactReader r6(bin);
  ExpectError(r6.ReadBinary(), ErrorKind::kOutOfRange, "binary");
}

TEST(CompactProtocolTest, NestingDepthIsLimited) {
  // N nested structs, each the field 1 of its parent: 0x1C ... then N stops.
  auto nested = [](int n) {
    Bytes b(n - 1, 0x1C);
    b.insert(b.end(), n, 0x00);
    return b;
  };
  const Bytes ok = nested(kMaxThriftDepth);
  CompactReader r(ok);
  ASSERT_TRUE(r.Skip(CompactType::kStruct).has_value()) << r.position();
  EXPECT_EQ(r.remaining(), 0u);
  const Bytes deep = nested(kMaxThriftDepth + 1);
  CompactReader r2(deep);
  auto s = r2.Skip(CompactType::kStruct);
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().kind(), ErrorKind::kCorrupt);
  EXPECT_NE(s.error().message().find("deeper than 64"), std::string::npos);
  // list<list<list<...>>>: each header 0x19 is one list of one list.
  Bytes lists(1000, 0x19);
  CompactReader r3(lists);
  auto s3 = r3.Skip(CompactType::kList);
  ASSERT_FALSE(s3.has_value());
  EXPECT_NE(s3.error().message().find("deeper than 64"), std::string::npos);
}

}  // namespace
}  // namespace firn::parquet
