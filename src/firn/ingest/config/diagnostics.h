// Errors of one pipeline config file, each naming the file, line, column and dotted key
// (private to config/). Diagnostics gathers them all; Finish() turns them into one
// InvalidArgument, in file order, with "did you mean" hints for unknown keys.
//
// Thread-safety: none; one per parse.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "firn/common/result.h"
#include "firn/ingest/config/toml_noex.h"

namespace firn::ingest::config_internal {

// A place in the file, 1-based; line 0 means "no place" (the file as a whole).
struct Location {
  uint32_t line = 0;
  uint32_t column = 0;
};
Location LocationOf(const toml::source_region& region);

// The value as the user wrote it, for "got ...": "abc" quoted, 12, true, 1.5, "an array".
std::string Describe(const toml::node& node);
// `text` with control characters escaped ("\n", "\u0001"), so that a message holding user
// text stays one line.
std::string EscapeControls(std::string_view text);
// Optimal string alignment distance after lowering ASCII and reading '_' as '-'.
int EditDistance(std::string_view a, std::string_view b);
// `key` as one segment of a dotted key: bare when [A-Za-z0-9_-]+, else quoted.
std::string KeySegment(std::string_view key);

class Diagnostics {
 public:
  explicit Diagnostics(std::string_view file) : file_(file) {}

  void Error(Location where, std::string message);
  void Error(std::string message) { Error(Location{}, std::move(message)); }
  // An error about a key read earlier, at that key (or the file when it was not given).
  void ErrorAtKey(std::string_view key_path, std::string message) {
    Error(KeyLocation(key_path), std::move(message));
  }
  size_t error_count() const { return errors_.size() + unknown_.size(); }

  // Where a key read by a Section was given; no place when it was not.
  void NoteKey(std::string key_path, Location where);
  Location KeyLocation(std::string_view key_path) const;
  bool HasKey(std::string_view key_path) const { return KeyLocation(key_path).line != 0; }
  // A key the schema knows, for hints about misplaced keys.
  void NoteKnown(std::string key_path) { known_.push_back(std::move(key_path)); }
  void UnknownKey(Location where, std::string parent_path, std::string key,
                  std::vector<std::string> siblings);

  // OK, or InvalidArgument holding every error, one a line, in the order of the file
  // (errors about the file as a whole last), at most kMaxErrors of them.
  Status Finish() const;
  static constexpr size_t kMaxErrors = 20;

 private:
  struct Unknown {
    Location where;
    std::string parent_path;  // "" at the top level
    std::string key;
    std::vector<std::string> siblings;  // the keys known at that level
  };
  std::string Hint(const Unknown& u) const;

  std::string file_;
  std::vector<std::pair<Location, std::string>> errors_;
  std::vector<Unknown> unknown_;
  std::map<std::string, Location, std::less<>> keys_;
  std::vector<std::string> known_;
};

}  // namespace firn::ingest::config_internal
