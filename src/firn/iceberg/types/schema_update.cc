#include "firn/iceberg/types/schema_update.h"

#include <algorithm>
#include <set>

#include "firn/common/macros.h"
#include "firn/iceberg/types/assign_ids.h"

namespace firn::iceberg {
namespace {

// Rebuilds `fields` with `edit` applied to the children of the field with id `target`.
Result<bool> EditIn(std::vector<NestedField>& fields, FieldId target,
                    const std::function<Status(std::vector<NestedField>&)>& edit) {
  for (NestedField& f : fields) {
    if (!f.type.is_nested()) continue;
    std::vector<NestedField> children = f.type.fields();
    bool done = false;
    if (f.id == target) {
      FIRN_RETURN_NOT_OK(edit(children));
      done = true;
    } else {
      FIRN_ASSIGN_OR_RETURN(done, EditIn(children, target, edit));
    }
    if (done) {
      f.type = WithChildren(f.type, std::move(children));
      return true;
    }
  }
  return false;
}

bool ContainsId(const NestedField& f, const std::vector<FieldId>& ids) {
  if (std::find(ids.begin(), ids.end(), f.id) != ids.end()) return true;
  for (const NestedField& c : f.type.fields()) {
    if (ContainsId(c, ids)) return true;
  }
  return false;
}

}  // namespace

SchemaUpdate::SchemaUpdate(Schema base, int32_t last_column_id)
    : current_(std::move(base)), last_column_id_(std::max(last_column_id, 0)) {}

Result<const SchemaFieldEntry*> SchemaUpdate::Find(std::string_view name) const {
  const NestedField* f = current_.FindField(name);
  if (f == nullptr) return InvalidArgument("column '{}' does not exist", name);
  return current_.FindEntry(f->id);
}

Status SchemaUpdate::EditStruct(FieldId struct_id,
                                const std::function<Status(std::vector<NestedField>&)>& edit) {
  std::vector<NestedField> fields = current_.fields();
  if (struct_id.value() == 0) {
    FIRN_RETURN_NOT_OK(edit(fields));
  } else {
    FIRN_ASSIGN_OR_RETURN(bool done, EditIn(fields, struct_id, edit));
    if (!done) return Internal("struct {} not found", struct_id.value());
  }
  auto next =
      Schema::Make(current_.schema_id(), std::move(fields), current_.identifier_field_ids());
  if (!next) return std::unexpected(next.error());
  current_ = std::move(*next);
  return OkStatus();
}

Status SchemaUpdate::EditSiblings(
    const SchemaFieldEntry& entry, std::string_view what,
    const std::function<Status(std::vector<NestedField>&, size_t)>& edit) {
  if (entry.parent_id.value() != 0) {
    const NestedField* parent = current_.FindField(entry.parent_id);
    if (parent->type.id() != TypeId::kStruct) {
      return InvalidArgument("cannot {} '{}': it is a list element or map key/value", what,
                             entry.path);
    }
  }
  FieldId id = entry.field->id;
  return EditStruct(entry.parent_id, [&](std::vector<NestedField>& siblings) {
    auto it = std::find_if(siblings.begin(), siblings.end(),
                           [&](const NestedField& f) { return f.id == id; });
    return edit(siblings, static_cast<size_t>(it - siblings.begin()));
  });
}

Status SchemaUpdate::AddColumn(std::string_view parent, std::string_view name, const Type& type,
                               bool required, std::string doc,
                               std::optional<Literal> initial_default) {
  if (name.empty()) return InvalidArgument("cannot add a column with an empty name");
  std::string full = parent.empty() ? std::string(name) : fmt::format("{}.{}", parent, name);
  FieldId target(0);
  if (!parent.empty()) {
    FIRN_ASSIGN_OR_RETURN(const SchemaFieldEntry* p, Find(parent));
    const NestedField* s = p->field;
    if (s->type.id() == TypeId::kList) s = &s->type.element();
    if (s->type.id() == TypeId::kMap) s = &s->type.value();
    if (s->type.id() != TypeId::kStruct) {
      return InvalidArgument("cannot add column '{}': parent '{}' is not a struct ({})", full,
                             parent, s->type.ToString());
    }
    target = s->id;
  }
  if (required && !initial_default) {
    return InvalidArgument(
        "incompatible change: cannot add required column '{}' without an initial default", full);
  }
  if (initial_default && (type.is_nested() || initial_default->type != type)) {
    return InvalidArgument("cannot add column '{}': the default is not a {} value", full,
                           type.ToString());
  }
  const int32_t saved_last = last_column_id_;
  NestedField field{FieldId(++last_column_id_),
                    std::string(name),
                    required,
                    AssignFreshIds(type, [this] { return ++last_column_id_; }),
                    std::move(doc),
                    initial_default,
                    initial_default};
  auto st = EditStruct(target, [&](std::vector<NestedField>& siblings) -> Status {
    for (const NestedField& f : siblings) {
      if (f.name == name) return InvalidArgument("cannot add column '{}': it already exists", full);
    }
    siblings.push_back(std::move(field));
    return OkStatus();
  });
  if (!st) last_column_id_ = saved_last;  // a refused column consumes no ids
  return st;
}

Status SchemaUpdate::RenameColumn(std::string_view name, std::string_view new_name) {
  FIRN_ASSIGN_OR_RETURN(const SchemaFieldEntry* e, Find(name));
  if (new_name.empty()) return InvalidArgument("cannot rename '{}' to an empty name", name);
  return EditSiblings(*e, "rename", [&](std::vector<NestedField>& s, size_t i) -> Status {
    for (const NestedField& f : s) {
      if (f.name == new_name && f.id != s[i].id) {
        return InvalidArgument("cannot rename '{}' to '{}': a column with that name exists", name,
                               new_name);
      }
    }
    s[i].name = std::string(new_name);
    return OkStatus();
  });
}

bool SchemaUpdate::IsAllowedPromotion(const Type& from, const Type& to) {
  if (from == to) return true;
  if (from.id() == TypeId::kInt && to.id() == TypeId::kLong) return true;
  if (from.id() == TypeId::kFloat && to.id() == TypeId::kDouble) return true;
  return from.id() == TypeId::kDecimal && to.id() == TypeId::kDecimal &&
         from.scale() == to.scale() && to.precision() >= from.precision();
}

Status SchemaUpdate::UpdateColumnType(std::string_view name, const Type& new_type) {
  FIRN_ASSIGN_OR_RETURN(const SchemaFieldEntry* e, Find(name));
  const Type& old = e->field->type;
  if (!old.is_primitive() || !new_type.is_primitive()) {
    return InvalidArgument(
        "cannot change the type of '{}' from {} to {}: only primitives can be widened", name,
        old.ToString(), new_type.ToString());
  }
  if (!IsAllowedPromotion(old, new_type)) {
    return InvalidArgument("cannot change the type of '{}' from {} to {}: not a safe widening",
                           name, old.ToString(), new_type.ToString());
  }
  FieldId id = e->field->id;
  FieldId parent = e->parent_id;
  return EditStruct(parent, [&](std::vector<NestedField>& s) -> Status {
    for (NestedField& f : s) {
      if (f.id == id) f.type = new_type;
    }
    return OkStatus();
  });
}

Status SchemaUpdate::MakeColumnOptional(std::string_view name) {
  FIRN_ASSIGN_OR_RETURN(const SchemaFieldEntry* e, Find(name));
  const auto& ids = current_.identifier_field_ids();
  if (std::find(ids.begin(), ids.end(), e->field->id) != ids.end()) {
    return InvalidArgument("cannot make '{}' optional: it is an identifier field", name);
  }
  if (e->parent_id.value() != 0 && current_.FindField(e->parent_id)->type.id() == TypeId::kMap &&
      e->field->name == "key") {
    return InvalidArgument("cannot make '{}' optional: map keys are required", name);
  }
  FieldId id = e->field->id;
  return EditStruct(e->parent_id, [&](std::vector<NestedField>& s) -> Status {
    for (NestedField& f : s) {
      if (f.id == id) f.required = false;
    }
    return OkStatus();
  });
}

Status SchemaUpdate::DeleteColumn(std::string_view name) {
  FIRN_ASSIGN_OR_RETURN(const SchemaFieldEntry* e, Find(name));
  if (ContainsId(*e->field, current_.identifier_field_ids())) {
    return InvalidArgument("cannot delete '{}': it is or contains an identifier field", name);
  }
  return EditSiblings(*e, "delete", [](std::vector<NestedField>& s, size_t i) -> Status {
    s.erase(s.begin() + static_cast<std::ptrdiff_t>(i));
    return OkStatus();
  });
}

Status SchemaUpdate::Move(std::string_view name, std::string_view other, int where) {
  FIRN_ASSIGN_OR_RETURN(const SchemaFieldEntry* e, Find(name));
  FieldId other_id(0);
  if (where != 0) {
    FIRN_ASSIGN_OR_RETURN(const SchemaFieldEntry* o, Find(other));
    if (o->parent_id != e->parent_id) {
      return InvalidArgument("cannot move '{}' next to '{}': they are not in the same struct", name,
                             other);
    }
    if (o->field->id == e->field->id) {
      return InvalidArgument("cannot move '{}' relative to itself", name);
    }
    other_id = o->field->id;
  }
  return EditSiblings(*e, "move", [&](std::vector<NestedField>& s, size_t i) -> Status {
    NestedField f = std::move(s[i]);
    s.erase(s.begin() + static_cast<std::ptrdiff_t>(i));
    size_t pos = 0;
    if (where != 0) {
      auto it =
          std::find_if(s.begin(), s.end(), [&](const NestedField& x) { return x.id == other_id; });
      pos = static_cast<size_t>(it - s.begin()) + (where > 0 ? 1 : 0);
    }
    s.insert(s.begin() + static_cast<std::ptrdiff_t>(pos), std::move(f));
    return OkStatus();
  });
}

Status SchemaUpdate::MoveFirst(std::string_view name) { return Move(name, "", 0); }
Status SchemaUpdate::MoveBefore(std::string_view name, std::string_view before) {
  return Move(name, before, -1);
}
Status SchemaUpdate::MoveAfter(std::string_view name, std::string_view after) {
  return Move(name, after, 1);
}

Status SchemaUpdate::SetIdentifierFields(const std::vector<std::string>& names) {
  std::vector<FieldId> ids;
  for (const std::string& name : names) {
    FIRN_ASSIGN_OR_RETURN(const SchemaFieldEntry* e, Find(name));
    const NestedField& f = *e->field;
    auto refuse = [&](std::string_view why) {
      return InvalidArgument("cannot use '{}' as an identifier field: {}", name, why);
    };
    if (!f.type.is_primitive())
      return refuse(fmt::format("{} is not a primitive type", f.type.ToString()));
    if (!f.required) return refuse("it is optional");
    if (f.type.id() == TypeId::kFloat || f.type.id() == TypeId::kDouble) {
      return refuse(fmt::format("{} values cannot identify rows", f.type.ToString()));
    }
    // Two passes so that a field under a list or map is reported as such even when the
    // element struct between is optional.
    for (FieldId p = e->parent_id; p.value() != 0; p = current_.FindEntry(p)->parent_id) {
      if (current_.FindField(p)->type.id() != TypeId::kStruct)
        return refuse("it is inside a list or map");
    }
    for (FieldId p = e->parent_id; p.value() != 0; p = current_.FindEntry(p)->parent_id) {
      const SchemaFieldEntry* pe = current_.FindEntry(p);
      if (!pe->field->required) return refuse(fmt::format("its parent '{}' is optional", pe->path));
    }
    if (std::find(ids.begin(), ids.end(), f.id) != ids.end()) return refuse("listed twice");
    ids.push_back(f.id);
  }
  current_ = Schema(current_.schema_id(), current_.fields(), std::move(ids));
  return OkStatus();
}

SchemaUpdateResult SchemaUpdate::Apply(int32_t new_schema_id) const {
  return SchemaUpdateResult{current_.WithSchemaId(new_schema_id), last_column_id_};
}

}  // namespace firn::iceberg
