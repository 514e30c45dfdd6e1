// Randomised check of the evaluators against each other: for random rows grouped into files
// by partition, and random filters, RowFilter must agree with a scalar evaluation of each
// row, and whenever it selects a row of a file, the metrics, partition and manifest
// evaluators must say "might match" (they may never give a false negative).
#include <cmath>
#include <map>
#include <random>

#include <gtest/gtest.h>

#include "firn/iceberg/data/parquet_schema.h"
#include "firn/iceberg/expressions/binder.h"
#include "firn/iceberg/expressions/evaluators.h"
#include "firn/iceberg/expressions/row_filter.h"
#include "firn/iceberg/expressions/value_evaluator.h"
#include "firn/iceberg/types/literal_bytes.h"
#include "firn/iceberg/types/temporal.h"

namespace firn::iceberg {
namespace {

constexpr int kCols = 5;  // i int, l long, d double, s string, ts timestamp

Schema RandomSchema() {
  return Schema(0, {Optional(1, "i", Type::Int()), Optional(2, "l", Type::Long()), Optional(3, "d", Type::Double()),
                    Optional(4, "s", Type::String()), Optional(5, "ts", Type::Timestamp())});
}

PartitionSpec RandomSpec() {
  return PartitionSpec{1, {PartitionField{FieldId(5), FieldId(1000), "ts_day", Transform::Day()},
                           PartitionField{FieldId(2), FieldId(1001), "l_bucket", Transform::Bucket(3)},
                           PartitionField{FieldId(4), FieldId(1002), "s_trunc", Transform::Truncate(2)},
                           PartitionField{FieldId(1), FieldId(1003), "i", Transform::Identity()}}};
}

using Row = std::vector<Literal>;  // one literal per column

class Gen {
 public:
  explicit Gen(uint32_t seed) : rng_(seed) {}
  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool Chance(int percent) { return Int(1, 100) <= percent; }

  Literal Value(int col, bool allow_null = true) {
    if (allow_null && Chance(15)) return Literal::Null(RandomSchema().fields()[col].type);
    switch (col) {
      case 0: return Literal::Int(Int(-3, 3));
      case 1: return Literal::Long(Int(-50, 50));
      case 2: {
        int k = Int(0, 9);
        if (k == 0) return Literal::Double(std::nan(""));
        if (k == 1) return Literal::Double(-0.0);
        return Literal::Double(Int(-20, 20) / 4.0);
      }
      case 3: {
        std::string s;
        int n = Int(0, 5);
        for (int j = 0; j < n; ++j) s += static_cast<char>('a' + Int(0, 2));
        return Literal::String(s);
      }
      default: return Literal::Timestamp(int64_t{Int(-3 * 24, 3 * 24)} * kMicrosPerHour + Int(-1, 1));
    }
  }

  // A filter literal as the parser would give it (strings for timestamps).
  Literal FilterValue(int col) {
    Literal v = Value(col, false);
    if (col == 2 && std::isnan(std::get<double>(v.value))) return Literal::Double(1.25);
    if (col == 0) return Literal::Long(v.int32());
    if (col == 4) return Literal::String(FormatTimestamp(v.int64(), false, false));
    return v;
  }

  ExprPtr Pred() {
    static constexpr const char* kNames[kCols] = {"i", "l", "d", "s", "ts"};
    int col = Int(0, kCols - 1);
    std::string name = kNames[col];
    int k = Int(0, 13);
    switch (k) {
      case 0: return Predicate(Operation::kIsNull, name);
      case 1: return Predicate(Operation::kNotNull, name);
      case 2:
      case 3: {
        std::vector<Literal> vs;
        int n = Int(1, 5);
        for (int j = 0; j < n; ++j) vs.push_back(FilterValue(col));
        return Predicate(k == 2 ? Operation::kIn : Operation::kNotIn, name, vs);
      }
      case 4:
        if (col == 2) return Predicate(Chance(50) ? Operation::kIsNan : Operation::kNotNan, name);
        if (col == 3) {
          Literal p = FilterValue(3);
          return Predicate(Chance(50) ? Operation::kStartsWith : Operation::kNotStartsWith, name, {p});
        }
        [[fallthrough]];
      default: {
        static constexpr Operation kOps[] = {Operation::kLt, Operation::kLtEq, Operation::kGt,
                                             Operation::kGtEq, Operation::kEq, Operation::kNotEq};
        return Predicate(kOps[Int(0, 5)], name, {FilterValue(col)});
      }
    }
  }

  ExprPtr Expr(int depth) {
    if (depth == 0 || Chance(40)) return Pred();
    switch (Int(0, 2)) {
      case 0: return And(Expr(depth - 1), Expr(depth - 1));
      case 1: return Or(Expr(depth - 1), Expr(depth - 1));
      default: return Not(Expr(depth - 1));
    }
  }

 private:
  std::mt19937 rng_;
};

bool EvalRow(const Expression& e, const Row& row) {
  switch (e.op) {
    case Operation::kTrue: return true;
    case Operation::kFalse: return false;
    case Operation::kAnd: return EvalRow(*e.left, row) && EvalRow(*e.right, row);
    case Operation::kOr: return EvalRow(*e.left, row) || EvalRow(*e.right, row);
    default: return EvaluateOnValue(e, row[static_cast<size_t>(e.ref->field_id.value() - 1)]);
  }
}

struct File {
  std::vector<Literal> partition;
  std::vector<Row> rows;
  DataFile data_file;
  parquet::RecordBatch batch;
};

bool Less(const Literal& a, const Literal& b) { return Compare(a, b) < 0; }

void ComputeStats(File* f, Gen* gen) {
  DataFile& df = f->data_file;
  df.partition = f->partition;
  df.record_count = static_cast<int64_t>(f->rows.size());
  for (int c = 0; c < kCols; ++c) {
    int32_t id = c + 1;
    int64_t nulls = 0, nans = 0;
    std::optional<Literal> lo, hi;
    for (const Row& r : f->rows) {
      const Literal& v = r[static_cast<size_t>(c)];
      if (v.is_null()) {
        ++nulls;
        continue;
      }
      if (IsNaN(v)) {
        ++nans;
        continue;
      }
      if (!lo || Less(v, *lo)) lo = v;
      if (!hi || Less(*hi, v)) hi = v;
    }
    if (gen->Chance(10)) continue;  // sometimes no metrics at all for a column
    df.value_counts[id] = df.record_count;
    df.null_value_counts[id] = nulls;
    if (c == 2) df.nan_value_counts[id] = nans;
    if (!lo) continue;
    std::string lb = ToBytes(*lo), ub = ToBytes(*hi);
    if (c == 3) {  // truncated string bounds, as writers store them
      if (lb.size() > 2) lb.resize(2);
      if (ub.size() > 2) {
        ub.resize(2);
        if (gen->Chance(50)) ++ub.back();  // incremented (Java) or plain truncation
      }
    }
    df.lower_bounds[id] = lb;
    df.upper_bounds[id] = ub;
  }
}

parquet::RecordBatch ToBatch(const std::vector<Row>& rows) {
  auto ps = ToParquetSchema(RandomSchema());
  parquet::RecordBatch b = parquet::MakeBatch(**ps);
  for (const Row& r : rows) {
    auto& c = b.columns;
    r[0].is_null() ? c[0].AppendNull(4) : c[0].AppendValue(r[0].int32());
    r[1].is_null() ? c[1].AppendNull(8) : c[1].AppendValue(r[1].int64());
    r[2].is_null() ? c[2].AppendNull(8) : c[2].AppendValue(std::get<double>(r[2].value));
    r[3].is_null() ? c[3].AppendNull(0) : c[3].AppendBytes(r[3].bytes());
    r[4].is_null() ? c[4].AppendNull(8) : c[4].AppendValue(r[4].int64());
    ++b.num_rows;
  }
  EXPECT_TRUE(parquet::ValidateBatch(**ps, b).has_value());
  return b;
}

ManifestFile Summarize(const std::vector<File>& files, const PartitionSpec& spec) {
  ManifestFile m;
  for (size_t k = 0; k < spec.fields.size(); ++k) {
    PartitionFieldSummary s;
    std::optional<Literal> lo, hi;
    for (const File& f : files) {
      const Literal& v = f.partition[k];
      if (v.is_null()) {
        s.contains_null = true;
        continue;
      }
      if (!lo || Less(v, *lo)) lo = v;
      if (!hi || Less(*hi, v)) hi = v;
    }
    if (lo) {
      s.lower_bound = ToBytes(*lo);
      s.upper_bound = ToBytes(*hi);
    }
    m.partitions.push_back(s);
  }
  return m;
}

TEST(ExprRandomTest, NoFalseNegatives) {
  const Schema schema = RandomSchema();
  const PartitionSpec spec = RandomSpec();
  int selected_files = 0, skipped_files = 0;
  for (uint32_t seed = 1; seed <= 12; ++seed) {
    Gen gen(seed);
    std::map<std::string, File> by_partition;
    for (int r = 0; r < 300; ++r) {
      Row row;
      for (int c = 0; c < kCols; ++c) row.push_back(gen.Value(c));
      std::vector<Literal> tuple;
      std::string key;
      for (const PartitionField& pf : spec.fields) {
        auto v = pf.transform.Apply(row[static_cast<size_t>(pf.source_id.value() - 1)]);
        ASSERT_TRUE(v.has_value());
        key += v->ToString() + "|";
        tuple.push_back(*v);
      }
      File& f = by_partition[key];
      f.partition = tuple;
      f.rows.push_back(row);
    }
    std::vector<File> files;
    for (auto& [key, f] : by_partition) {
      ComputeStats(&f, &gen);
      f.batch = ToBatch(f.rows);
      files.push_back(std::move(f));
    }
    ManifestFile manifest = Summarize(files, spec);

    for (int q = 0; q < 60; ++q) {
      ExprPtr filter = gen.Expr(3);
      auto bound = Bind(schema, filter);
      ASSERT_TRUE(bound.has_value()) << filter->ToString() << ": " << bound.error().message();
      auto rf = RowFilter::Make(schema, filter);
      auto me = MetricsEvaluator::Make(schema, filter);
      auto pe = PartitionEvaluator::Make(schema, spec, filter);
      auto mf = ManifestEvaluator::Make(schema, spec, filter);
      ASSERT_TRUE(rf && me && pe && mf) << filter->ToString();
      bool any = false;
      for (const File& f : files) {
        std::vector<uint8_t> sel;
        ASSERT_TRUE((*rf)->Select(f.batch, &sel).has_value());
        bool file_any = false;
        for (size_t r = 0; r < f.rows.size(); ++r) {
          ASSERT_EQ(sel[r] != 0, EvalRow(**bound, f.rows[r]))
              << "seed " << seed << " filter " << (*bound)->ToString() << " row " << r;
          file_any |= sel[r] != 0;
        }
        any |= file_any;
        if (file_any) {
          ++selected_files;
          EXPECT_TRUE((*me)->MightMatch(f.data_file)) << "metrics false negative: " << (*bound)->ToString();
          EXPECT_TRUE((*pe)->MightMatch(f.partition))
              << "partition false negative: " << (*bound)->ToString() << " -> "
              << (*pe)->partition_filter()->ToString();
        } else if (!(*me)->MightMatch(f.data_file) || !(*pe)->MightMatch(f.partition)) {
          ++skipped_files;
        }
      }
      if (any) {
        EXPECT_TRUE((*mf)->MightMatch(manifest))
            << "manifest false negative: " << (*mf)->partition_filter()->ToString();
      }
    }
  }
  // The test must exercise both outcomes to mean anything.
  EXPECT_GT(selected_files, 100);
  EXPECT_GT(skipped_files, 100);
}

}  // namespace
}  // namespace firn::iceberg
