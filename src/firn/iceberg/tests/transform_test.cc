#include "firn/iceberg/partition/transform.h"

#include <gtest/gtest.h>

#include "firn/iceberg/partition/murmur3.h"
#include "firn/iceberg/partition/transform_columnar.h"
#include "firn/iceberg/types/literal_bytes.h"
#include "firn/iceberg/types/temporal.h"

namespace firn::iceberg {
namespace {

int64_t Ts(std::string_view s) { return *ParseTimestamp(s, false, false, false); }
int64_t TsNs(std::string_view s) { return *ParseTimestamp(s, true, false, false); }

// Appendix B, every test value of the table (and the "not valid for bucketing" ones,
// through the same primitives).
TEST(BucketHashTest, AppendixBVectors) {
  EXPECT_EQ(BucketHashLiteral(Literal::Int(34)), 2017239379);
  EXPECT_EQ(BucketHashLiteral(Literal::Long(34)), 2017239379);
  EXPECT_EQ(BucketHashLiteral(Literal::Decimal(1420, 4, 2)), -500754589);
  EXPECT_EQ(BucketHashLiteral(Literal::Date(*ParseDate("2017-11-16"))), -653330422);
  EXPECT_EQ(BucketHashLiteral(Literal::Time(*ParseTime("22:31:08"))), -662762989);
  EXPECT_EQ(BucketHashLiteral(Literal::Timestamp(Ts("2017-11-16T22:31:08"))), -2047944441);
  EXPECT_EQ(BucketHashLiteral(Literal::Timestamp(Ts("2017-11-16T22:31:08.000001"))), -1207196810);
  EXPECT_EQ(BucketHashLiteral(Literal::TimestampTz(Ts("2017-11-16T14:31:08-08:00"))), -2047944441);
  EXPECT_EQ(BucketHashLiteral(Literal::TimestampTz(Ts("2017-11-16T14:31:08.000001-08:00"))),
            -1207196810);
  EXPECT_EQ(BucketHashLiteral(Literal::TimestampNs(TsNs("2017-11-16T22:31:08"))), -2047944441);
  EXPECT_EQ(BucketHashLiteral(Literal::TimestampNs(TsNs("2017-11-16T22:31:08.000001001"))),
            -1207196810);
  EXPECT_EQ(BucketHashLiteral(Literal::TimestampTzNs(TsNs("2017-11-16T14:31:08.000001001-08:00"))),
            -1207196810);
  EXPECT_EQ(BucketHashLiteral(Literal::String("iceberg")), 1210000089);
  auto uuid = Literal::ParseUuid("f79c3e09-677c-4bbd-a479-3f349cb785e7");
  ASSERT_TRUE(uuid.has_value());
  EXPECT_EQ(uuid->bytes(),
            std::string("\xF7\x9C\x3E\x09\x67\x7C\x4B\xBD\xA4\x79\x3F\x34\x9C\xB7\x85\xE7", 16));
  EXPECT_EQ(BucketHashLiteral(*uuid), 1488055340);
  EXPECT_EQ(BucketHashLiteral(Literal::Fixed(std::string("\x00\x01\x02\x03", 4))), -188683207);
  EXPECT_EQ(BucketHashLiteral(Literal::Binary(std::string("\x00\x01\x02\x03", 4))), -188683207);
  // Not bucketable, but the table defines them: boolean as hashInt, floats as doubles.
  EXPECT_EQ(HashLong(1), 1392991556);
  double one = 1.0, zero = 0.0;
  EXPECT_EQ(HashLong(std::bit_cast<int64_t>(one)), -142385009);
  EXPECT_EQ(HashLong(std::bit_cast<int64_t>(zero)), 1669671676);
}

TEST(BucketHashTest, MurmurTailsAndBuckets) {
  // Reference values of MurmurHash3_x86_32 with seed 0.
  EXPECT_EQ(Murmur3Hash32("", 0), 0);
  EXPECT_EQ(static_cast<uint32_t>(Murmur3Hash32("a", 1)), 0x3c2569b2u);
  EXPECT_EQ(static_cast<uint32_t>(Murmur3Hash32("abc", 3)), 0xb3dd93fau);
  EXPECT_EQ(static_cast<uint32_t>(Murmur3Hash32("Hello, world!", 13)), 0xc0363e43u);
  // (hash & Integer.MAX_VALUE) % N
  EXPECT_EQ(BucketOf(-2047944441, 16), ((-2047944441) & 0x7fffffff) % 16);
  auto b = Transform::Bucket(16).Apply(Literal::Int(34));
  EXPECT_EQ(b->int32(), 2017239379 % 16);
  EXPECT_EQ(Transform::Bucket(100).Apply(Literal::String("iceberg"))->int32(), 1210000089 % 100);
  EXPECT_EQ(Transform::Bucket(7).Apply(Literal::Long(34))->int32(),
            Transform::Bucket(7).Apply(Literal::Int(34))->int32());
}

TEST(TransformTest, ParseAndPrint) {
  for (std::string_view s :
       {"identity", "bucket[16]", "truncate[4]", "year", "month", "day", "hour", "void"}) {
    auto t = Transform::Parse(s);
    ASSERT_TRUE(t.has_value()) << s;
    EXPECT_EQ(t->ToString(), s);
  }
  EXPECT_EQ(*Transform::Parse("bucket[16]"), Transform::Bucket(16));
  for (std::string_view s :
       {"bucket[0]", "bucket[]", "bucket[x]", "truncate[-1]", "days", "bucket[16", ""}) {
    EXPECT_FALSE(Transform::Parse(s).has_value()) << s;
  }
}

TEST(TransformTest, SourceAndResultTypes) {
  EXPECT_FALSE(Transform::Bucket(4).CanTransform(Type::Float()));
  EXPECT_FALSE(Transform::Bucket(4).CanTransform(Type::Double()));
  EXPECT_FALSE(Transform::Bucket(4).CanTransform(Type::Boolean()));
  EXPECT_TRUE(Transform::Bucket(4).CanTransform(Type::Uuid()));
  EXPECT_FALSE(Transform::Truncate(4).CanTransform(Type::Uuid()));
  EXPECT_FALSE(Transform::Truncate(4).CanTransform(Type::Fixed(4)));
  EXPECT_TRUE(Transform::Truncate(4).CanTransform(Type::Binary()));
  EXPECT_FALSE(Transform::Hour().CanTransform(Type::Date()));
  EXPECT_TRUE(Transform::Day().CanTransform(Type::Date()));
  EXPECT_FALSE(Transform::Year().CanTransform(Type::Time()));
  EXPECT_FALSE(Transform::Identity().CanTransform(Type::List(2, false, Type::Int())));
  EXPECT_EQ(*Transform::Day().ResultType(Type::TimestampTz()), Type::Date());
  EXPECT_EQ(*Transform::Hour().ResultType(Type::TimestampNs()), Type::Int());
  EXPECT_EQ(*Transform::Truncate(3).ResultType(Type::Decimal(9, 2)), Type::Decimal(9, 2));
  auto err = Transform::Month().ResultType(Type::String());
  ASSERT_FALSE(err.has_value());
  EXPECT_EQ(err.error().message(), "transform month cannot be applied to type string");
}

TEST(TransformTest, TruncateSpecExamples) {
  auto t10 = Transform::Truncate(10);
  EXPECT_EQ(t10.Apply(Literal::Int(1))->int32(), 0);
  EXPECT_EQ(t10.Apply(Literal::Int(-1))->int32(), -10);
  EXPECT_EQ(t10.Apply(Literal::Long(1))->int64(), 0);
  EXPECT_EQ(t10.Apply(Literal::Long(-1))->int64(), -10);
  EXPECT_EQ(t10.Apply(Literal::Int(INT32_MIN + 9))->int32(), INT32_MIN + 8);
  auto dec = Transform::Truncate(50).Apply(Literal::Decimal(1065, 4, 2));
  EXPECT_EQ(dec->unscaled(), 1050);
  EXPECT_EQ(dec->ToString(), "10.50");
  EXPECT_EQ(Transform::Truncate(3).Apply(Literal::String("iceberg"))->bytes(), "ice");
  // Code points, not bytes: each of these is 2-4 bytes in UTF-8.
  EXPECT_EQ(Transform::Truncate(2).Apply(Literal::String("\xC3\xA9t\xC3\xA9"))->bytes(),
            "\xC3\xA9t");
  EXPECT_EQ(Transform::Truncate(1).Apply(Literal::String("\xF0\x9F\x90\x87x"))->bytes(),
            "\xF0\x9F\x90\x87");
  EXPECT_EQ(
      Transform::Truncate(3).Apply(Literal::Binary(std::string("\x01\x02\x03\x04", 4)))->bytes(),
      std::string("\x01\x02\x03", 3));
  EXPECT_EQ(Transform::Truncate(5).Apply(Literal::String("abc"))->bytes(), "abc");
}

TEST(TransformTest, TemporalAroundEpoch) {
  Literal before = Literal::Timestamp(Ts("1969-12-31T23:59:59.999999"));
  EXPECT_EQ(Transform::Year().Apply(before)->int32(), -1);
  EXPECT_EQ(Transform::Month().Apply(before)->int32(), -1);
  EXPECT_EQ(Transform::Day().Apply(before)->int32(), -1);
  EXPECT_EQ(Transform::Hour().Apply(before)->int32(), -1);
  Literal epoch = Literal::TimestampTz(0);
  EXPECT_EQ(Transform::Year().Apply(epoch)->int32(), 0);
  EXPECT_EQ(Transform::Hour().Apply(epoch)->int32(), 0);
  Literal ns_before = Literal::TimestampNs(-1);
  EXPECT_EQ(Transform::Day().Apply(ns_before)->int32(), -1);
  EXPECT_EQ(Transform::Hour().Apply(ns_before)->int32(), -1);
  Literal ts = Literal::Timestamp(Ts("2017-11-16T22:31:08"));
  EXPECT_EQ(Transform::Year().Apply(ts)->int32(), 47);
  EXPECT_EQ(Transform::Month().Apply(ts)->int32(), 47 * 12 + 10);
  EXPECT_EQ(Transform::Day().Apply(ts)->int32(), 17486);
  EXPECT_EQ(Transform::Hour().Apply(ts)->int32(), 17486 * 24 + 22);
  Literal d = Literal::Date(*ParseDate("1969-01-01"));
  EXPECT_EQ(Transform::Year().Apply(d)->int32(), -1);
  EXPECT_EQ(Transform::Month().Apply(d)->int32(), -12);
  EXPECT_EQ(Transform::Month().Apply(Literal::Date(*ParseDate("1969-12-31")))->int32(), -1);
}

TEST(TransformTest, HumanStrings) {
  Literal ts = Literal::Timestamp(Ts("2017-11-16T22:31:08"));
  auto human = [&](Transform t, const Literal& v) { return t.ToHumanString(*t.Apply(v)); };
  EXPECT_EQ(human(Transform::Year(), ts), "2017");
  EXPECT_EQ(human(Transform::Month(), ts), "2017-11");
  EXPECT_EQ(human(Transform::Day(), ts), "2017-11-16");
  EXPECT_EQ(human(Transform::Hour(), ts), "2017-11-16-22");
  Literal before = Literal::Timestamp(Ts("1969-12-31T23:59:59.999999"));
  EXPECT_EQ(human(Transform::Year(), before), "1969");
  EXPECT_EQ(human(Transform::Month(), before), "1969-12");
  EXPECT_EQ(human(Transform::Hour(), before), "1969-12-31-23");
  EXPECT_EQ(human(Transform::Identity(), ts), "2017-11-16T22:31:08");
  EXPECT_EQ(human(Transform::Identity(), Literal::TimestampTz(Ts("2017-11-16T22:31:08.000001"))),
            "2017-11-16T22:31:08.000001Z");
  EXPECT_EQ(human(Transform::Void(), ts), "null");
  EXPECT_EQ(Transform::Bucket(4).ToHumanString(Literal::Null(Type::Int())), "null");
}

parquet::ColumnVector Int64Column(std::initializer_list<std::optional<int64_t>> vals) {
  parquet::ColumnVector v;
  for (auto x : vals) {
    if (x)
      v.AppendValue<int64_t>(*x);
    else
      v.AppendNull(8);
  }
  return v;
}

TEST(TransformColumnarTest, MatchesScalarApply) {
  std::vector<std::optional<int64_t>> raw = {Ts("2017-11-16T22:31:08"), std::nullopt,
                                             Ts("1969-12-31T23:59:59.999999"), 0, -86400000001};
  parquet::ColumnVector in;
  for (auto x : raw) {
    if (x)
      in.AppendValue<int64_t>(*x);
    else
      in.AppendNull(8);
  }
  parquet::ColumnVector out;
  for (Transform t : {Transform::Year(), Transform::Month(), Transform::Day(), Transform::Hour(),
                      Transform::Bucket(16)}) {
    ASSERT_TRUE(ApplyTransformColumnar(t, Type::Timestamp(), in, &out).has_value());
    ASSERT_EQ(out.length, 5);
    for (size_t i = 0; i < raw.size(); ++i) {
      if (!raw[i]) {
        EXPECT_FALSE(out.IsValid(static_cast<int64_t>(i)));
        continue;
      }
      Literal expected = *t.Apply(Literal::Timestamp(*raw[i]));
      EXPECT_EQ(out.ValueAt<int32_t>(static_cast<int64_t>(i)), expected.int32())
          << t.ToString() << i;
    }
  }
  ASSERT_TRUE(
      ApplyTransformColumnar(Transform::Truncate(10), Type::Long(), Int64Column({-1, 15}), &out));
  EXPECT_EQ(out.ValueAt<int64_t>(0), -10);
  EXPECT_EQ(out.ValueAt<int64_t>(1), 10);
}

TEST(TransformColumnarTest, StringsAndInts) {
  parquet::ColumnVector in;
  in.AppendBytes("iceberg");
  in.AppendNull(0);
  in.AppendBytes("\xC3\xA9t\xC3\xA9");
  parquet::ColumnVector out;
  ASSERT_TRUE(ApplyTransformColumnar(Transform::Bucket(100), Type::String(), in, &out));
  EXPECT_EQ(out.ValueAt<int32_t>(0), 1210000089 % 100);
  EXPECT_FALSE(out.IsValid(1));
  ASSERT_TRUE(ApplyTransformColumnar(Transform::Truncate(2), Type::String(), in, &out));
  EXPECT_EQ(out.BytesAt(0), "ic");
  EXPECT_FALSE(out.IsValid(1));
  EXPECT_EQ(out.BytesAt(2), "\xC3\xA9t");
  parquet::ColumnVector ints;
  ints.AppendValue<int32_t>(34);
  ints.AppendValue<int32_t>(-1);
  ASSERT_TRUE(ApplyTransformColumnar(Transform::Bucket(16), Type::Int(), ints, &out));
  EXPECT_EQ(out.ValueAt<int32_t>(0), 2017239379 % 16);
  ASSERT_TRUE(ApplyTransformColumnar(Transform::Truncate(10), Type::Int(), ints, &out));
  EXPECT_EQ(out.ValueAt<int32_t>(1), -10);
  ASSERT_TRUE(ApplyTransformColumnar(Transform::Void(), Type::Int(), ints, &out));
  EXPECT_FALSE(out.IsValid(0));
  EXPECT_FALSE(ApplyTransformColumnar(Transform::Hour(), Type::Int(), ints, &out).has_value());
  // decimal(4,2) is int32-backed: unscaled 1420 -> Appendix B hash.
  parquet::ColumnVector dec;
  dec.AppendValue<int32_t>(1420);
  ASSERT_TRUE(ApplyTransformColumnar(Transform::Bucket(1000), Type::Decimal(4, 2), dec, &out));
  EXPECT_EQ(out.ValueAt<int32_t>(0), BucketOf(-500754589, 1000));
  // decimal(38, 0) is fixed-bytes-backed (16 bytes big endian).
  parquet::ColumnVector big;
  std::string be(16, '\0');
  be[14] = 0x05;
  be[15] = static_cast<char>(0x8C);  // 1420
  big.AppendFixedBytes(be);
  ASSERT_TRUE(ApplyTransformColumnar(Transform::Bucket(1000), Type::Decimal(38, 0), big, &out));
  EXPECT_EQ(out.ValueAt<int32_t>(0), BucketOf(-500754589, 1000));
}

}  // namespace
}  // namespace firn::iceberg

namespace firn::iceberg {
namespace {

TEST(TransformColumnarTest, DatesNanosAndWideDecimals) {
  parquet::ColumnVector dates;
  for (int32_t d : {*ParseDate("1969-12-31"), *ParseDate("2017-11-16"), *ParseDate("1968-02-29")}) {
    dates.AppendValue<int32_t>(d);
  }
  parquet::ColumnVector out;
  ASSERT_TRUE(ApplyTransformColumnar(Transform::Year(), Type::Date(), dates, &out));
  EXPECT_EQ(out.ValueAt<int32_t>(0), -1);
  EXPECT_EQ(out.ValueAt<int32_t>(1), 47);
  EXPECT_EQ(out.ValueAt<int32_t>(2), -2);
  ASSERT_TRUE(ApplyTransformColumnar(Transform::Month(), Type::Date(), dates, &out));
  EXPECT_EQ(out.ValueAt<int32_t>(0), -1);
  EXPECT_EQ(out.ValueAt<int32_t>(2), -23);
  ASSERT_TRUE(ApplyTransformColumnar(Transform::Day(), Type::Date(), dates, &out));
  EXPECT_EQ(out.ValueAt<int32_t>(1), 17486);
  ASSERT_TRUE(ApplyTransformColumnar(Transform::Bucket(1 << 30), Type::Date(), dates, &out));
  EXPECT_EQ(out.ValueAt<int32_t>(1), BucketOf(-653330422, 1 << 30));

  parquet::ColumnVector ns;
  ns.AppendValue<int64_t>(*ParseTimestamp("2017-11-16T22:31:08.000001001", true, false, false));
  ns.AppendValue<int64_t>(-1);
  ASSERT_TRUE(ApplyTransformColumnar(Transform::Bucket(1 << 30), Type::TimestampNs(), ns, &out));
  EXPECT_EQ(out.ValueAt<int32_t>(0), BucketOf(-1207196810, 1 << 30));
  ASSERT_TRUE(ApplyTransformColumnar(Transform::Hour(), Type::TimestampTzNs(), ns, &out));
  EXPECT_EQ(out.ValueAt<int32_t>(1), -1);

  // decimal(20, 2) is stored as 9 big-endian bytes: -1.05 truncated by 50 -> -1.50.
  const Type dec = Type::Decimal(20, 2);
  ASSERT_EQ(ColumnValueWidth(dec), 9);
  parquet::ColumnVector wide;
  wide.AppendFixedBytes(std::string(8, '\xff') + "\x97");  // -105
  wide.AppendNull(9);
  ASSERT_TRUE(ApplyTransformColumnar(Transform::Truncate(50), dec, wide, &out));
  ASSERT_EQ(out.values.size(), 18u);
  EXPECT_EQ(*DecimalFromBytes(out.values.view().substr(0, 9)), -150);
  EXPECT_FALSE(out.IsValid(1));
  EXPECT_EQ(Transform::Truncate(50).Apply(Literal::Decimal(-105, 20, 2))->unscaled(), -150);
}

}  // namespace
}  // namespace firn::iceberg
