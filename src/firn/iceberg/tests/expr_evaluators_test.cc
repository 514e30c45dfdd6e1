#include "firn/iceberg/expressions/evaluators.h"

#include <cmath>

#include <gtest/gtest.h>

#include "firn/iceberg/tests/expr_test_schema.h"
#include "firn/iceberg/types/literal_bytes.h"

namespace firn::iceberg {
namespace {

using expr_test::Days;
using expr_test::Micros;
using expr_test::TestSchema;

ExprPtr W(std::string_view where) {
  auto e = ParseWhere(where);
  EXPECT_TRUE(e.has_value());
  return e ? *e : True();
}

PartitionSpec Spec() {
  return PartitionSpec{1, {PartitionField{FieldId(10), FieldId(1000), "ts_day", Transform::Day()},
                           PartitionField{FieldId(6), FieldId(1001), "country", Transform::Identity()},
                           PartitionField{FieldId(4), FieldId(1002), "amount", Transform::Identity()}}};
}

PartitionFieldSummary Sum(bool nulls, std::optional<bool> nan, std::optional<Literal> lo, std::optional<Literal> hi) {
  PartitionFieldSummary s;
  s.contains_null = nulls;
  s.contains_nan = nan;
  if (lo) s.lower_bound = ToBytes(*lo);
  if (hi) s.upper_bound = ToBytes(*hi);
  return s;
}

bool Manifest(std::string_view where, const ManifestFile& m) {
  auto ev = ManifestEvaluator::Make(TestSchema(), Spec(), W(where));
  EXPECT_TRUE(ev.has_value()) << (ev ? "" : ev.error().message());
  return ev && (*ev)->MightMatch(m);
}

TEST(ExprManifestEvaluatorTest, Bounds) {
  ManifestFile m;
  m.partitions = {Sum(false, std::nullopt, Literal::Date(Days("2024-01-01")), Literal::Date(Days("2024-01-31"))),
                  Sum(true, std::nullopt, Literal::String("DE"), Literal::String("US")),
                  Sum(false, false, Literal::Double(1.0), Literal::Double(5.0))};
  EXPECT_TRUE(Manifest("ts >= '2024-01-31T23:00:00'", m));
  EXPECT_FALSE(Manifest("ts >= '2024-02-01T00:00:00'", m));
  EXPECT_FALSE(Manifest("ts < '2024-01-01T00:00:00'", m));
  EXPECT_TRUE(Manifest("ts < '2024-01-01T00:00:00.000001'", m));
  EXPECT_TRUE(Manifest("ts = '2024-01-15T10:00:00'", m));
  EXPECT_FALSE(Manifest("ts = '2024-02-15T10:00:00'", m));
  EXPECT_FALSE(Manifest("ts > '2024-02-15T10:00:00' or country = 'ZZ'", m));
  EXPECT_TRUE(Manifest("ts > '2024-02-15T10:00:00' or country = 'FR'", m));
  EXPECT_FALSE(Manifest("country in ('AA', 'ZZ')", m));
  EXPECT_TRUE(Manifest("country in ('AA', 'FR', 'ZZ')", m));
  EXPECT_TRUE(Manifest("country is null", m));
  EXPECT_FALSE(Manifest("amount is null", m));
  EXPECT_FALSE(Manifest("amount is nan", m));
  EXPECT_TRUE(Manifest("amount > 4.5", m));
  EXPECT_FALSE(Manifest("amount > 5", m));
  EXPECT_FALSE(Manifest("country LIKE 'X%'", m));
  EXPECT_TRUE(Manifest("country LIKE 'F%'", m));
  EXPECT_FALSE(Manifest("country LIKE 'A%'", m));
  EXPECT_TRUE(Manifest("country NOT LIKE 'U%'", m));
  EXPECT_TRUE(Manifest("n = 5", m));  // not partitioned by n
  EXPECT_FALSE(Manifest("false", m));
}

TEST(ExprManifestEvaluatorTest, AllNullAndNaN) {
  ManifestFile m;
  m.partitions = {Sum(true, std::nullopt, std::nullopt, std::nullopt),   // all null
                  Sum(false, std::nullopt, Literal::String("US"), Literal::String("US")),
                  Sum(false, true, std::nullopt, std::nullopt)};       // all NaN
  EXPECT_FALSE(Manifest("ts IS NOT NULL", m));
  EXPECT_TRUE(Manifest("ts IS NULL", m));
  EXPECT_FALSE(Manifest("ts > '2000-01-01'", m));
  EXPECT_FALSE(Manifest("country NOT LIKE 'U%'", m));
  EXPECT_FALSE(Manifest("country != 'US'", m) && false);  // != never excludes with bounds
  EXPECT_TRUE(Manifest("amount IS NAN", m));
  EXPECT_FALSE(Manifest("amount IS NOT NAN", m));
  EXPECT_FALSE(Manifest("amount < 1e9", m));
  // A float field: all null needs contains_nan = false to be sure.
  m.partitions[2] = Sum(true, std::nullopt, std::nullopt, std::nullopt);
  EXPECT_TRUE(Manifest("amount IS NOT NULL", m));
  m.partitions[2] = Sum(true, false, std::nullopt, std::nullopt);
  EXPECT_FALSE(Manifest("amount IS NOT NULL", m));
  // No summaries at all: can not decide.
  ManifestFile empty;
  EXPECT_TRUE(Manifest("country = 'XX'", empty));
  // Undecodable bounds: can not decide.
  ManifestFile bad = m;
  bad.partitions[0] = Sum(false, std::nullopt, std::nullopt, std::nullopt);
  bad.partitions[0].lower_bound = "x";
  bad.partitions[0].upper_bound = "y";
  EXPECT_TRUE(Manifest("ts > '2090-01-01'", bad));
}

bool Partition(std::string_view where, const std::vector<Literal>& tuple) {
  auto ev = PartitionEvaluator::Make(TestSchema(), Spec(), W(where));
  EXPECT_TRUE(ev.has_value()) << (ev ? "" : ev.error().message());
  return ev && (*ev)->MightMatch(tuple);
}

TEST(ExprPartitionEvaluatorTest, Tuples) {
  std::vector<Literal> t = {Literal::Date(Days("2024-01-01")), Literal::String("US"), Literal::Double(2.5)};
  EXPECT_TRUE(Partition("ts >= '2024-01-01T23:00:00'", t));
  EXPECT_FALSE(Partition("ts >= '2024-01-02T00:00:00'", t));
  EXPECT_TRUE(Partition("ts < '2024-01-01T00:00:00.000001'", t));
  EXPECT_FALSE(Partition("ts < '2024-01-01T00:00:00'", t));
  EXPECT_TRUE(Partition("country = 'US' and amount = 2.5", t));
  EXPECT_FALSE(Partition("country = 'US' and amount != 2.5", t));
  EXPECT_TRUE(Partition("country = 'FR' or amount in (1, 2.5)", t));
  EXPECT_FALSE(Partition("NOT (country LIKE 'U%')", t));
  EXPECT_FALSE(Partition("country IS NULL", t));
  std::vector<Literal> nulls = {Literal::Null(Type::Date()), Literal::Null(Type::String()),
                                Literal::Double(std::nan(""))};
  EXPECT_TRUE(Partition("ts IS NULL", nulls));
  EXPECT_FALSE(Partition("ts > '2000-01-01'", nulls));
  EXPECT_FALSE(Partition("country != 'US'", nulls));  // SQL: a comparison with null is false
  EXPECT_TRUE(Partition("amount IS NAN", nulls));
  EXPECT_FALSE(Partition("amount > 0", nulls));
  EXPECT_TRUE(Partition("amount != 0", nulls));
}

DataFile File() {
  DataFile f;
  f.record_count = 10;
  // amount (4): 2 nulls, 1 NaN, values in [1, 5]
  f.value_counts[4] = 10;
  f.null_value_counts[4] = 2;
  f.nan_value_counts[4] = 1;
  f.lower_bounds[4] = ToBytes(Literal::Double(1.0));
  f.upper_bounds[4] = ToBytes(Literal::Double(5.0));
  // country (6): truncated bounds of "Germany".."United States": lower "Ge", upper "Uo" (incremented)
  f.value_counts[6] = 10;
  f.null_value_counts[6] = 0;
  f.lower_bounds[6] = "Ge";
  f.upper_bounds[6] = "Uo";
  // page (20): upper bound truncated without increment ("http" for "https://z")
  f.value_counts[20] = 10;
  f.null_value_counts[20] = 0;
  f.lower_bounds[20] = "ftp";
  f.upper_bounds[20] = "http";
  // n (2): all null
  f.value_counts[2] = 10;
  f.null_value_counts[2] = 10;
  // f (5): all NaN
  f.value_counts[5] = 10;
  f.null_value_counts[5] = 0;
  f.nan_value_counts[5] = 10;
  // user_id (3): int bounds widened to long; no counts
  f.lower_bounds[3] = ToBytes(Literal::Int(100));
  f.upper_bounds[3] = ToBytes(Literal::Int(200));
  return f;
}

bool Metrics(std::string_view where, const DataFile& f) {
  auto ev = MetricsEvaluator::Make(TestSchema(), W(where));
  EXPECT_TRUE(ev.has_value()) << (ev ? "" : ev.error().message());
  return ev && (*ev)->MightMatch(f);
}

TEST(ExprMetricsEvaluatorTest, RangesAndCounts) {
  DataFile f = File();
  EXPECT_TRUE(Metrics("amount < 1.5", f));
  EXPECT_FALSE(Metrics("amount < 1", f));
  EXPECT_TRUE(Metrics("amount <= 1", f));
  EXPECT_FALSE(Metrics("amount > 5", f));
  EXPECT_TRUE(Metrics("amount >= 5", f));
  EXPECT_FALSE(Metrics("amount = 6", f));
  EXPECT_TRUE(Metrics("amount IS NULL", f));
  EXPECT_TRUE(Metrics("amount IS NAN", f));
  EXPECT_FALSE(Metrics("country IS NULL", f));
  EXPECT_TRUE(Metrics("country IS NOT NULL", f));
  EXPECT_FALSE(Metrics("user_id in (1, 2, 99, 201)", f));
  EXPECT_TRUE(Metrics("user_id in (1, 150, 201)", f));
  EXPECT_TRUE(Metrics("user_id in (1, 200)", f));
  EXPECT_FALSE(Metrics("user_id < 100", f));
  EXPECT_TRUE(Metrics("user_id IS NULL", f));  // no null count: can not tell
  EXPECT_TRUE(Metrics("d = '2024-01-01'", f));  // no stats
  EXPECT_FALSE(Metrics("amount > 5 and d = '2024-01-01'", f));
  EXPECT_TRUE(Metrics("amount > 5 or d = '2024-01-01'", f));
  DataFile empty = f;
  empty.record_count = 0;
  EXPECT_FALSE(Metrics("true", empty));
}

TEST(ExprMetricsEvaluatorTest, AllNullAndAllNaN) {
  DataFile f = File();
  EXPECT_FALSE(Metrics("n IS NOT NULL", f));
  EXPECT_FALSE(Metrics("n = 1", f));
  EXPECT_FALSE(Metrics("n < 1", f));
  EXPECT_FALSE(Metrics("n in (1, 2)", f));
  EXPECT_FALSE(Metrics("n != 1", f));
  EXPECT_TRUE(Metrics("n IS NULL", f));
  EXPECT_FALSE(Metrics("f IS NOT NAN", f));
  EXPECT_TRUE(Metrics("f IS NAN", f));
  EXPECT_FALSE(Metrics("f > 0", f));
  EXPECT_FALSE(Metrics("f = 0", f));
  EXPECT_TRUE(Metrics("f != 0", f));
  EXPECT_FALSE(Metrics("f IS NULL", f));
  // A NaN lower bound (old writers) is ignored rather than trusted.
  DataFile g = File();
  g.lower_bounds[4] = ToBytes(Literal::Double(std::nan("")));
  EXPECT_TRUE(Metrics("amount < 0", g));
}

TEST(ExprMetricsEvaluatorTest, TruncatedStringBounds) {
  DataFile f = File();
  // country in ["Ge", "Uo"]: "United States" and "Germany" may be in the file.
  EXPECT_TRUE(Metrics("country = 'United States'", f));
  EXPECT_TRUE(Metrics("country = 'Germany'", f));
  EXPECT_FALSE(Metrics("country = 'France'", f));
  EXPECT_FALSE(Metrics("country = 'Vietnam'", f));
  EXPECT_TRUE(Metrics("country LIKE 'Un%'", f));
  EXPECT_TRUE(Metrics("country LIKE 'G%'", f));
  EXPECT_FALSE(Metrics("country LIKE 'F%'", f));
  EXPECT_FALSE(Metrics("country LIKE 'Up%'", f));
  EXPECT_TRUE(Metrics("country > 'Unz'", f));
  EXPECT_TRUE(Metrics("country > 'Uo'", f));  // "Uo" may be a plain truncation
  EXPECT_FALSE(Metrics("country > 'Up'", f));
  EXPECT_FALSE(Metrics("country NOT LIKE 'G%'", f) && false);
  // page's upper "http" may be a plain truncation of "https://z...": values starting with
  // it may be larger than it.
  EXPECT_TRUE(Metrics("page = 'https://x'", f));
  EXPECT_TRUE(Metrics("page LIKE 'https://x%'", f));
  EXPECT_TRUE(Metrics("page > 'http'", f));
  EXPECT_TRUE(Metrics("page >= 'https'", f));
  EXPECT_TRUE(Metrics("page in ('a', 'https://q')", f));
  EXPECT_FALSE(Metrics("page = 'hu'", f));
  EXPECT_FALSE(Metrics("page LIKE 'i%'", f));
  EXPECT_FALSE(Metrics("page < 'ftp'", f));
  // Both bounds start with the prefix: every value does.
  DataFile g = File();
  g.lower_bounds[20] = "https://a";
  g.upper_bounds[20] = "https://z";
  EXPECT_FALSE(Metrics("page NOT LIKE 'https://%'", g));
  EXPECT_TRUE(Metrics("page NOT LIKE 'https://b%'", g));
}

}  // namespace
}  // namespace firn::iceberg
