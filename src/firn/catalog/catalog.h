// Catalog: maps table identifiers to the location of each table's current metadata JSON
// file, and commits a new metadata file by swapping that pointer atomically.
//
// Metadata JSON is opaque bytes here: the catalog writes the file itself (so that each
// catalog applies its own file naming and atomicity) and never parses it.
//
// Implementations: SqlCatalog (sql/sql_catalog.h; the Iceberg JDBC catalog's schema in
// SQLite) and FilesystemCatalog (filesystem/filesystem_catalog.h; the Hadoop layout).
// OpenCatalog (catalog_uri.h) picks one from a URI. README.md states what each stores.
//
// Errors: NotFound for a missing namespace or table, AlreadyExists for a duplicate,
// CommitConflict when a commit's base is no longer current (reload and retry),
// InvalidArgument for a bad request (e.g. dropping a non-empty namespace), NotSupported
// for an operation a catalog cannot do (FilesystemCatalog::RenameTable). Messages name the
// catalog and the table or namespace.
//
// Thread-safety: every Catalog is safe to use from many threads at once; several Catalog
// objects (in one process or several) may share one database or warehouse.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "firn/catalog/identifier.h"
#include "firn/common/result.h"

namespace firn::catalog {

using Properties = std::map<std::string, std::string>;

// Where a table's metadata lives now.
struct MetadataPointer {
  std::string metadata_location;                          // the current metadata JSON file
  std::optional<std::string> previous_metadata_location;  // the one before, if known

  bool operator==(const MetadataPointer&) const = default;
};

// One commit: a complete new metadata JSON document and what it was derived from.
struct MetadataCommit {
  std::string table_location;  // the table's base location (metadata goes to <it>/metadata)
  std::optional<std::string> base_metadata_location;  // nullopt: create the table
  std::string metadata_json;                          // the new metadata, written verbatim
};

class Catalog {
 public:
  Catalog() = default;
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;
  virtual ~Catalog() = default;

  // A short description for messages: "sql catalog 'default' at /wh/catalog.db".
  virtual const std::string& description() const = 0;

  // --- Namespaces. The root namespace always exists and cannot be created or dropped.

  // AlreadyExists if `ns` exists (also when it exists only through its tables or children).
  virtual Status CreateNamespace(const Namespace& ns, const Properties& properties) = 0;
  // The immediate children of `parent` (the root: top-level namespaces), sorted.
  // NotFound if `parent` does not exist.
  virtual Result<std::vector<Namespace>> ListNamespaces(const Namespace& parent) = 0;
  virtual Result<bool> NamespaceExists(const Namespace& ns) = 0;
  // NotFound if `ns` does not exist.
  virtual Result<Properties> LoadNamespaceProperties(const Namespace& ns) = 0;
  // Sets `set` and removes `remove` (keys not present are ignored). InvalidArgument if a
  // key is in both. NotFound if `ns` does not exist.
  virtual Status UpdateNamespaceProperties(const Namespace& ns, const Properties& set,
                                           const std::vector<std::string>& remove) = 0;
  // NotFound if `ns` does not exist; InvalidArgument ("not empty") if it holds tables or
  // child namespaces.
  virtual Status DropNamespace(const Namespace& ns) = 0;

  // --- Tables.

  // The tables directly in `ns`, sorted by name. NotFound if `ns` does not exist.
  virtual Result<std::vector<TableIdentifier>> ListTables(const Namespace& ns) = 0;
  virtual Result<bool> TableExists(const TableIdentifier& ident) = 0;
  // NotFound if the table does not exist.
  virtual Result<MetadataPointer> LoadTable(const TableIdentifier& ident) = 0;
  // Removes the catalog entry only; data and metadata files that the entry pointed at are
  // the caller's to purge (load the table first). NotFound if it does not exist.
  virtual Status DropTable(const TableIdentifier& ident) = 0;
  // NotFound if `from` or the namespace of `to` does not exist; AlreadyExists if `to` does.
  virtual Status RenameTable(const TableIdentifier& from, const TableIdentifier& to) = 0;
  // Adds a table whose current metadata is the existing file `metadata_location`.
  // NotFound if that file or the namespace does not exist; AlreadyExists if the table does.
  virtual Status RegisterTable(const TableIdentifier& ident,
                               const std::string& metadata_location) = 0;
  // Where a new table's files go: <warehouse>/<ns levels as folders>/<table>.
  virtual std::string DefaultTableLocation(const TableIdentifier& ident) const = 0;

  // Writes `commit.metadata_json` as a new metadata file and makes it the table's current
  // metadata, if the current one is still `commit.base_metadata_location`. Returns the new
  // file's location.
  //   - create (no base): NotFound if the namespace does not exist, AlreadyExists if the
  //     table does;
  //   - update: CommitConflict if the base is no longer current (the table moved on; the
  //     file written here is deleted again), NotFound if the table does not exist.
  // Any failure leaves the table pointing at its old, complete metadata file.
  virtual Result<std::string> CommitTable(const TableIdentifier& ident,
                                          const MetadataCommit& commit) = 0;
};

}  // namespace firn::catalog
