// JsonPlan: an Iceberg schema compiled once for the JSON decoder and encoder
// (json_record_decoder.h, json_record_encoder.h): a flat array of nodes, one per Iceberg
// field (struct fields, list elements, map keys and values), each knowing its value kind,
// physical width, dotted path for messages and its children. Decoding and encoding switch
// on the kind; nothing is looked up by name per record except object keys, which each
// struct resolves through `keys` (sorted, binary-searched) after trying the next field in
// schema order, the common case. A plan made with `fold_case` also has `folded_keys`, the
// same entries sorted ignoring ASCII case, for a decoder that matches keys that way after
// an exact lookup misses.
//
// Node 0 is the root (the schema's top-level struct); its children are the batch's
// columns. Paths follow Schema's index: "device.version", "tags.element", "attrs.key".
//
// Thread-safety: immutable after Make.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "firn/common/result.h"
#include "firn/iceberg/types/schema.h"

namespace firn::ingest {

enum class JsonKind : uint8_t {
  kBoolean, kInt, kLong, kFloat, kDouble,
  kDecimal32, kDecimal64, kDecimalFixed,  // by physical storage (INT32, INT64, big-endian FLBA)
  kDate, kTime, kTimestamp, kTimestampTz, kTimestampNs, kTimestampTzNs,
  kString, kUuid, kFixed, kBinary,
  kStruct, kList,
  kMapObject,  // map with string keys: a JSON object
  kMapArray,   // any other map: [{"key": k, "value": v}, ...]
};

struct JsonPlanNode {
  JsonKind kind = JsonKind::kBoolean;
  bool required = false;
  int32_t width = 0;       // bytes per slot of a fixed-width leaf; 0 for byte arrays and groups
  int32_t precision = 0;   // decimal
  int32_t scale = 0;       // decimal
  int32_t length = 0;      // fixed
  std::string name;        // the field's name (the JSON key inside a struct)
  bool plain_name = true;  // name has no '"', '\\' or control characters (raw key compare is exact)
  // A plain name of at most 15 bytes followed by its closing '"', as two little-endian
  // words and the masks of their bytes: a raw key is compared with two loads
  // (MatchesShortKey).
  bool short_name = false;
  uint64_t key_words[2] = {0, 0};
  uint64_t key_masks[2] = {0, 0};

  // True when the raw key at `raw` (just after its opening quote) is this short name: its
  // bytes and the closing quote, compared as two words. REQUIRES: short_name, and 16
  // bytes readable at `raw` (a simdjson document is followed by 64 bytes of padding).
  bool MatchesShortKey(const char* raw) const {
    uint64_t w[2];
    std::memcpy(w, raw, sizeof(w));
    return ((w[0] & key_masks[0]) ^ key_words[0]) == 0 && ((w[1] & key_masks[1]) ^ key_words[1]) == 0;
  }
  std::string path;        // dotted path from the root, for messages
  std::vector<int32_t> children;  // struct fields; {element}; {key, value}
  // Struct: (name, child position) sorted by name.
  std::vector<std::pair<std::string, int32_t>> keys;
  // Struct, only with fold_case: the same entries sorted by name ignoring ASCII case.
  std::vector<std::pair<std::string, int32_t>> folded_keys;
  int32_t seen_base = 0;   // struct: first byte of its "seen" flags in the decoder's scratch
};

struct JsonPlan {
  std::vector<JsonPlanNode> nodes;  // nodes[0] is the root struct
  int32_t seen_bytes = 0;           // scratch the decoder needs for "seen" flags

  // The child position of `key` in struct node `n`, or -1.
  int32_t FindKey(const JsonPlanNode& n, std::string_view key) const;
  // The child position of the field whose name equals `key` ignoring ASCII case, or -1.
  // REQUIRES: the plan was made with fold_case.
  int32_t FindKeyIgnoringCase(const JsonPlanNode& n, std::string_view key) const;

  // Compiles a schema. InvalidArgument for a decimal precision above 38, and, with
  // `fold_case`, for two fields of one struct whose names differ only in ASCII case (no
  // key could choose between them).
  static Result<JsonPlan> Make(const iceberg::Schema& schema, bool fold_case = false);
};

}  // namespace firn::ingest
