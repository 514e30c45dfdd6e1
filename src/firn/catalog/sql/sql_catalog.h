// SqlCatalog: the embedded default catalog, in the Iceberg JDBC catalog's schema
// (jdbc_schema.h), so that Java's JdbcCatalog and PyIceberg's SqlCatalog can open the same
// database (SQLite file) as firn.
//
// Conventions, as in Java and PyIceberg:
//   - rows are scoped by `catalog_name` (SqlCatalogOptions::catalog_name; both Java and
//     PyIceberg use the name the catalog was configured under, and PyIceberg's
//     load_catalog() default is "default", hence firn's default);
//   - a namespace is stored as its levels joined with '.'; it exists if it has a row in
//     iceberg_namespace_properties (firn, like Java, always writes `exists`=`true`, and
//     hides that key from LoadNamespaceProperties) or if a table or a child namespace lives
//     in it;
//   - metadata files are "<table_location>/metadata/<version:05d>-<uuid>.metadata.json";
//   - a commit is "UPDATE iceberg_tables SET metadata_location = <new>,
//     previous_metadata_location = <base> WHERE <key> AND metadata_location = <base>",
//     which succeeds iff exactly one row changed.
// README.md describes the commit protocol and its failure cases.
//
// Thread-safety: thread-safe (one mutex around the connection). Catalogs in other threads
// or processes may use the same database; SQLite's locking orders their writes.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "firn/catalog/catalog.h"
#include "firn/catalog/sql/jdbc_schema.h"
#include "firn/catalog/sql/sql_connection.h"
#include "firn/catalog/sql/sqlite_connection.h"
#include "firn/io/file_io.h"

namespace firn::catalog {

struct SqlCatalogOptions {
  std::string catalog_name = "default";  // the `catalog_name` column of every row
  std::string warehouse;                 // root of DefaultTableLocation; required
};

class SqlCatalog final : public Catalog {
 public:
  // Creates the schema if needed. "*io" (which writes and checks metadata files) must
  // outlive the catalog.
  static Result<std::unique_ptr<SqlCatalog>> Make(std::unique_ptr<sql::SqlConnection> connection,
                                                  io::FileIO* io, SqlCatalogOptions options);
  // Make on a SQLite database file (created if missing).
  static Result<std::unique_ptr<SqlCatalog>> OpenSqlite(const std::string& db_path, io::FileIO* io,
                                                        SqlCatalogOptions options,
                                                        const sql::SqliteOptions& sqlite = {});

  const std::string& description() const override { return description_; }
  sql::JdbcSchemaVersion schema_version() const { return version_; }

  Status CreateNamespace(const Namespace& ns, const Properties& properties) override;
  Result<std::vector<Namespace>> ListNamespaces(const Namespace& parent) override;
  Result<bool> NamespaceExists(const Namespace& ns) override;
  Result<Properties> LoadNamespaceProperties(const Namespace& ns) override;
  Status UpdateNamespaceProperties(const Namespace& ns, const Properties& set,
                                   const std::vector<std::string>& remove) override;
  Status DropNamespace(const Namespace& ns) override;

  Result<std::vector<TableIdentifier>> ListTables(const Namespace& ns) override;
  Result<bool> TableExists(const TableIdentifier& ident) override;
  Result<MetadataPointer> LoadTable(const TableIdentifier& ident) override;
  Status DropTable(const TableIdentifier& ident) override;
  Status RenameTable(const TableIdentifier& from, const TableIdentifier& to) override;
  Status RegisterTable(const TableIdentifier& ident, const std::string& metadata_location) override;
  std::string DefaultTableLocation(const TableIdentifier& ident) const override;
  Result<std::string> CommitTable(const TableIdentifier& ident,
                                  const MetadataCommit& commit) override;

 private:
  SqlCatalog(std::unique_ptr<sql::SqlConnection> connection, io::FileIO* io,
             SqlCatalogOptions options, sql::JdbcSchemaVersion version);

  // REQUIRES: mu_ held (all *Locked functions).
  Result<bool> NamespaceExistsLocked(const Namespace& ns);
  Status RequireNamespaceLocked(const Namespace& ns);
  Result<std::vector<std::string>> NamespaceStringsLocked(const Namespace& prefix);
  // Names of the tables in `ns`; with `include_views`, of views (rows Java wrote) too.
  Result<std::vector<std::string>> TableNamesLocked(const Namespace& ns, bool include_views);
  Result<std::optional<MetadataPointer>> FindTableLocked(const TableIdentifier& ident);
  // Whether any row (a table or a view) has this key.
  Result<bool> RowExistsLocked(const TableIdentifier& ident);
  // Runs the INSERT (create) or UPDATE (commit) that points `ident` at `new_location`.
  Status SwapPointerLocked(const TableIdentifier& ident, const MetadataCommit& commit,
                           const std::string& new_location);
  Error TableError(ErrorKind kind, const TableIdentifier& ident, std::string_view what) const;

  const SqlCatalogOptions options_;
  const sql::JdbcSchemaVersion version_;
  const std::string description_;
  io::FileIO* const io_;  // not owned; outlives the catalog

  std::mutex mu_;
  std::unique_ptr<sql::SqlConnection> connection_;  // guarded by mu_
};

}  // namespace firn::catalog
