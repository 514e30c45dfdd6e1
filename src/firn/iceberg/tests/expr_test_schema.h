// A schema shared by the expression tests (header-only test helper).
#pragma once

#include "firn/iceberg/expressions/binder.h"
#include "firn/iceberg/expressions/parser.h"
#include "firn/iceberg/types/schema.h"
#include "firn/iceberg/types/temporal.h"

namespace firn::iceberg::expr_test {

//  1 id long (required)      2 n int              3 user_id long
//  4 amount double           5 f float            6 country string
//  7 price decimal(9,2)      8 big decimal(30,4)  9 d date
// 10 ts timestamp           11 tstz timestamptz  12 device struct<13 os string, 14 ver int (required)>
// 15 tags list<16 string>   17 flag boolean      18 uid uuid        19 fx fixed[3]
// 20 page string            21 mid decimal(15,3)
inline Schema TestSchema() {
  return Schema(0, {
                       Required(1, "id", Type::Long()),
                       Optional(2, "n", Type::Int()),
                       Optional(3, "user_id", Type::Long()),
                       Optional(4, "amount", Type::Double()),
                       Optional(5, "f", Type::Float()),
                       Optional(6, "country", Type::String()),
                       Optional(7, "price", Type::Decimal(9, 2)),
                       Optional(8, "big", Type::Decimal(30, 4)),
                       Optional(9, "d", Type::Date()),
                       Optional(10, "ts", Type::Timestamp()),
                       Optional(11, "tstz", Type::TimestampTz()),
                       Optional(12, "device", Type::Struct({Optional(13, "os", Type::String()),
                                                             Required(14, "ver", Type::Int())})),
                       Optional(15, "tags", Type::List(16, false, Type::String())),
                       Optional(17, "flag", Type::Boolean()),
                       Optional(18, "uid", Type::Uuid()),
                       Optional(19, "fx", Type::Fixed(3)),
                       Optional(20, "page", Type::String()),
                       Optional(21, "mid", Type::Decimal(15, 3)),
                   });
}

inline Result<ExprPtr> BindWhere(const Schema& schema, std::string_view where, bool case_sensitive = true) {
  auto e = ParseWhere(where);
  if (!e) return std::unexpected(e.error());
  return Bind(schema, *e, case_sensitive);
}

inline int64_t Micros(std::string_view ts) { return *ParseTimestamp(ts, false, false, false); }
inline int32_t Days(std::string_view d) { return *ParseDate(d); }

}  // namespace firn::iceberg::expr_test
