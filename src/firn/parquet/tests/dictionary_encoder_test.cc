#include "firn/parquet/encoding/dictionary_encoder.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "firn/parquet/encoding/plain.h"

namespace firn::parquet {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes ToBytes(const Buffer& b) { return Bytes(b.data(), b.data() + b.size()); }

TEST(DictionaryEncoderTest, IndicesAreStableAndDense) {
  Int32DictionaryEncoder dict;
  EXPECT_EQ(dict.Insert(int32_t{42}), 0u);
  EXPECT_EQ(dict.Insert(int32_t{7}), 1u);
  EXPECT_EQ(dict.Insert(int32_t{42}), 0u);
  EXPECT_EQ(dict.Insert(int32_t{-1}), 2u);
  EXPECT_EQ(dict.Insert(int32_t{7}), 1u);
  EXPECT_EQ(dict.size(), 3u);
  EXPECT_EQ(dict.dict_bytes(), 12u);
  Buffer page;
  dict.WriteDictionaryPage(&page);
  EXPECT_EQ(ToBytes(page), (Bytes{42, 0, 0, 0, 7, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF}));
}

TEST(DictionaryEncoderTest, FloatsAreComparedBitwise) {
  Int32DictionaryEncoder dict;  // FLOAT shares the 4-byte encoder
  float nan1 = std::bit_cast<float>(0x7FC00001u);
  float nan2 = std::bit_cast<float>(0x7FC00002u);
  EXPECT_EQ(dict.Insert(0.0f), 0u);
  EXPECT_EQ(dict.Insert(-0.0f), 1u);
  EXPECT_EQ(dict.Insert(nan1), 2u);
  EXPECT_EQ(dict.Insert(nan2), 3u);
  EXPECT_EQ(dict.Insert(nan1), 2u);  // NaN != NaN numerically, but the same bits
  EXPECT_EQ(dict.Insert(-0.0f), 1u);

  Int64DictionaryEncoder doubles;
  EXPECT_EQ(doubles.Insert(0.0), 0u);
  EXPECT_EQ(doubles.Insert(-0.0), 1u);
  EXPECT_EQ(doubles.Insert(std::numeric_limits<double>::quiet_NaN()), 2u);
  EXPECT_EQ(doubles.Insert(std::numeric_limits<double>::quiet_NaN()), 2u);
  EXPECT_EQ(doubles.Insert(0.0), 0u);
  Buffer page;
  doubles.WriteDictionaryPage(&page);
  Buffer plain;
  PlainEncode<double>(std::vector<double>{0.0, -0.0, std::numeric_limits<double>::quiet_NaN()},
                      &plain);
  EXPECT_EQ(ToBytes(page), ToBytes(plain));
}

TEST(DictionaryEncoderTest, Int96AndFixedLen) {
  Int96DictionaryEncoder int96;
  uint8_t a[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  uint8_t b[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13};  // differs in the last byte only
  EXPECT_EQ(int96.Insert(a), 0u);
  EXPECT_EQ(int96.Insert(b), 1u);
  EXPECT_EQ(int96.Insert(a), 0u);
  EXPECT_EQ(int96.dict_bytes(), 24u);

  FixedLenByteArrayDictionaryEncoder uuid(16);
  std::vector<uint8_t> values(16 * 5, 0);
  values[16 * 1 + 15] = 1;
  values[16 * 3 + 15] = 1;  // == value 1
  values[16 * 4 + 0] = 9;
  uint32_t indices[5];
  uuid.InsertBatch(values.data(), 5, indices);
  EXPECT_EQ(std::vector<uint32_t>(indices, indices + 5), (std::vector<uint32_t>{0, 1, 0, 1, 2}));
  EXPECT_EQ(uuid.dict_bytes(), 48u);
  EXPECT_EQ(std::memcmp(uuid.value(2), values.data() + 64, 16), 0);
}

TEST(DictionaryEncoderTest, ByteArrays) {
  ByteArrayDictionaryEncoder dict;
  std::string scratch = "hello";
  EXPECT_EQ(dict.Insert(scratch), 0u);
  scratch = "world";  // the encoder copied the bytes
  EXPECT_EQ(dict.Insert(""), 1u);
  EXPECT_EQ(dict.Insert("hello"), 0u);
  EXPECT_EQ(dict.Insert(scratch), 2u);
  EXPECT_EQ(dict.Insert("hell"), 3u);
  EXPECT_EQ(dict.Insert(""), 1u);
  EXPECT_EQ(dict.value(0), "hello");
  EXPECT_EQ(dict.value(1), "");
  // dict_bytes is exactly the PLAIN page: (4 + 5) + 4 + (4 + 5) + (4 + 4).
  EXPECT_EQ(dict.dict_bytes(), 30u);
  Buffer page, plain;
  dict.WriteDictionaryPage(&page);
  for (const char* s : {"hello", "", "world", "hell"}) PlainEncodeByteArray(s, &plain);
  EXPECT_EQ(ToBytes(page), ToBytes(plain));

  std::string flat = "abcab";
  std::vector<int64_t> offsets = {0, 2, 3, 5, 5};
  uint32_t indices[4];
  dict.InsertBatch(reinterpret_cast<const uint8_t*>(flat.data()), offsets, indices);
  EXPECT_EQ(std::vector<uint32_t>(indices, indices + 4), (std::vector<uint32_t>{4, 5, 4, 1}));
}

TEST(DictionaryEncoderTest, ByteArraySlotsMatchInsertsOneByOne) {
  // More values than a prefetch run, in random slot order with repeats, across batches,
  // long values that share prefixes and an empty one.
  std::mt19937_64 rng(7);
  std::string flat;
  std::vector<int64_t> offsets = {0};
  for (int i = 0; i < 500; ++i) {
    flat += i == 17 ? std::string() : "https://shop.example.com/item-" + std::to_string(rng() % 90);
    offsets.push_back(static_cast<int64_t>(flat.size()));
  }
  ByteArrayDictionaryEncoder batched, single;
  for (int round = 0; round < 4; ++round) {
    std::vector<int64_t> slots;
    for (size_t i = 0, n = rng() % 200; i < n; ++i) slots.push_back(static_cast<int64_t>(rng() % 500));
    std::vector<uint32_t> got(slots.size());
    batched.InsertBatch(reinterpret_cast<const uint8_t*>(flat.data()), offsets.data(), slots.data(), slots.size(),
                        got.data());
    for (size_t i = 0; i < slots.size(); ++i) {
      const int64_t s = slots[i];
      ASSERT_EQ(got[i], single.Insert(std::string_view(flat).substr(offsets[s], offsets[s + 1] - offsets[s])))
          << "round " << round << " value " << i;
    }
  }
  Buffer a, b;
  batched.WriteDictionaryPage(&a);
  single.WriteDictionaryPage(&b);
  EXPECT_EQ(ToBytes(a), ToBytes(b));
}

TEST(DictionaryEncoderTest, FallbackThresholdIsObservable) {
  // The writer stops dictionary encoding once dict_bytes() passes
  // write.parquet.dict-size-bytes; with 8-byte values and a 1000-byte limit that happens
  // at the 126th distinct value, and repeats never grow it.
  constexpr size_t kLimit = 1000;
  Int64DictionaryEncoder dict;
  size_t distinct = 0;
  for (int64_t v = 0; dict.dict_bytes() <= kLimit; ++v) {
    dict.Insert(v);
    dict.Insert(int64_t{0});
    ++distinct;
  }
  EXPECT_EQ(distinct, 126u);
  EXPECT_EQ(dict.dict_bytes(), 1008u);
}

TEST(DictionaryEncoderTest, ManyValuesAgainstAMap) {
  std::mt19937_64 rng(6);
  ByteArrayDictionaryEncoder strings;
  Int64DictionaryEncoder ints;
  std::unordered_map<std::string, uint32_t> expected_strings;
  std::unordered_map<int64_t, uint32_t> expected_ints;
  for (int round = 0; round < 2; ++round) {  // the second round runs after Clear()
    size_t memory = strings.memory_bytes() + ints.memory_bytes();
    for (int i = 0; i < 200000; ++i) {
      int64_t magnitude = static_cast<int64_t>(rng() % 50000) * (int64_t{1} << (rng() % 3));
      int64_t v = rng() % 2 ? magnitude : -magnitude;
      std::string s = "key-" + std::to_string(v);
      auto [sit, snew] = expected_strings.try_emplace(s, expected_strings.size());
      auto [iit, inew] = expected_ints.try_emplace(v, expected_ints.size());
      ASSERT_EQ(strings.Insert(s), sit->second);
      ASSERT_EQ(ints.Insert(v), iit->second);
    }
    EXPECT_EQ(strings.size(), expected_strings.size());
    EXPECT_EQ(ints.size(), expected_ints.size());
    EXPECT_EQ(ints.dict_bytes(), 8 * ints.size());
    if (round == 1) {
      // Clear kept the memory: the same data fit without growing.
      EXPECT_EQ(strings.memory_bytes() + ints.memory_bytes(), memory);
    }
    strings.Clear();
    ints.Clear();
    EXPECT_EQ(strings.size(), 0u);
    EXPECT_EQ(strings.dict_bytes(), 0u);
    EXPECT_EQ(ints.Insert(int64_t{123456789}), 0u);
    ints.Clear();
    expected_strings.clear();
    expected_ints.clear();
    rng.seed(6);
  }
}

}  // namespace
}  // namespace firn::parquet
