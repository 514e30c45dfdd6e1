#include "firn/iceberg/expressions/value_evaluator.h"

#include <algorithm>
#include <cmath>

namespace firn::iceberg {

bool IsNaN(const Literal& v) {
  if (const float* f = std::get_if<float>(&v.value)) return std::isnan(*f);
  if (const double* d = std::get_if<double>(&v.value)) return std::isnan(*d);
  return false;
}

bool EvaluateOnValue(const Expression& p, const Literal& v) {
  if (p.op == Operation::kIsNull) return v.is_null();
  if (p.op == Operation::kNotNull) return !v.is_null();
  if (v.is_null()) return false;
  bool nan = IsNaN(v);
  auto less = [](const Literal& a, const Literal& b) { return Compare(a, b) < 0; };
  switch (p.op) {
    case Operation::kIsNan: return nan;
    case Operation::kNotNan: return !nan;
    case Operation::kNotEq: return nan || Compare(v, p.literal()) != 0;
    case Operation::kNotIn: return nan || !std::binary_search(p.literals.begin(), p.literals.end(), v, less);
    default: break;
  }
  if (nan) return false;
  switch (p.op) {
    case Operation::kLt: return Compare(v, p.literal()) < 0;
    case Operation::kLtEq: return Compare(v, p.literal()) <= 0;
    case Operation::kGt: return Compare(v, p.literal()) > 0;
    case Operation::kGtEq: return Compare(v, p.literal()) >= 0;
    case Operation::kEq: return Compare(v, p.literal()) == 0;
    case Operation::kIn: return std::binary_search(p.literals.begin(), p.literals.end(), v, less);
    case Operation::kStartsWith: return v.bytes().starts_with(p.literal().bytes());
    case Operation::kNotStartsWith: return !v.bytes().starts_with(p.literal().bytes());
    default: return false;
  }
}

}  // namespace firn::iceberg
