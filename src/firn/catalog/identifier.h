// Namespace and TableIdentifier: the names a Catalog maps to tables.
//
// A namespace is a list of levels ("db", or "org.sales" with two levels); the root
// namespace has none. Levels are joined with '.' in text form, as the Iceberg JDBC catalog
// stores them in `table_namespace`, and become nested folders in table locations, so a
// level (and a table name) must be non-empty and must not contain '.', '/', '\' or NUL,
// nor be "." or "..". Make/Parse reject such names with InvalidArgument rather than
// producing a name that would read back differently.
//
// Thread-safety: plain values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "firn/common/result.h"

namespace firn::catalog {

class Namespace {
 public:
  Namespace() = default;  // the root namespace

  // InvalidArgument if a level is not a valid name (see above).
  static Result<Namespace> Make(std::vector<std::string> levels);
  // "a.b" -> {"a", "b"}; "" -> the root namespace.
  static Result<Namespace> Parse(std::string_view text);

  const std::vector<std::string>& levels() const { return levels_; }
  bool IsRoot() const { return levels_.empty(); }
  // The namespace with `child` appended. REQUIRES: IsValidName(child).
  Namespace Child(std::string child) const;
  // Whether `this` is `other` or one of its ancestors.
  bool IsPrefixOf(const Namespace& other) const;

  // "a.b" (the JDBC catalog's `table_namespace`); "" for the root.
  std::string ToString() const;

  auto operator<=>(const Namespace&) const = default;
  bool operator==(const Namespace&) const = default;

 private:
  explicit Namespace(std::vector<std::string> levels) : levels_(std::move(levels)) {}
  std::vector<std::string> levels_;
};

struct TableIdentifier {
  Namespace ns;      // never the root for a table
  std::string name;  // the table's name inside `ns`

  // InvalidArgument for an invalid name or a root namespace.
  static Result<TableIdentifier> Make(Namespace ns, std::string name);
  // "ns.table", "a.b.table": the last level is the table name.
  static Result<TableIdentifier> Parse(std::string_view text);

  // "a.b.table"
  std::string ToString() const;

  auto operator<=>(const TableIdentifier&) const = default;
  bool operator==(const TableIdentifier&) const = default;
};

// Whether `name` may be a namespace level or a table name (see the header comment).
bool IsValidName(std::string_view name);

}  // namespace firn::catalog
