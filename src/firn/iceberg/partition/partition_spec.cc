#include "firn/iceberg/partition/partition_spec.h"

#include <algorithm>
#include <set>

namespace firn::iceberg {

bool PartitionSpec::IsUnpartitioned() const {
  return std::all_of(fields.begin(), fields.end(), [](const PartitionField& f) {
    return f.transform.kind == TransformKind::kVoid;
  });
}

int32_t PartitionSpec::LastAssignedFieldId() const {
  int32_t last = kUnpartitionedLastAssignedId;
  for (const PartitionField& f : fields) last = std::max(last, f.field_id.value());
  return last;
}

Result<Type> PartitionSpec::PartitionType(const Schema& schema) const {
  std::vector<NestedField> out;
  for (const PartitionField& f : fields) {
    const NestedField* source = schema.FindField(f.source_id);
    if (source == nullptr) {
      return InvalidArgument("partition spec {}: field '{}': source field {} does not exist",
                             spec_id, f.name, f.source_id.value());
    }
    auto type = f.transform.ResultType(source->type);
    if (!type) {
      return InvalidArgument("partition spec {}: field '{}': {}", spec_id, f.name,
                             type.error().message());
    }
    out.push_back(NestedField{f.field_id, f.name, false, std::move(*type)});
  }
  return Type::Struct(std::move(out));
}

Status PartitionSpec::Validate(const Schema& schema) const {
  std::set<std::string> names;
  std::set<int32_t> ids;
  std::set<std::pair<int32_t, std::string>> dedup;
  for (const PartitionField& f : fields) {
    auto fail = [&](std::string_view why) {
      return InvalidArgument("partition spec {}: field '{}': {}", spec_id, f.name, why);
    };
    if (f.name.empty()) return fail("empty partition name");
    if (!names.insert(f.name).second) return fail("partition name used more than once");
    if (!ids.insert(f.field_id.value()).second) {
      return fail(fmt::format("partition field id {} used more than once", f.field_id.value()));
    }
    const NestedField* source = schema.FindField(f.source_id);
    if (source == nullptr) {
      return fail(fmt::format("source field {} does not exist", f.source_id.value()));
    }
    if (!f.transform.CanTransform(source->type) || !source->type.is_primitive()) {
      return fail(fmt::format("transform {} cannot be applied to '{}' of type {}",
                              f.transform.ToString(), schema.FindColumnName(f.source_id),
                              source->type.ToString()));
    }
    const NestedField* same_name = schema.FindField(f.name);
    if (same_name != nullptr) {
      if (f.transform.kind != TransformKind::kIdentity) {
        return fail("the name exists in the schema (only an identity partition may reuse it)");
      }
      if (same_name->id != f.source_id) {
        return fail("an identity partition named after a different schema field");
      }
    }
    if (f.transform.kind != TransformKind::kVoid) {
      std::string key = f.transform.IsTemporal() ? "time" : f.transform.ToString();
      if (!dedup.emplace(f.source_id.value(), key).second) {
        return fail(fmt::format("redundant partition: '{}' already has a {} partition",
                                schema.FindColumnName(f.source_id), key));
      }
    }
  }
  return OkStatus();
}

}  // namespace firn::iceberg
