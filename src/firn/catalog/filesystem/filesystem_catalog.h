// FilesystemCatalog: tables as folders in the Hadoop layout (Java's HadoopCatalog), with
// no database: the files are the catalog.
//
//   <warehouse>/<ns level>/.../<table>/metadata/v<N>.metadata.json   (hadoop_table_dir.h)
//   <warehouse>/<ns level>/.../<table>/metadata/version-hint.text
//   <warehouse>/<ns level>/.../.firn-namespace.properties            (namespace_properties_file.h)
//
// A commit writes v(N+1).metadata.json with a no-overwrite create (FileIO kCreate: a
// rename that refuses to replace), so of two writers from the same base exactly one wins;
// the other gets CommitConflict. Then version-hint.text is rewritten, best effort.
//
// A table is identified by its folder, so its location is always DefaultTableLocation and
// RenameTable is NotSupported (as in Java's HadoopCatalog). A namespace exists if its
// properties file exists or if tables or namespaces live below it; folders without any
// such file (e.g. empty ones made by other tools) are not seen. Namespace property updates
// replace the properties file: concurrent updates of one namespace are last-writer-wins.
// Listing walks the namespace's folder recursively (FileIO::List), data files included.
//
// Thread-safety: thread-safe (no mutable state). Several catalogs, in this process or
// others, may share a warehouse.
#pragma once

#include <memory>
#include <set>
#include <string>

#include "firn/catalog/catalog.h"
#include "firn/catalog/filesystem/hadoop_table_dir.h"
#include "firn/io/file_io.h"

namespace firn::catalog {

class FilesystemCatalog final : public Catalog {
 public:
  // "*io" must outlive the catalog. InvalidArgument for an empty warehouse.
  static Result<std::unique_ptr<FilesystemCatalog>> Make(std::string warehouse, io::FileIO* io);

  const std::string& description() const override { return description_; }

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
  // What lies below a folder, from one recursive listing.
  struct FolderContents {
    std::set<std::vector<std::string>> namespaces;  // folders with a properties file
    std::set<std::vector<std::string>> tables;      // folders with a metadata/vN file
  };

  FilesystemCatalog(std::string warehouse, io::FileIO* io);

  std::string NamespaceDir(const Namespace& ns) const;
  std::string NamespaceFile(const Namespace& ns) const;
  HadoopTableDir TableDir(const TableIdentifier& ident) const;
  Result<FolderContents> ListFolder(const std::string& dir) const;
  Status RequireNamespace(const Namespace& ns);
  Error TableError(ErrorKind kind, const TableIdentifier& ident, std::string_view what) const;
  // Writes version `version` of the table with a no-overwrite create, then the hint.
  Result<std::string> WriteVersion(const TableIdentifier& ident, int64_t version,
                                   std::string_view json);

  const std::string warehouse_;
  const std::string description_;
  io::FileIO* const io_;  // not owned
};

}  // namespace firn::catalog
