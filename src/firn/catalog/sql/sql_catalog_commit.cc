// SqlCatalog::CommitTable: write the metadata file, then swap the pointer row.
#include "firn/catalog/metadata_file_name.h"
#include "firn/catalog/sql/sql_catalog.h"
#include "firn/common/macros.h"

namespace firn::catalog {

using sql::PrepareBound;

Status SqlCatalog::SwapPointerLocked(const TableIdentifier& ident, const MetadataCommit& commit,
                                     const std::string& new_location) {
  std::string ns = ident.ns.ToString();
  if (!commit.base_metadata_location) {
    const char* sql =
        version_ == sql::JdbcSchemaVersion::kV1
            ? "INSERT INTO iceberg_tables (catalog_name, table_namespace, table_name, "
              "metadata_location, previous_metadata_location, iceberg_type) "
              "VALUES (?, ?, ?, ?, NULL, 'TABLE')"
            : "INSERT INTO iceberg_tables (catalog_name, table_namespace, table_name, "
              "metadata_location, previous_metadata_location) VALUES (?, ?, ?, ?, NULL)";
    FIRN_ASSIGN_OR_RETURN(auto stmt,
                          PrepareBound(connection_.get(), sql,
                                       {options_.catalog_name, ns, ident.name, new_location}));
    Result<bool> done = stmt->Step();
    if (!done && done.error().kind() == ErrorKind::kAlreadyExists) {
      return std::unexpected(TableError(ErrorKind::kAlreadyExists, ident, "already exists"));
    }
    FIRN_RETURN_NOT_OK(done);
    return OkStatus();
  }
  std::string sql = fmt::format(
      "UPDATE iceberg_tables SET metadata_location = ?, previous_metadata_location = ? "
      "WHERE catalog_name = ? AND table_namespace = ? AND table_name = ? AND "
      "metadata_location = ?{}",
      sql::TableRowFilter(version_));
  const std::string& base = *commit.base_metadata_location;
  FIRN_ASSIGN_OR_RETURN(
      auto stmt, PrepareBound(connection_.get(), sql,
                              {new_location, base, options_.catalog_name, ns, ident.name, base}));
  FIRN_RETURN_NOT_OK(stmt->Step());
  if (stmt->ChangedRows() == 1) return OkStatus();
  FIRN_ASSIGN_OR_RETURN(auto current, FindTableLocked(ident));
  if (!current) return std::unexpected(TableError(ErrorKind::kNotFound, ident, "does not exist"));
  return std::unexpected(TableError(
      ErrorKind::kCommitConflict, ident,
      fmt::format("commit conflict: base metadata {} is no longer current (it is now {}); "
                  "reload the table and retry",
                  base, current->metadata_location)));
}

Result<std::string> SqlCatalog::CommitTable(const TableIdentifier& ident,
                                            const MetadataCommit& commit) {
  if (commit.table_location.empty()) {
    return std::unexpected(TableError(ErrorKind::kInvalidArgument, ident, "empty table location"));
  }
  {
    // Early checks, so that a commit bound to fail writes no file. The swap below decides.
    std::lock_guard lock(mu_);
    if (!commit.base_metadata_location) {
      FIRN_RETURN_NOT_OK(RequireNamespaceLocked(ident.ns));
      FIRN_ASSIGN_OR_RETURN(bool exists, RowExistsLocked(ident));
      if (exists) {
        return std::unexpected(TableError(ErrorKind::kAlreadyExists, ident, "already exists"));
      }
    } else {
      FIRN_ASSIGN_OR_RETURN(auto current, FindTableLocked(ident));
      if (!current) {
        return std::unexpected(TableError(ErrorKind::kNotFound, ident, "does not exist"));
      }
      if (current->metadata_location != *commit.base_metadata_location) {
        return std::unexpected(TableError(
            ErrorKind::kCommitConflict, ident,
            fmt::format("commit conflict: base metadata {} is no longer current (it is now "
                        "{}); reload the table and retry",
                        *commit.base_metadata_location, current->metadata_location)));
      }
    }
  }

  const std::string new_location =
      NewMetastoreMetadataLocation(commit.table_location, commit.base_metadata_location);
  FIRN_RETURN_NOT_OK_CTX(
      io_->WriteAll(FilePath(new_location), commit.metadata_json, io::WriteMode::kCreate),
      fmt::format("{}: table {}: writing metadata file", description_, ident.ToString()));

  Status swapped;
  {
    std::lock_guard lock(mu_);
    swapped = SwapPointerLocked(ident, commit, new_location);
  }
  if (swapped) return new_location;
  Error error = std::move(swapped).error();
  ErrorKind kind = error.kind();
  if (kind != ErrorKind::kAlreadyExists && kind != ErrorKind::kNotFound &&
      kind != ErrorKind::kCommitConflict) {
    // The statement failed in a way that might still have committed (an I/O error during
    // the database commit): look before deleting a file the table may now point at.
    Result<std::optional<MetadataPointer>> now;
    {
      std::lock_guard lock(mu_);
      now = FindTableLocked(ident);
    }
    if (!now) {
      return std::unexpected(std::move(error).WithContext(fmt::format(
          "commit state unknown (re-reading the table failed: {}); metadata file {} left in "
          "place",
          now.error().message(), new_location)));
    }
    if (*now && (*now)->metadata_location == new_location) return new_location;
  }
  (void)io_->Delete(FilePath(new_location));  // best effort: an orphan at worst
  return std::unexpected(std::move(error));
}

}  // namespace firn::catalog
