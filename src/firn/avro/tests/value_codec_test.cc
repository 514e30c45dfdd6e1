#include "firn/avro/value_codec.h"

#include <gtest/gtest.h>

#include <random>

#include "firn/avro/schema_json.h"
#include "firn/avro/tests/test_schemas.h"
#include "firn/avro/tests/test_values.h"
#include "firn/avro/value_json.h"

namespace firn::avro {
namespace {

Schema MustParse(std::string_view json) {
  auto s = ParseSchema(json);
  EXPECT_TRUE(s.has_value()) << s.error().ToString();
  return std::move(*s);
}

std::vector<uint8_t> Encode(const Schema& s, const Value& v) {
  Buffer b;
  Encoder e(&b);
  auto st = EncodeValue(s.root(), v, e);
  EXPECT_TRUE(st.has_value()) << st.error().ToString();
  return {b.data(), b.data() + b.size()};
}

TEST(ValueCodecTest, EveryTypeRoundTrips) {
  Schema s = MustParse(testing::kEveryTypeSchema);
  for (int i = 0; i < 12; ++i) {
    Value v = testing::EveryTypeValue(i, i % 3);
    std::vector<uint8_t> bytes = Encode(s, v);
    Decoder d(bytes);
    auto back = DecodeValue(s.root(), d);
    ASSERT_TRUE(back.has_value()) << back.error().ToString();
    EXPECT_TRUE(d.at_end());
    EXPECT_EQ(*back, v) << "row " << i << ": " << ValueToJson(s.root(), *back);
  }
}

TEST(ValueCodecTest, RecordBytesAreExact) {
  Schema s = MustParse(R"({"type":"record","name":"r","fields":[
      {"name":"a","type":"long"},{"name":"b","type":["null","string"]},
      {"name":"c","type":{"type":"map","values":"int"}},{"name":"e","type":{"type":"enum","name":"e","symbols":["X","Y"]}}]})");
  Value v = Value::Record(
      {Value::Long(-3), Value::String("hi"), Value::Map({{"k", Value::Int(64)}}), Value::Enum(1)});
  // -3 -> 05; union branch 1 (auto-picked) -> 02, "hi" -> 04 68 69; map: 02 "k" 80 01 00;
  // enum 1 -> 02.
  EXPECT_EQ(Encode(s, v), (std::vector<uint8_t>{0x05, 0x02, 0x04, 'h', 'i', 0x02, 0x02, 'k', 0x80,
                                                0x01, 0x00, 0x02}));
}

TEST(ValueCodecTest, DecodesNegativeBlockCountsAndManyBlocks) {
  Schema s = MustParse(R"({"type":"array","items":"int"})");
  // Block of -2 items with byte size 2 (1, 2), then a block of 1 item (3), then end.
  std::vector<uint8_t> bytes = {0x03, 0x04, 0x02, 0x04, 0x02, 0x06, 0x00};
  Decoder d(bytes);
  auto v = DecodeValue(s.root(), d);
  ASSERT_TRUE(v.has_value()) << v.error().ToString();
  EXPECT_EQ(*v, Value::Array({Value::Int(1), Value::Int(2), Value::Int(3)}));
}

TEST(ValueCodecTest, EncodeRejectsMismatches) {
  Schema s = MustParse(testing::kEveryTypeSchema);
  Value good = testing::EveryTypeValue(1);
  auto check = [&](size_t field, Value bad, std::string_view fragment) {
    Value v = good;
    v.mutable_fields()[field] = std::move(bad);
    Buffer b;
    Encoder e(&b);
    auto st = EncodeValue(s.root(), v, e);
    ASSERT_FALSE(st.has_value()) << fragment;
    EXPECT_EQ(st.error().kind(), ErrorKind::kInvalidArgument);
    EXPECT_NE(st.error().message().find(fragment), std::string::npos) << st.error().ToString();
  };
  check(1, Value::Long(1), "field 'i': expected a value of type int, got long");
  check(8, Value::Enum(3), "has no symbol 3");
  check(9, Value::Fixed("abc"), "needs 4 bytes");
  check(11, Value::String("x"), "no branch of the union matches");
  check(11, Value::Long(1).WithBranch(5), "branch 5 out of range");
  check(12, Value::Array({Value::Int(1)}),
        "field 'tags': element 0: expected a value of type string");
  check(14, Value::Array({Value::Record({Value::Int(1)})}), "has 2 fields, the value 1");
}

template <typename T>
void ExpectCorrupt(const Result<T>& r, std::string_view fragment) {
  ASSERT_FALSE(r.has_value()) << fragment;
  EXPECT_EQ(r.error().kind(), ErrorKind::kCorrupt) << r.error().ToString();
  EXPECT_NE(r.error().message().find(fragment), std::string::npos) << r.error().ToString();
}

TEST(ValueCodecTest, DamagedInputIsCorrupt) {
  Schema u =
      MustParse(R"({"type":"record","name":"r","fields":[{"name":"x","type":["null","int"]}]})");
  std::vector<uint8_t> bad_branch = {0x04};
  Decoder d1(bad_branch);
  ExpectCorrupt(DecodeValue(u.root(), d1), "field 'x': union index 2 at offset 0 is out of range");
  std::vector<uint8_t> neg_branch = {0x01};
  Decoder d2(neg_branch);
  ExpectCorrupt(DecodeValue(u.root(), d2), "union index -1");

  Schema e = MustParse(R"({"type":"enum","name":"e","symbols":["A"]})");
  std::vector<uint8_t> bad_enum = {0x02};
  Decoder d3(bad_enum);
  ExpectCorrupt(DecodeValue(e.root(), d3), "enum index 1");

  // An array declaring 2^62 longs in 3 bytes: rejected before any allocation.
  Schema a = MustParse(R"({"type":"array","items":"long"})");
  std::vector<uint8_t> bomb = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40, 0x02, 0x02};
  Decoder d4(bomb);
  ExpectCorrupt(DecodeValue(a.root(), d4), "declares 2305843009213693952 items");

  // Arrays of null cost no input: bounded by kMaxZeroSizeItems across blocks.
  Schema n = MustParse(R"({"type":"array","items":"null"})");
  Buffer b;
  Encoder enc(&b);
  enc.WriteBlockCount(kMaxZeroSizeItems);
  enc.WriteBlockCount(1);
  enc.WriteBlockCount(0);
  Decoder d5(b.span());
  ExpectCorrupt(DecodeValue(n.root(), d5), "declares 1 items");

  // A map whose second key is truncated.
  Schema m = MustParse(R"({"type":"map","values":"int"})");
  std::vector<uint8_t> trunc = {0x04, 0x02, 'a', 0x02, 0x06, 'b'};
  Decoder d6(trunc);
  ExpectCorrupt(DecodeValue(m.root(), d6), "string at offset 4 has length 3, past the end");
}

TEST(ValueCodecTest, DeepRecursionIsBounded) {
  Schema s = MustParse(
      R"({"type":"record","name":"node","fields":[{"name":"next","type":["null","node"]}]})");
  std::vector<uint8_t> deep(10000, 0x02);  // branch 1 forever
  Decoder d(deep);
  ExpectCorrupt(DecodeValue(s.root(), d), "nested deeper than");
}

TEST(ValueCodecTest, ValueJson) {
  Schema s = MustParse(R"({"type":"record","name":"r","fields":[
      {"name":"a","type":["null","long"]},{"name":"b","type":"bytes"},
      {"name":"c","type":{"type":"map","values":"float"}},{"name":"e","type":{"type":"enum","name":"e","symbols":["X","Y"]}}]})");
  Value v = Value::Record({Value::Long(5).WithBranch(1), Value::Bytes("\x01\xab"),
                           Value::Map({{"k", Value::Float(0.5f)}}), Value::Enum(1)});
  EXPECT_EQ(ValueToJson(s.root(), v), R"({"a":5,"b":"01ab","c":{"k":0.5},"e":"Y"})");
  // Without a branch the union value is printed by its type, as the encoder picks it.
  v.mutable_fields()[0] = Value::Long(6);
  EXPECT_EQ(ValueToJson(s.root(), v), R"({"a":6,"b":"01ab","c":{"k":0.5},"e":"Y"})");
}

TEST(ValueCodecTest, RandomBytesNeverCrash) {
  Schema s = MustParse(testing::kEveryTypeSchema);
  std::mt19937_64 rng(42);
  Value good = testing::EveryTypeValue(3, 2);
  Buffer encoded;
  Encoder enc(&encoded);
  ASSERT_TRUE(EncodeValue(s.root(), good, enc).has_value());
  size_t ok = 0;
  for (int iter = 0; iter < 3000; ++iter) {
    // Half random bytes, half a valid encoding with a few bytes overwritten.
    std::vector<uint8_t> bytes;
    if (iter % 2 == 0) {
      bytes.resize(rng() % 200);
      for (auto& b : bytes) b = static_cast<uint8_t>(rng());
    } else {
      bytes.assign(encoded.data(), encoded.data() + encoded.size());
      for (int k = 0; k < 3; ++k) bytes[rng() % bytes.size()] = static_cast<uint8_t>(rng());
      bytes.resize(rng() % (bytes.size() + 1));
    }
    auto copy = std::make_unique<uint8_t[]>(bytes.size());
    std::copy(bytes.begin(), bytes.end(), copy.get());
    Decoder d(std::span<const uint8_t>(copy.get(), bytes.size()));
    auto v = DecodeValue(s.root(), d);
    if (v) {
      ++ok;
    } else {
      EXPECT_EQ(v.error().kind(), ErrorKind::kCorrupt) << v.error().ToString();
    }
  }
  EXPECT_LT(ok, 3000u);
}

}  // namespace
}  // namespace firn::avro
