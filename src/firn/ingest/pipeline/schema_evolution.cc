#include "firn/ingest/pipeline/schema_evolution.h"

#include <algorithm>
#include <cctype>

#include "firn/ingest/json/schema_inference.h"

namespace firn::ingest {
namespace {

using iceberg::NestedField;
using iceberg::Type;
using iceberg::TypeId;

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// Adds what `seen` (inferred from the record) has and `have` lacks, under `parent`.
// Widens only the column the error named (`widen`), never others of the record.
void Walk(const std::vector<NestedField>& seen, const std::vector<NestedField>& have, const std::string& parent,
          const std::string& widen, iceberg::SchemaUpdate& update, bool* changed) {
  for (const NestedField& f : seen) {
    const std::string path = parent.empty() ? f.name : parent + "." + f.name;
    auto exact = std::find_if(have.begin(), have.end(), [&](const NestedField& h) { return h.name == f.name; });
    if (exact == have.end()) {
      const bool case_twin = std::any_of(have.begin(), have.end(),
                                         [&](const NestedField& h) { return EqualsIgnoreCase(h.name, f.name); });
      if (!case_twin && update.AddColumn(parent, f.name, f.type)) *changed = true;
      continue;
    }
    const Type& now = exact->type;
    if (now.id() == TypeId::kStruct && f.type.id() == TypeId::kStruct) {
      Walk(f.type.fields(), now.fields(), path, widen, update, changed);
    } else if (path != widen) {
      continue;
    } else if (now.id() == TypeId::kInt && f.type.id() == TypeId::kLong) {
      if (update.UpdateColumnType(path, Type::Long())) *changed = true;
    } else if (now.id() == TypeId::kFloat && f.type.id() == TypeId::kDouble) {
      if (update.UpdateColumnType(path, Type::Double())) *changed = true;
    }
  }
}

}  // namespace

std::optional<iceberg::SchemaUpdateResult> EvolveForRecord(const iceberg::Schema& current, int32_t last_column_id,
                                                           std::string_view record, const Error& error) {
  const std::string& m = error.message();
  const bool may_help = m.find(": unknown field") != std::string::npos ||
                        m.find("is out of range for int") != std::string::npos ||
                        m.find("is out of range for float") != std::string::npos;
  if (!may_help) return std::nullopt;
  auto seen = InferSchema(record);
  if (!seen) return std::nullopt;
  std::string widen;
  if (m.find("is out of range for") != std::string::npos) {
    const size_t open = m.find("field '");
    const size_t close = open == std::string::npos ? open : m.find('\'', open + 7);
    if (close != std::string::npos) widen = m.substr(open + 7, close - open - 7);
  }
  iceberg::SchemaUpdate update(current, last_column_id);
  bool changed = false;
  Walk(seen->fields(), current.fields(), "", widen, update, &changed);
  if (!changed) return std::nullopt;
  return update.Apply(0);
}

}  // namespace firn::ingest
