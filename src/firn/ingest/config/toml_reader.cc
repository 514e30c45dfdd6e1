#include "firn/ingest/config/toml_reader.h"

#include <fmt/format.h>

#include <algorithm>

#include "firn/ingest/config/size_text.h"

namespace firn::ingest::config_internal {

std::string Section::KeyPath(std::string_view key) const {
  return path_.empty() ? KeySegment(key) : fmt::format("{}.{}", path_, KeySegment(key));
}

const toml::node* Section::Get(std::string_view key) {
  asked_.emplace_back(key);
  std::string key_path = KeyPath(key);
  diag_->NoteKnown(key_path);
  if (table_ == nullptr) return nullptr;
  auto it = table_->find(key);
  if (it == table_->end()) return nullptr;
  diag_->NoteKey(std::move(key_path), LocationOf(it->first.source()));
  return &it->second;
}

void Section::Expected(std::string_view key_path, const toml::node& node,
                       std::string_view expected) {
  diag_->Error(LocationOf(node.source()),
               fmt::format("{}: expected {}, got {}", key_path, expected, Describe(node)));
}

std::optional<std::string> Section::String(std::string_view key) {
  const toml::node* node = Get(key);
  if (node == nullptr) return std::nullopt;
  if (const auto* s = node->as_string()) return s->get();
  Expected(KeyPath(key), *node, "a string");
  return std::nullopt;
}

std::optional<bool> Section::Bool(std::string_view key) {
  const toml::node* node = Get(key);
  if (node == nullptr) return std::nullopt;
  if (const auto* b = node->as_boolean()) return b->get();
  Expected(KeyPath(key), *node, "true or false");
  return std::nullopt;
}

std::optional<int64_t> Section::Integer(std::string_view key, int64_t min, int64_t max,
                                        std::string_view expected) {
  const toml::node* node = Get(key);
  if (node == nullptr) return std::nullopt;
  const auto* i = node->as_integer();
  if (i != nullptr && i->get() >= min && i->get() <= max) return i->get();
  Expected(KeyPath(key), *node, expected);
  return std::nullopt;
}

std::optional<int64_t> Section::ByteSize(std::string_view key, int64_t min) {
  const toml::node* node = Get(key);
  if (node == nullptr) return std::nullopt;
  std::string expected =
      fmt::format("{} byte size (an integer, or a string such as \"512MB\" or \"1GiB\")",
                  min > 0 ? "a positive" : "a");
  std::string reason;
  if (const auto* i = node->as_integer()) {
    if (i->get() >= min) return i->get();
    if (i->get() < 0) reason = ": a size must not be negative";
  } else if (const auto* s = node->as_string()) {
    Result<int64_t> size = ParseByteSize(s->get());
    if (size && *size >= min) return *size;
    if (!size) reason = ": " + size.error().message();
  }
  diag_->Error(LocationOf(node->source()), fmt::format("{}: expected {}, got {}{}", KeyPath(key),
                                                       expected, Describe(*node), reason));
  return std::nullopt;
}

std::optional<std::vector<std::string>> Section::StringList(std::string_view key,
                                                            bool allow_empty) {
  const toml::node* node = Get(key);
  if (node == nullptr) return std::nullopt;
  std::string key_path = KeyPath(key);
  const auto* array = node->as_array();
  if (array == nullptr) {
    std::string expected = "an array of strings";
    if (node->is_string()) expected += fmt::format(" (write [{}] for one)", Describe(*node));
    Expected(key_path, *node, expected);
    return std::nullopt;
  }
  if (array->empty() && !allow_empty) {
    diag_->Error(LocationOf(node->source()), fmt::format("{}: must not be empty", key_path));
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::node& element = *array->get(i);
    std::string element_path = fmt::format("{}[{}]", key_path, i);
    const auto* s = element.as_string();
    if (s == nullptr || s->get().empty()) {
      Expected(element_path, element, "a non-empty string");
      ok = false;
    } else if (std::find(out.begin(), out.end(), s->get()) != out.end()) {
      diag_->Error(LocationOf(element.source()),
                   fmt::format("{}: {} is listed twice", element_path, Describe(element)));
      ok = false;
    } else {
      out.push_back(s->get());
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<size_t> Section::OneOf(std::string_view key,
                                     std::span<const std::string_view> names) {
  const toml::node* node = Get(key);
  if (node == nullptr) return std::nullopt;
  const auto* s = node->as_string();
  std::string hint;
  if (s != nullptr) {
    for (size_t i = 0; i < names.size(); ++i) {
      if (s->get() == names[i]) return i;
    }
    for (std::string_view name : names) {
      if (EditDistance(s->get(), name) <= 2) {
        hint = fmt::format("; did you mean \"{}\"?", name);
        break;
      }
    }
  }
  std::string expected = "one of";
  for (size_t i = 0; i < names.size(); ++i) {
    expected += fmt::format("{} \"{}\"", i == 0 ? "" : ",", names[i]);
  }
  diag_->Error(LocationOf(node->source()), fmt::format("{}: expected {}, got {}{}", KeyPath(key),
                                                       expected, Describe(*node), hint));
  return std::nullopt;
}

void Section::FlattenInto(const toml::table& table, const std::string& prefix,
                          const std::string& map_path, std::map<std::string, std::string>* out,
                          bool* ok) {
  for (const auto& [k, v] : table) {
    std::string name =
        prefix.empty() ? std::string(k.str()) : fmt::format("{}.{}", prefix, k.str());
    std::string entry_path = fmt::format("{}.{}", map_path, KeySegment(name));
    if (const auto* nested = v.as_table()) {
      FlattenInto(*nested, name, map_path, out, ok);
      continue;
    }
    diag_->NoteKey(entry_path, LocationOf(k.source()));
    std::string text;
    if (const auto* s = v.as_string()) {
      text = s->get();
    } else if (const auto* i = v.as_integer()) {
      text = fmt::format("{}", i->get());
    } else if (const auto* b = v.as_boolean()) {
      text = b->get() ? "true" : "false";
    } else {
      Expected(entry_path, v, "a string, integer or boolean");
      *ok = false;
      continue;
    }
    if (k.str().empty()) {
      diag_->Error(LocationOf(k.source()), fmt::format("{}: empty key", entry_path));
      *ok = false;
    } else if (!out->emplace(name, std::move(text)).second) {
      diag_->Error(LocationOf(k.source()),
                   fmt::format("{}: given twice (quoted and as a dotted key)", entry_path));
      *ok = false;
    }
  }
}

std::optional<std::map<std::string, std::string>> Section::StringMap(std::string_view key) {
  const toml::node* node = Get(key);
  if (node == nullptr) return std::nullopt;
  const auto* table = node->as_table();
  if (table == nullptr) {
    Expected(KeyPath(key), *node, "a table of strings, integers or booleans");
    return std::nullopt;
  }
  std::map<std::string, std::string> out;
  bool ok = true;
  FlattenInto(*table, "", KeyPath(key), &out, &ok);
  if (!ok) return std::nullopt;
  return out;
}

Section Section::Table(std::string_view key) {
  const toml::node* node = Get(key);
  if (node != nullptr && !node->is_table()) {
    Expected(KeyPath(key), *node, "a table");
    node = nullptr;
  }
  return Section(node ? node->as_table() : nullptr, KeyPath(key), diag_);
}

void Section::RejectUnknown() {
  if (table_ == nullptr) return;
  std::vector<std::string> siblings;
  for (const std::string& k : asked_) {
    if (std::find(siblings.begin(), siblings.end(), k) == siblings.end()) siblings.push_back(k);
  }
  for (const auto& [k, v] : *table_) {
    if (std::find(siblings.begin(), siblings.end(), k.str()) != siblings.end()) continue;
    diag_->UnknownKey(LocationOf(k.source()), path_, std::string(k.str()), siblings);
  }
}

}  // namespace firn::ingest::config_internal
