// MetricsEvaluator: Java's InclusiveMetricsEvaluator rules over a DataFile's column metrics
// (see README.md). Bounds exclude nulls and NaNs; string and binary bounds may be truncated,
// so an upper bound that is a proper prefix of the literal is not trusted to be below it.
#include <algorithm>
#include <cmath>

#include "firn/common/macros.h"
#include "firn/iceberg/expressions/binder.h"
#include "firn/iceberg/expressions/evaluators.h"
#include "firn/iceberg/expressions/value_evaluator.h"
#include "firn/iceberg/types/literal_bytes.h"

namespace firn::iceberg {
namespace {

template <typename Map>
auto Find(const Map& m, int32_t id) -> const typename Map::mapped_type* {
  auto it = m.find(id);
  return it == m.end() ? nullptr : &it->second;
}

bool IsBytes(const Type& t) { return t.id() == TypeId::kString || t.id() == TypeId::kBinary; }

class FileMetrics {
 public:
  FileMetrics(const DataFile& f, const Expression& p) : f_(f), p_(p), id_(p.ref->field_id.value()) {}

  bool NullsOnly() const {
    const int64_t* values = Find(f_.value_counts, id_);
    const int64_t* nulls = Find(f_.null_value_counts, id_);
    return values != nullptr && nulls != nullptr && *values == *nulls;
  }
  bool NaNsOnly() const {
    const int64_t* values = Find(f_.value_counts, id_);
    const int64_t* nans = Find(f_.nan_value_counts, id_);
    return values != nullptr && nans != nullptr && *values == *nans;
  }
  // Null and NaN counts together cover every value: no ordered comparison can match.
  bool NoOrderedValues() const {
    if (NullsOnly() || NaNsOnly()) return true;
    const int64_t* values = Find(f_.value_counts, id_);
    const int64_t* nulls = Find(f_.null_value_counts, id_);
    const int64_t* nans = Find(f_.nan_value_counts, id_);
    return values != nullptr && nulls != nullptr && nans != nullptr && *values == *nulls + *nans;
  }
  std::optional<Literal> Lower() const { return Bound(f_.lower_bounds); }
  std::optional<Literal> Upper() const { return Bound(f_.upper_bounds); }
  bool HasNullCount() const { return Find(f_.null_value_counts, id_) != nullptr; }
  int64_t NullCount() const { return *Find(f_.null_value_counts, id_); }
  bool HasNaNCount() const { return Find(f_.nan_value_counts, id_) != nullptr; }
  int64_t NaNCount() const { return *Find(f_.nan_value_counts, id_); }

 private:
  std::optional<Literal> Bound(const std::map<int32_t, std::string>& bounds) const {
    const std::string* b = Find(bounds, id_);
    if (b == nullptr) return std::nullopt;
    auto v = FromBytes(p_.ref->type, *b);
    if (!v || IsNaN(*v)) return std::nullopt;  // undecodable or NaN (old writers): unknown
    return std::move(*v);
  }

  const DataFile& f_;
  const Expression& p_;
  int32_t id_;
};

// upper < v, trusting a string or binary upper bound only when it is not a proper prefix
// of v (a bound truncated without being incremented).
bool UpperBelow(const Literal& upper, const Literal& v) {
  if (Compare(upper, v) >= 0) return false;
  if (IsBytes(upper.type) && upper.bytes().size() < v.bytes().size() && v.bytes().starts_with(upper.bytes())) {
    return false;
  }
  return true;
}

bool MightMatchPredicate(const Expression& p, const DataFile& f) {
  FileMetrics m(f, p);
  switch (p.op) {
    case Operation::kIsNull: return !m.HasNullCount() || m.NullCount() > 0;
    case Operation::kNotNull: return !m.NullsOnly();
    case Operation::kIsNan: return (!m.HasNaNCount() || m.NaNCount() > 0) && !m.NullsOnly();
    case Operation::kNotNan: return !m.NaNsOnly() && !m.NullsOnly();
    case Operation::kNotEq:
    case Operation::kNotIn: return !m.NullsOnly();
    default: break;
  }
  if (m.NoOrderedValues()) return false;
  std::optional<Literal> lower = m.Lower();
  std::optional<Literal> upper = m.Upper();
  switch (p.op) {
    case Operation::kLt: return !lower || Compare(*lower, p.literal()) < 0;
    case Operation::kLtEq: return !lower || Compare(*lower, p.literal()) <= 0;
    case Operation::kGt:
      if (!upper) return true;
      // A truncated upper bound equal to a prefix of the literal may stand for larger values.
      if (IsBytes(upper->type) && p.literal().bytes().starts_with(upper->bytes())) return true;
      return Compare(*upper, p.literal()) > 0;
    case Operation::kGtEq: return !upper || !UpperBelow(*upper, p.literal());
    case Operation::kEq:
      if (lower && Compare(*lower, p.literal()) > 0) return false;
      return !upper || !UpperBelow(*upper, p.literal());
    case Operation::kIn: {
      auto begin = p.literals.begin();
      if (lower) {
        begin = std::lower_bound(p.literals.begin(), p.literals.end(), *lower,
                                 [](const Literal& a, const Literal& b) { return Compare(a, b) < 0; });
      }
      if (begin == p.literals.end()) return false;
      return !upper || !UpperBelow(*upper, *begin);
    }
    case Operation::kStartsWith: {
      const std::string& prefix = p.literal().bytes();
      if (lower && std::string_view(lower->bytes()).substr(0, prefix.size()) > prefix) return false;
      if (upper) {
        std::string_view hi(upper->bytes());
        // A truncated upper bound shorter than the prefix may stand for values starting with it.
        if (hi.size() < prefix.size() && std::string_view(prefix).starts_with(hi)) return true;
        if (hi.substr(0, prefix.size()) < prefix) return false;
      }
      return true;
    }
    case Operation::kNotStartsWith: {
      if (!lower || !upper) return true;
      const std::string& prefix = p.literal().bytes();
      // Bounds are prefixes of real values (or incremented ones, which then do not start with
      // the prefix): when both start with it, so does every value between them.
      return !(lower->bytes().starts_with(prefix) && upper->bytes().starts_with(prefix));
    }
    default: return true;
  }
}

bool Eval(const Expression& e, const DataFile& f) {
  switch (e.op) {
    case Operation::kTrue: return true;
    case Operation::kFalse: return false;
    case Operation::kAnd: return Eval(*e.left, f) && Eval(*e.right, f);
    case Operation::kOr: return Eval(*e.left, f) || Eval(*e.right, f);
    default: return MightMatchPredicate(e, f);
  }
}

}  // namespace

Result<std::unique_ptr<MetricsEvaluator>> MetricsEvaluator::Make(const Schema& schema, const ExprPtr& filter,
                                                                 bool case_sensitive) {
  FIRN_ASSIGN_OR_RETURN(ExprPtr bound, Bind(schema, filter, case_sensitive));
  return std::unique_ptr<MetricsEvaluator>(new MetricsEvaluator(std::move(bound)));
}

bool MetricsEvaluator::MightMatch(const DataFile& file) const {
  if (file.record_count == 0) return false;  // an empty file holds no rows
  return Eval(*filter_, file);
}

}  // namespace firn::iceberg
