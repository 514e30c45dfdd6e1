// SqlCatalog: namespaces. A namespace exists if iceberg_namespace_properties has a row for
// it, or if a table or another namespace lives below it (jdbc_schema.h).
#include <fmt/ranges.h>

#include <set>

#include "firn/catalog/sql/sql_catalog.h"
#include "firn/common/macros.h"

namespace firn::catalog {

using sql::PrepareBound;
using sql::SqlTransaction;

namespace {

// A LIKE pattern (ESCAPE '!') matching every namespace strictly below `ns`.
std::string ChildrenPattern(const Namespace& ns) {
  std::string out;
  for (char c : ns.ToString()) {
    if (c == '!' || c == '%' || c == '_') out.push_back('!');
    out.push_back(c);
  }
  return out + ".%";
}

Status CheckReserved(const Namespace& ns, const std::string& key) {
  if (key == sql::kNamespaceExistsProperty) {
    return InvalidArgument("namespace {}: property '{}' is reserved by the JDBC catalog schema",
                           ns.ToString(), key);
  }
  return OkStatus();
}

}  // namespace

// Every stored namespace string equal to or below `prefix` (all of them for the root), from
// both tables. LIKE may be case-insensitive (SQLite), so callers compare exactly.
Result<std::vector<std::string>> SqlCatalog::NamespaceStringsLocked(const Namespace& prefix) {
  std::string where = prefix.IsRoot() ? "" : " AND (ns = ? OR ns LIKE ? ESCAPE '!')";
  std::string sql = fmt::format(
      "SELECT ns FROM (SELECT DISTINCT table_namespace AS ns FROM iceberg_tables WHERE "
      "catalog_name = ? UNION SELECT DISTINCT namespace AS ns FROM iceberg_namespace_properties "
      "WHERE catalog_name = ?) WHERE ns IS NOT NULL{}",
      where);
  std::string exact = prefix.ToString(), pattern = ChildrenPattern(prefix);
  auto stmt_or =
      prefix.IsRoot()
          ? PrepareBound(connection_.get(), sql, {options_.catalog_name, options_.catalog_name})
          : PrepareBound(connection_.get(), sql,
                         {options_.catalog_name, options_.catalog_name, exact, pattern});
  FIRN_ASSIGN_OR_RETURN(auto stmt, std::move(stmt_or));
  std::vector<std::string> out;
  while (true) {
    FIRN_ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (!row) return out;
    out.push_back(*stmt->ColumnText(0));
  }
}

Result<bool> SqlCatalog::NamespaceExistsLocked(const Namespace& ns) {
  if (ns.IsRoot()) return true;
  FIRN_ASSIGN_OR_RETURN(auto names, NamespaceStringsLocked(ns));
  for (const std::string& name : names) {
    auto parsed = Namespace::Parse(name);
    if (parsed && ns.IsPrefixOf(*parsed)) return true;
  }
  return false;
}

Status SqlCatalog::RequireNamespaceLocked(const Namespace& ns) {
  FIRN_ASSIGN_OR_RETURN(bool exists, NamespaceExistsLocked(ns));
  if (!exists) return NotFound("{}: namespace {} does not exist", description_, ns.ToString());
  return OkStatus();
}

Result<bool> SqlCatalog::NamespaceExists(const Namespace& ns) {
  std::lock_guard lock(mu_);
  return NamespaceExistsLocked(ns);
}

Status SqlCatalog::CreateNamespace(const Namespace& ns, const Properties& properties) {
  if (ns.IsRoot()) return InvalidArgument("{}: cannot create the root namespace", description_);
  for (const auto& [key, value] : properties) FIRN_RETURN_NOT_OK(CheckReserved(ns, key));
  std::lock_guard lock(mu_);
  FIRN_ASSIGN_OR_RETURN(SqlTransaction txn, SqlTransaction::Begin(connection_.get()));
  FIRN_ASSIGN_OR_RETURN(bool exists, NamespaceExistsLocked(ns));
  if (exists) {
    return AlreadyExists("{}: namespace {} already exists", description_, ns.ToString());
  }
  Properties rows = properties;
  rows[sql::kNamespaceExistsProperty] = "true";
  std::string ns_text = ns.ToString();
  FIRN_ASSIGN_OR_RETURN(
      auto stmt, connection_->Prepare("INSERT INTO iceberg_namespace_properties (catalog_name, "
                                      "namespace, property_key, property_value) "
                                      "VALUES (?, ?, ?, ?)"));
  for (const auto& [key, value] : rows) {
    FIRN_RETURN_NOT_OK(stmt->Reset());
    FIRN_RETURN_NOT_OK(stmt->BindText(1, options_.catalog_name));
    FIRN_RETURN_NOT_OK(stmt->BindText(2, ns_text));
    FIRN_RETURN_NOT_OK(stmt->BindText(3, key));
    FIRN_RETURN_NOT_OK(stmt->BindText(4, value));
    FIRN_RETURN_NOT_OK(stmt->Step());
  }
  return txn.Commit();
}

Result<std::vector<Namespace>> SqlCatalog::ListNamespaces(const Namespace& parent) {
  std::lock_guard lock(mu_);
  FIRN_RETURN_NOT_OK(RequireNamespaceLocked(parent));
  FIRN_ASSIGN_OR_RETURN(auto names, NamespaceStringsLocked(parent));
  std::set<Namespace> children;
  const size_t depth = parent.levels().size() + 1;
  for (const std::string& name : names) {
    auto parsed = Namespace::Parse(name);
    // Names firn cannot represent (written by other clients) are left out.
    if (!parsed || parsed->levels().size() < depth || !parent.IsPrefixOf(*parsed)) continue;
    std::vector<std::string> levels(parsed->levels().begin(),
                                    parsed->levels().begin() + static_cast<ptrdiff_t>(depth));
    children.insert(*Namespace::Make(std::move(levels)));
  }
  return std::vector<Namespace>(children.begin(), children.end());
}

Result<Properties> SqlCatalog::LoadNamespaceProperties(const Namespace& ns) {
  std::lock_guard lock(mu_);
  FIRN_RETURN_NOT_OK(RequireNamespaceLocked(ns));
  std::string ns_text = ns.ToString();
  FIRN_ASSIGN_OR_RETURN(auto stmt,
                        PrepareBound(connection_.get(),
                                     "SELECT property_key, property_value FROM "
                                     "iceberg_namespace_properties WHERE catalog_name = ? AND "
                                     "namespace = ?",
                                     {options_.catalog_name, ns_text}));
  Properties properties;
  while (true) {
    FIRN_ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (!row) return properties;
    std::optional<std::string> key = stmt->ColumnText(0);
    if (!key || *key == sql::kNamespaceExistsProperty) continue;
    properties[*key] = stmt->ColumnText(1).value_or("");
  }
}

Status SqlCatalog::UpdateNamespaceProperties(const Namespace& ns, const Properties& set,
                                             const std::vector<std::string>& remove) {
  for (const std::string& key : remove) {
    FIRN_RETURN_NOT_OK(CheckReserved(ns, key));
    if (set.contains(key)) {
      return InvalidArgument("namespace {}: property '{}' is both set and removed", ns.ToString(),
                             key);
    }
  }
  for (const auto& [key, value] : set) FIRN_RETURN_NOT_OK(CheckReserved(ns, key));
  std::lock_guard lock(mu_);
  FIRN_ASSIGN_OR_RETURN(SqlTransaction txn, SqlTransaction::Begin(connection_.get()));
  FIRN_RETURN_NOT_OK(RequireNamespaceLocked(ns));
  std::string ns_text = ns.ToString();
  FIRN_ASSIGN_OR_RETURN(
      auto del, connection_->Prepare("DELETE FROM iceberg_namespace_properties WHERE "
                                     "catalog_name = ? AND namespace = ? AND property_key = ?"));
  FIRN_ASSIGN_OR_RETURN(
      auto ins, connection_->Prepare("INSERT INTO iceberg_namespace_properties (catalog_name, "
                                     "namespace, property_key, property_value) "
                                     "VALUES (?, ?, ?, ?)"));
  auto delete_key = [&](const std::string& key) -> Status {
    FIRN_RETURN_NOT_OK(del->Reset());
    FIRN_RETURN_NOT_OK(del->BindText(1, options_.catalog_name));
    FIRN_RETURN_NOT_OK(del->BindText(2, ns_text));
    FIRN_RETURN_NOT_OK(del->BindText(3, key));
    FIRN_RETURN_NOT_OK(del->Step());
    return OkStatus();
  };
  for (const std::string& key : remove) FIRN_RETURN_NOT_OK(delete_key(key));
  // Delete + insert is the portable upsert (as PyIceberg does), inside one transaction.
  for (const auto& [key, value] : set) {
    FIRN_RETURN_NOT_OK(delete_key(key));
    FIRN_RETURN_NOT_OK(ins->Reset());
    FIRN_RETURN_NOT_OK(ins->BindText(1, options_.catalog_name));
    FIRN_RETURN_NOT_OK(ins->BindText(2, ns_text));
    FIRN_RETURN_NOT_OK(ins->BindText(3, key));
    FIRN_RETURN_NOT_OK(ins->BindText(4, value));
    FIRN_RETURN_NOT_OK(ins->Step());
  }
  return txn.Commit();
}

Status SqlCatalog::DropNamespace(const Namespace& ns) {
  if (ns.IsRoot()) return InvalidArgument("{}: cannot drop the root namespace", description_);
  std::lock_guard lock(mu_);
  FIRN_ASSIGN_OR_RETURN(SqlTransaction txn, SqlTransaction::Begin(connection_.get()));
  FIRN_RETURN_NOT_OK(RequireNamespaceLocked(ns));
  FIRN_ASSIGN_OR_RETURN(std::vector<std::string> tables, TableNamesLocked(ns, true));
  if (!tables.empty()) {
    return InvalidArgument("{}: cannot drop namespace {}: it is not empty ({} tables or views: {})",
                           description_, ns.ToString(), tables.size(), fmt::join(tables, ", "));
  }
  FIRN_ASSIGN_OR_RETURN(auto names, NamespaceStringsLocked(ns));
  for (const std::string& name : names) {
    auto parsed = Namespace::Parse(name);
    if (parsed && *parsed != ns && ns.IsPrefixOf(*parsed)) {
      return InvalidArgument("{}: cannot drop namespace {}: it is not empty (child namespace {})",
                             description_, ns.ToString(), name);
    }
  }
  std::string ns_text = ns.ToString();
  FIRN_ASSIGN_OR_RETURN(auto stmt, PrepareBound(connection_.get(),
                                                "DELETE FROM iceberg_namespace_properties WHERE "
                                                "catalog_name = ? AND namespace = ?",
                                                {options_.catalog_name, ns_text}));
  FIRN_RETURN_NOT_OK(stmt->Step());
  return txn.Commit();
}

}  // namespace firn::catalog
