// Reading one table of the pipeline config's TOML tree (private to config/).
//
// Section reads one TOML table: each getter marks its key as known, converts the value,
// and on a wrong type or value reports "<dotted key>: expected <what>, got <value>" at the
// value (diagnostics.h) and returns nullopt, so the caller keeps its default and reading
// goes on. RejectUnknown() then reports every key no getter asked for; its hint is
// resolved by Diagnostics::Finish(), once every section has said which keys it knows.
//
// Thread-safety: none; one reader per parse.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "firn/common/result.h"
#include "firn/ingest/config/diagnostics.h"
#include "firn/ingest/config/toml_noex.h"

namespace firn::ingest::config_internal {

class Section {
 public:
  // `table` may be null (the section is absent: every getter returns nullopt).
  // "*diag" must outlive the section.
  Section(const toml::table* table, std::string path, Diagnostics* diag)
      : table_(table), path_(std::move(path)), diag_(diag) {}

  bool present() const { return table_ != nullptr; }
  const toml::table* table() const { return table_; }
  const std::string& path() const { return path_; }
  Diagnostics& diag() const { return *diag_; }
  // "source.kafka" + "bootstrap.servers" -> source.kafka."bootstrap.servers"
  std::string KeyPath(std::string_view key) const;

  // The node of `key`, or null; marks the key known.
  const toml::node* Get(std::string_view key);
  std::optional<std::string> String(std::string_view key);
  std::optional<bool> Bool(std::string_view key);
  // An integer in [min, max]; `expected` says what, for the error ("a positive integer").
  std::optional<int64_t> Integer(std::string_view key, int64_t min, int64_t max,
                                 std::string_view expected);
  // A byte size (size_text.h): an integer, or a string with a unit. At least `min`.
  std::optional<int64_t> ByteSize(std::string_view key, int64_t min);
  // An array of distinct non-empty strings; `allow_empty` permits [].
  std::optional<std::vector<std::string>> StringList(std::string_view key, bool allow_empty);
  // A string that must be one of `names`.
  template <typename E>
  std::optional<E> Enum(std::string_view key,
                        std::span<const std::pair<std::string_view, E>> names) {
    std::vector<std::string_view> spellings;
    for (const auto& [name, value] : names) spellings.push_back(name);
    std::optional<size_t> index = OneOf(key, spellings);
    if (!index) return std::nullopt;
    return names[*index].second;
  }
  // A table of string, integer or boolean values, converted to strings. Nested tables are
  // flattened with '.', so `bootstrap.servers = "x"` and `"bootstrap.servers" = "x"` agree.
  std::optional<std::map<std::string, std::string>> StringMap(std::string_view key);
  // The sub-table `key`; an absent section when it is not given (or is not a table, which
  // is reported).
  Section Table(std::string_view key);

  // Reports every key of this table that no getter asked for.
  void RejectUnknown();

  // "<key path>: expected <expected>, got <value>" at the node.
  void Expected(std::string_view key_path, const toml::node& node, std::string_view expected);

 private:
  std::optional<size_t> OneOf(std::string_view key, std::span<const std::string_view> names);
  void FlattenInto(const toml::table& table, const std::string& prefix,
                   const std::string& prefix_path, std::map<std::string, std::string>* out,
                   bool* ok);

  const toml::table* table_;
  std::string path_;
  Diagnostics* diag_;
  std::vector<std::string> asked_;  // every key a getter asked for, in order
};

}  // namespace firn::ingest::config_internal
