#include "firn/iceberg/types/assign_ids.h"

#include <cassert>

namespace firn::iceberg {

Type WithChildren(const Type& t, std::vector<NestedField> c) {
  switch (t.id()) {
    case TypeId::kStruct:
      return Type::Struct(std::move(c));
    case TypeId::kList:
      return Type::List(c[0].id.value(), c[0].required, std::move(c[0].type));
    case TypeId::kMap:
      return Type::Map(c[0].id.value(), std::move(c[0].type), c[1].id.value(), c[1].required,
                       std::move(c[1].type));
    default:
      assert(false);
      return t;
  }
}

std::vector<NestedField> AssignFreshIds(const std::vector<NestedField>& fields,
                                        const std::function<int32_t()>& next) {
  std::vector<NestedField> out = fields;
  for (NestedField& f : out) f.id = FieldId(next());
  for (NestedField& f : out) {
    if (f.type.is_nested()) f.type = AssignFreshIds(f.type, next);
  }
  return out;
}

Type AssignFreshIds(const Type& type, const std::function<int32_t()>& next) {
  if (type.is_primitive()) return type;
  return WithChildren(type, AssignFreshIds(type.fields(), next));
}

}  // namespace firn::iceberg
