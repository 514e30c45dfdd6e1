// SqlCatalog: construction and tables. Namespaces are in sql_catalog_namespaces.cc.
#include "firn/catalog/sql/sql_catalog.h"

#include <fmt/ranges.h>

#include "firn/catalog/metadata_file_name.h"
#include "firn/common/macros.h"

namespace firn::catalog {

using sql::PrepareBound;
using sql::SqlTransaction;

SqlCatalog::SqlCatalog(std::unique_ptr<sql::SqlConnection> connection, io::FileIO* io,
                       SqlCatalogOptions options, sql::JdbcSchemaVersion version)
    : options_(std::move(options)),
      version_(version),
      description_(
          fmt::format("sql catalog '{}' ({})", options_.catalog_name, connection->description())),
      io_(io),
      connection_(std::move(connection)) {}

Result<std::unique_ptr<SqlCatalog>> SqlCatalog::Make(std::unique_ptr<sql::SqlConnection> connection,
                                                     io::FileIO* io, SqlCatalogOptions options) {
  if (options.catalog_name.empty()) return InvalidArgument("sql catalog: empty catalog name");
  if (options.warehouse.empty()) {
    return InvalidArgument("sql catalog '{}': no warehouse location given", options.catalog_name);
  }
  FIRN_ASSIGN_OR_RETURN(sql::JdbcSchemaVersion version, sql::EnsureJdbcSchema(connection.get()));
  return std::unique_ptr<SqlCatalog>(
      new SqlCatalog(std::move(connection), io, std::move(options), version));
}

Result<std::unique_ptr<SqlCatalog>> SqlCatalog::OpenSqlite(const std::string& db_path,
                                                           io::FileIO* io,
                                                           SqlCatalogOptions options,
                                                           const sql::SqliteOptions& sqlite) {
  FIRN_ASSIGN_OR_RETURN(auto connection, sql::SqliteConnection::Make(db_path, sqlite));
  return Make(std::move(connection), io, std::move(options));
}

Error SqlCatalog::TableError(ErrorKind kind, const TableIdentifier& ident,
                             std::string_view what) const {
  return Error(kind, fmt::format("{}: table {}: {}", description_, ident.ToString(), what));
}

std::string SqlCatalog::DefaultTableLocation(const TableIdentifier& ident) const {
  std::string location = options_.warehouse;
  for (const std::string& level : ident.ns.levels()) location = JoinPath(location, level);
  return JoinPath(location, ident.name);
}

Result<std::optional<MetadataPointer>> SqlCatalog::FindTableLocked(const TableIdentifier& ident) {
  std::string sql = fmt::format(
      "SELECT metadata_location, previous_metadata_location FROM iceberg_tables "
      "WHERE catalog_name = ? AND table_namespace = ? AND table_name = ?{}",
      sql::TableRowFilter(version_));
  std::string ns = ident.ns.ToString();
  FIRN_ASSIGN_OR_RETURN(
      auto stmt, PrepareBound(connection_.get(), sql, {options_.catalog_name, ns, ident.name}));
  FIRN_ASSIGN_OR_RETURN(bool row, stmt->Step());
  if (!row) return std::nullopt;
  std::optional<std::string> location = stmt->ColumnText(0);
  if (!location || location->empty()) {
    return std::unexpected(
        TableError(ErrorKind::kCorrupt, ident, "its row has no metadata_location"));
  }
  return MetadataPointer{std::move(*location), stmt->ColumnText(1)};
}

Result<bool> SqlCatalog::RowExistsLocked(const TableIdentifier& ident) {
  std::string ns = ident.ns.ToString();
  FIRN_ASSIGN_OR_RETURN(auto stmt,
                        PrepareBound(connection_.get(),
                                     "SELECT 1 FROM iceberg_tables WHERE catalog_name = ? AND "
                                     "table_namespace = ? AND table_name = ?",
                                     {options_.catalog_name, ns, ident.name}));
  return stmt->Step();
}

Result<std::vector<std::string>> SqlCatalog::TableNamesLocked(const Namespace& ns,
                                                              bool include_views) {
  std::string sql = fmt::format(
      "SELECT table_name FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ?{} "
      "ORDER BY table_name",
      include_views ? "" : sql::TableRowFilter(version_));
  std::string ns_text = ns.ToString();
  FIRN_ASSIGN_OR_RETURN(auto stmt,
                        PrepareBound(connection_.get(), sql, {options_.catalog_name, ns_text}));
  std::vector<std::string> names;
  while (true) {
    FIRN_ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (!row) break;
    if (auto name = stmt->ColumnText(0)) names.push_back(std::move(*name));
  }
  return names;
}

Result<std::vector<TableIdentifier>> SqlCatalog::ListTables(const Namespace& ns) {
  std::lock_guard lock(mu_);
  FIRN_RETURN_NOT_OK(RequireNamespaceLocked(ns));
  FIRN_ASSIGN_OR_RETURN(std::vector<std::string> names, TableNamesLocked(ns, false));
  std::vector<TableIdentifier> tables;
  for (std::string& name : names) {
    // A name another client wrote that firn cannot represent is left out, not an error.
    if (IsValidName(name)) tables.push_back(TableIdentifier{ns, std::move(name)});
  }
  return tables;
}

Result<bool> SqlCatalog::TableExists(const TableIdentifier& ident) {
  std::lock_guard lock(mu_);
  FIRN_ASSIGN_OR_RETURN(auto found, FindTableLocked(ident));
  return found.has_value();
}

Result<MetadataPointer> SqlCatalog::LoadTable(const TableIdentifier& ident) {
  std::lock_guard lock(mu_);
  FIRN_ASSIGN_OR_RETURN(auto found, FindTableLocked(ident));
  if (!found) return std::unexpected(TableError(ErrorKind::kNotFound, ident, "does not exist"));
  return std::move(*found);
}

Status SqlCatalog::DropTable(const TableIdentifier& ident) {
  std::lock_guard lock(mu_);
  std::string sql = fmt::format(
      "DELETE FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ? AND "
      "table_name = ?{}",
      sql::TableRowFilter(version_));
  std::string ns = ident.ns.ToString();
  FIRN_ASSIGN_OR_RETURN(
      auto stmt, PrepareBound(connection_.get(), sql, {options_.catalog_name, ns, ident.name}));
  FIRN_RETURN_NOT_OK(stmt->Step());
  if (stmt->ChangedRows() == 0) {
    return std::unexpected(TableError(ErrorKind::kNotFound, ident, "does not exist"));
  }
  return OkStatus();
}

Status SqlCatalog::RenameTable(const TableIdentifier& from, const TableIdentifier& to) {
  std::lock_guard lock(mu_);
  FIRN_ASSIGN_OR_RETURN(SqlTransaction txn, SqlTransaction::Begin(connection_.get()));
  FIRN_ASSIGN_OR_RETURN(auto found, FindTableLocked(from));
  if (!found) return std::unexpected(TableError(ErrorKind::kNotFound, from, "does not exist"));
  FIRN_RETURN_NOT_OK(RequireNamespaceLocked(to.ns));
  FIRN_ASSIGN_OR_RETURN(bool taken, RowExistsLocked(to));
  if (taken) {
    return std::unexpected(
        TableError(ErrorKind::kAlreadyExists, to,
                   fmt::format("cannot rename {} to it: it already exists", from.ToString())));
  }
  std::string sql = fmt::format(
      "UPDATE iceberg_tables SET table_namespace = ?, table_name = ? WHERE catalog_name = ? "
      "AND table_namespace = ? AND table_name = ?{}",
      sql::TableRowFilter(version_));
  std::string to_ns = to.ns.ToString(), from_ns = from.ns.ToString();
  FIRN_ASSIGN_OR_RETURN(auto stmt,
                        PrepareBound(connection_.get(), sql,
                                     {to_ns, to.name, options_.catalog_name, from_ns, from.name}));
  FIRN_RETURN_NOT_OK(stmt->Step());
  if (stmt->ChangedRows() != 1) {
    return std::unexpected(TableError(ErrorKind::kInternal, from, "rename changed no row"));
  }
  return txn.Commit();
}

Status SqlCatalog::RegisterTable(const TableIdentifier& ident,
                                 const std::string& metadata_location) {
  // Opening (not just Exists) so that a folder of that name does not pass for a file.
  auto file = io_->OpenInputFile(FilePath(metadata_location));
  if (!file) {
    return std::unexpected(TableError(file.error().kind(), ident,
                                      fmt::format("cannot register metadata file {}: {}",
                                                  metadata_location, file.error().message())));
  }
  MetadataCommit commit{
      .table_location = "", .base_metadata_location = std::nullopt, .metadata_json = ""};
  std::lock_guard lock(mu_);
  FIRN_ASSIGN_OR_RETURN(SqlTransaction txn, SqlTransaction::Begin(connection_.get()));
  FIRN_RETURN_NOT_OK(RequireNamespaceLocked(ident.ns));
  FIRN_RETURN_NOT_OK(SwapPointerLocked(ident, commit, metadata_location));
  return txn.Commit();
}

}  // namespace firn::catalog
