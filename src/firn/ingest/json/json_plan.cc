#include "firn/ingest/json/json_plan.h"

#include <algorithm>
#include <bit>

#include "firn/common/macros.h"
#include "firn/parquet/schema/iceberg_types.h"

namespace firn::ingest {
namespace {

using iceberg::TypeId;

bool IsPlain(std::string_view s) {
  return std::none_of(s.begin(), s.end(), [](char c) {
    return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
  });
}

// ASCII case folding only: names are matched byte for byte apart from 'A'..'Z', so
// that no locale or Unicode table enters the comparison.
char FoldAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Orders as std::string's operator< (unsigned bytes) on the folded strings.
bool FoldedLess(std::string_view a, std::string_view b) {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return static_cast<unsigned char>(FoldAscii(x)) < static_cast<unsigned char>(FoldAscii(y));
  });
}

bool FoldedEqual(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return FoldAscii(x) == FoldAscii(y);
         });
}

class Compiler {
 public:
  Compiler(JsonPlan* plan, bool fold_case) : plan_(plan), fold_case_(fold_case) {}

  // Adds the node of `field` (and its subtree); returns its index.
  Result<int32_t> Add(const iceberg::NestedField& field, const std::string& prefix) {
    const int32_t index = static_cast<int32_t>(plan_->nodes.size());
    plan_->nodes.emplace_back();
    JsonPlanNode n;
    n.required = field.required;
    n.name = field.name;
    n.plain_name = IsPlain(field.name);
    static_assert(std::endian::native == std::endian::little, "key_words are little-endian words");
    if (n.plain_name && field.name.size() <= 15) {
      n.short_name = true;
      const std::string quoted = field.name + '"';
      for (size_t i = 0; i < quoted.size(); ++i) {
        n.key_words[i / 8] |= uint64_t{static_cast<uint8_t>(quoted[i])} << (8 * (i % 8));
        n.key_masks[i / 8] |= uint64_t{0xff} << (8 * (i % 8));
      }
    }
    n.path = prefix.empty() ? field.name : prefix + "." + field.name;
    const iceberg::Type& t = field.type;
    switch (t.id()) {
      case TypeId::kBoolean: n.kind = JsonKind::kBoolean; n.width = 1; break;
      case TypeId::kInt: n.kind = JsonKind::kInt; n.width = 4; break;
      case TypeId::kLong: n.kind = JsonKind::kLong; n.width = 8; break;
      case TypeId::kFloat: n.kind = JsonKind::kFloat; n.width = 4; break;
      case TypeId::kDouble: n.kind = JsonKind::kDouble; n.width = 8; break;
      case TypeId::kDecimal:
        if (t.precision() < 1 || t.precision() > 38 || t.scale() < 0 || t.scale() > t.precision()) {
          return InvalidArgument("field '{}': unsupported {}", n.path, t.ToString());
        }
        n.precision = t.precision();
        n.scale = t.scale();
        if (t.precision() <= 9) {
          n.kind = JsonKind::kDecimal32;
          n.width = 4;
        } else if (t.precision() <= 18) {
          n.kind = JsonKind::kDecimal64;
          n.width = 8;
        } else {
          n.kind = JsonKind::kDecimalFixed;
          n.width = parquet::DecimalRequiredBytes(t.precision());
        }
        break;
      case TypeId::kDate: n.kind = JsonKind::kDate; n.width = 4; break;
      case TypeId::kTime: n.kind = JsonKind::kTime; n.width = 8; break;
      case TypeId::kTimestamp: n.kind = JsonKind::kTimestamp; n.width = 8; break;
      case TypeId::kTimestampTz: n.kind = JsonKind::kTimestampTz; n.width = 8; break;
      case TypeId::kTimestampNs: n.kind = JsonKind::kTimestampNs; n.width = 8; break;
      case TypeId::kTimestampTzNs: n.kind = JsonKind::kTimestampTzNs; n.width = 8; break;
      case TypeId::kString: n.kind = JsonKind::kString; break;
      case TypeId::kUuid: n.kind = JsonKind::kUuid; n.width = 16; break;
      case TypeId::kFixed:
        if (t.length() < 1) return InvalidArgument("field '{}': unsupported {}", n.path, t.ToString());
        n.kind = JsonKind::kFixed;
        n.width = t.length();
        n.length = t.length();
        break;
      case TypeId::kBinary: n.kind = JsonKind::kBinary; break;
      case TypeId::kStruct:
        n.kind = JsonKind::kStruct;
        FIRN_RETURN_NOT_OK(AddStructChildren(t, &n));
        break;
      case TypeId::kList: {
        n.kind = JsonKind::kList;
        FIRN_ASSIGN_OR_RETURN(int32_t e, Add(t.element(), n.path));
        n.children.push_back(e);
        break;
      }
      case TypeId::kMap: {
        n.kind = t.key().type.id() == TypeId::kString ? JsonKind::kMapObject : JsonKind::kMapArray;
        FIRN_ASSIGN_OR_RETURN(int32_t k, Add(t.key(), n.path));
        FIRN_ASSIGN_OR_RETURN(int32_t v, Add(t.value(), n.path));
        n.children = {k, v};
        break;
      }
    }
    plan_->nodes[static_cast<size_t>(index)] = std::move(n);
    return index;
  }

  Status AddStructChildren(const iceberg::Type& t, JsonPlanNode* n) {
    for (const iceberg::NestedField& f : t.fields()) {
      FIRN_ASSIGN_OR_RETURN(int32_t c, Add(f, n->path));
      n->keys.emplace_back(f.name, static_cast<int32_t>(n->children.size()));
      n->children.push_back(c);
    }
    std::sort(n->keys.begin(), n->keys.end());
    if (fold_case_) {
      n->folded_keys = n->keys;
      std::stable_sort(n->folded_keys.begin(), n->folded_keys.end(),
                       [](const auto& a, const auto& b) { return FoldedLess(a.first, b.first); });
      for (size_t i = 1; i < n->folded_keys.size(); ++i) {
        const auto& [a, a_pos] = n->folded_keys[i - 1];
        const auto& [b, b_pos] = n->folded_keys[i];
        if (FoldedEqual(a, b)) {
          return InvalidArgument(
              "fields '{}' and '{}' differ only in case: case-insensitive keys cannot tell them "
              "apart",
              PathOf(*n, a_pos), PathOf(*n, b_pos));
        }
      }
    }
    n->seen_base = plan_->seen_bytes;
    plan_->seen_bytes += static_cast<int32_t>(n->children.size());
    return OkStatus();
  }

 private:
  const std::string& PathOf(const JsonPlanNode& n, int32_t pos) const {
    return plan_->nodes[static_cast<size_t>(n.children[static_cast<size_t>(pos)])].path;
  }

  JsonPlan* plan_;
  bool fold_case_;
};

}  // namespace

int32_t JsonPlan::FindKey(const JsonPlanNode& n, std::string_view key) const {
  auto it = std::lower_bound(n.keys.begin(), n.keys.end(), key,
                             [](const auto& e, std::string_view k) { return e.first < k; });
  return it != n.keys.end() && it->first == key ? it->second : -1;
}

int32_t JsonPlan::FindKeyIgnoringCase(const JsonPlanNode& n, std::string_view key) const {
  auto it = std::lower_bound(
      n.folded_keys.begin(), n.folded_keys.end(), key,
      [](const auto& e, std::string_view k) { return FoldedLess(e.first, k); });
  return it != n.folded_keys.end() && FoldedEqual(it->first, key) ? it->second : -1;
}

Result<JsonPlan> JsonPlan::Make(const iceberg::Schema& schema, bool fold_case) {
  JsonPlan plan;
  plan.nodes.emplace_back();
  JsonPlanNode root;
  root.kind = JsonKind::kStruct;
  root.required = true;
  Compiler c(&plan, fold_case);
  FIRN_RETURN_NOT_OK(c.AddStructChildren(schema.as_struct(), &root));
  plan.nodes[0] = std::move(root);
  return plan;
}

}  // namespace firn::ingest
