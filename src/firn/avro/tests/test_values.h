// Values of testing::kEveryTypeSchema shared by the avro tests.
#pragma once

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "firn/avro/value.h"

namespace firn::avro::testing {

// Record number `i` of kEveryTypeSchema; `depth` > 0 nests a record in "next".
inline Value EveryTypeValue(int i, int depth = 0) {
  std::string s = i % 3 == 0 ? "grüße, 世界 🧊" : "row " + std::to_string(i);
  std::vector<Value> fields = {
      Value::Boolean(i % 2 == 0),
      Value::Int(i % 5 == 0 ? std::numeric_limits<int32_t>::min() : i * 1000),
      Value::Long(i % 7 == 0 ? std::numeric_limits<int64_t>::max() : -int64_t{i} * 123456789012),
      Value::Float(1.5f * static_cast<float>(i)),
      Value::Double(i % 4 == 0 ? -0.0 : 1e300 / (i + 1)),
      Value::Bytes(std::string("\x00\xff\x10", 3) + std::to_string(i)),
      Value::String(s),
      Value::Null(),
      Value::Enum(i % 3),
      Value::Fixed(std::string("\x01\x02\x03", 3) + static_cast<char>(i)),
      Value::Fixed("abcd"),
      i % 2 == 0 ? Value::Null().WithBranch(0) : Value::Long(i).WithBranch(1),
      Value::Array(i % 4 == 0 ? std::vector<Value>{}
                              : std::vector<Value>{Value::String("a"), Value::String(s)}),
      Value::Map({{"x", Value::Int(i).WithBranch(1)}, {"ключ", Value::Null().WithBranch(0)}}),
      Value::Array({Value::Record({Value::Int(1), Value::Bytes("one")}),
                    Value::Record({Value::Int(2), Value::Bytes("")})}),
      Value::Fixed(std::string(9, static_cast<char>(i))),
      Value::Int(19000 + i),
      Value::Long(1700000000000000 + i),
      Value::Fixed(std::string(16, 'u')),
      depth > 0 ? EveryTypeValue(i + 1, depth - 1).WithBranch(1) : Value::Null().WithBranch(0),
      i % 4 == 0   ? Value::Null().WithBranch(0)
      : i % 4 == 1 ? Value::String(s).WithBranch(1)
      : i % 4 == 2 ? Value::Double(2.25).WithBranch(2)
                   : Value::Enum(2).WithBranch(3),
  };
  return Value::Record(std::move(fields));
}

}  // namespace firn::avro::testing
