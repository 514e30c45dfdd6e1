#include "firn/catalog/identifier.h"

#include <fmt/ranges.h>

#include <algorithm>

#include "firn/common/macros.h"

namespace firn::catalog {

bool IsValidName(std::string_view name) {
  if (name.empty() || name == "." || name == "..") return false;
  return std::none_of(name.begin(), name.end(),
                      [](char c) { return c == '.' || c == '/' || c == '\\' || c == '\0'; });
}

Result<Namespace> Namespace::Make(std::vector<std::string> levels) {
  for (const std::string& level : levels) {
    if (!IsValidName(level)) {
      return InvalidArgument(
          "invalid namespace level '{}': levels must be non-empty and must not contain '.', "
          "'/', '\\' or NUL",
          level);
    }
  }
  return Namespace(std::move(levels));
}

Result<Namespace> Namespace::Parse(std::string_view text) {
  std::vector<std::string> levels;
  if (!text.empty()) {
    size_t start = 0;
    while (true) {
      size_t dot = text.find('.', start);
      levels.emplace_back(text.substr(start, dot == std::string_view::npos ? dot : dot - start));
      if (dot == std::string_view::npos) break;
      start = dot + 1;
    }
  }
  FIRN_ASSIGN_OR_RETURN_CTX(Namespace ns, Make(std::move(levels)),
                            fmt::format("namespace '{}'", text));
  return ns;
}

Namespace Namespace::Child(std::string child) const {
  std::vector<std::string> levels = levels_;
  levels.push_back(std::move(child));
  return Namespace(std::move(levels));
}

bool Namespace::IsPrefixOf(const Namespace& other) const {
  return levels_.size() <= other.levels_.size() &&
         std::equal(levels_.begin(), levels_.end(), other.levels_.begin());
}

std::string Namespace::ToString() const { return fmt::format("{}", fmt::join(levels_, ".")); }

Result<TableIdentifier> TableIdentifier::Make(Namespace ns, std::string name) {
  if (ns.IsRoot()) {
    return InvalidArgument("table '{}' needs a namespace (write it as 'namespace.{}')", name, name);
  }
  if (!IsValidName(name)) {
    return InvalidArgument(
        "invalid table name '{}': it must be non-empty and must not contain '.', '/', '\\' "
        "or NUL",
        name);
  }
  return TableIdentifier{std::move(ns), std::move(name)};
}

Result<TableIdentifier> TableIdentifier::Parse(std::string_view text) {
  size_t dot = text.rfind('.');
  if (dot == std::string_view::npos) {
    return InvalidArgument("table identifier '{}' needs a namespace: write 'namespace.table'",
                           text);
  }
  FIRN_ASSIGN_OR_RETURN_CTX(Namespace ns, Namespace::Parse(text.substr(0, dot)),
                            fmt::format("table identifier '{}'", text));
  FIRN_ASSIGN_OR_RETURN_CTX(TableIdentifier id,
                            Make(std::move(ns), std::string(text.substr(dot + 1))),
                            fmt::format("table identifier '{}'", text));
  return id;
}

std::string TableIdentifier::ToString() const { return ns.ToString() + "." + name; }

}  // namespace firn::catalog
