// FilesystemCatalog: construction, layout and tables. Namespaces are in
// filesystem_catalog_namespaces.cc.
#include "firn/catalog/filesystem/filesystem_catalog.h"

#include "firn/catalog/filesystem/namespace_properties_file.h"
#include "firn/catalog/metadata_file_name.h"
#include "firn/common/macros.h"

namespace firn::catalog {

FilesystemCatalog::FilesystemCatalog(std::string warehouse, io::FileIO* io)
    : warehouse_(std::move(warehouse)),
      description_(fmt::format("filesystem catalog at {}", warehouse_)),
      io_(io) {}

Result<std::unique_ptr<FilesystemCatalog>> FilesystemCatalog::Make(std::string warehouse,
                                                                   io::FileIO* io) {
  while (warehouse.size() > 1 && warehouse.back() == '/') warehouse.pop_back();
  if (warehouse.empty()) return InvalidArgument("filesystem catalog: empty warehouse location");
  return std::unique_ptr<FilesystemCatalog>(new FilesystemCatalog(std::move(warehouse), io));
}

std::string FilesystemCatalog::NamespaceDir(const Namespace& ns) const {
  std::string dir = warehouse_;
  for (const std::string& level : ns.levels()) dir = JoinPath(dir, level);
  return dir;
}

std::string FilesystemCatalog::NamespaceFile(const Namespace& ns) const {
  return JoinPath(NamespaceDir(ns), kNamespaceFileName);
}

std::string FilesystemCatalog::DefaultTableLocation(const TableIdentifier& ident) const {
  return JoinPath(NamespaceDir(ident.ns), ident.name);
}

HadoopTableDir FilesystemCatalog::TableDir(const TableIdentifier& ident) const {
  return HadoopTableDir(io_, DefaultTableLocation(ident));
}

Error FilesystemCatalog::TableError(ErrorKind kind, const TableIdentifier& ident,
                                    std::string_view what) const {
  return Error(kind, fmt::format("{}: table {}: {}", description_, ident.ToString(), what));
}

Result<FilesystemCatalog::FolderContents> FilesystemCatalog::ListFolder(
    const std::string& dir) const {
  FIRN_ASSIGN_OR_RETURN(auto files, io_->List(FilePath(dir)));
  const std::string prefix = JoinPath(dir, "");
  FolderContents contents;
  for (const io::FileInfo& file : files) {
    std::string_view rel = file.path.value();
    if (!rel.starts_with(prefix)) continue;
    rel.remove_prefix(prefix.size());
    std::vector<std::string> parts;
    for (size_t start = 0;;) {
      size_t slash = rel.find('/', start);
      parts.emplace_back(
          rel.substr(start, slash == std::string_view::npos ? slash : slash - start));
      if (slash == std::string_view::npos) break;
      start = slash + 1;
    }
    const std::string& last = parts.back();
    if (last == kNamespaceFileName) {
      parts.pop_back();
      contents.namespaces.insert(std::move(parts));
    } else if (parts.size() >= 2 && parts[parts.size() - 2] == "metadata" &&
               ParseHadoopVersion(last)) {
      parts.resize(parts.size() - 2);
      contents.tables.insert(std::move(parts));
    }
  }
  return contents;
}

Result<std::vector<TableIdentifier>> FilesystemCatalog::ListTables(const Namespace& ns) {
  FIRN_RETURN_NOT_OK(RequireNamespace(ns));
  FIRN_ASSIGN_OR_RETURN(FolderContents contents, ListFolder(NamespaceDir(ns)));
  std::vector<TableIdentifier> tables;
  for (const auto& path : contents.tables) {
    if (path.size() == 1 && IsValidName(path[0])) tables.push_back(TableIdentifier{ns, path[0]});
  }
  return tables;  // sorted: the set is ordered by path
}

Result<bool> FilesystemCatalog::TableExists(const TableIdentifier& ident) {
  FIRN_ASSIGN_OR_RETURN(auto version, TableDir(ident).FindCurrentVersion());
  return version.has_value();
}

Result<MetadataPointer> FilesystemCatalog::LoadTable(const TableIdentifier& ident) {
  HadoopTableDir dir = TableDir(ident);
  FIRN_ASSIGN_OR_RETURN_CTX(auto version, dir.FindCurrentVersion(),
                            fmt::format("{}: table {}", description_, ident.ToString()));
  if (!version) return std::unexpected(TableError(ErrorKind::kNotFound, ident, "does not exist"));
  MetadataPointer pointer{dir.MetadataFile(*version), std::nullopt};
  if (*version > 1) {
    FIRN_ASSIGN_OR_RETURN(bool previous, io_->Exists(FilePath(dir.MetadataFile(*version - 1))));
    if (previous) pointer.previous_metadata_location = dir.MetadataFile(*version - 1);
  }
  return pointer;
}

Status FilesystemCatalog::DropTable(const TableIdentifier& ident) {
  HadoopTableDir dir = TableDir(ident);
  FIRN_ASSIGN_OR_RETURN(std::vector<int64_t> versions, dir.ListVersions());
  if (versions.empty()) {
    return std::unexpected(TableError(ErrorKind::kNotFound, ident, "does not exist"));
  }
  // The hint goes first (readers then list), and versions oldest first: until the last
  // delete, the table still loads at its current version.
  Status hint = io_->Delete(FilePath(dir.VersionHintFile()));
  if (!hint && hint.error().kind() != ErrorKind::kNotFound) {
    return std::unexpected(std::move(hint).error().WithContext(
        fmt::format("{}: dropping table {}", description_, ident.ToString())));
  }
  for (int64_t version : versions) {
    Status deleted = io_->Delete(FilePath(dir.MetadataFile(version)));
    if (!deleted && deleted.error().kind() != ErrorKind::kNotFound) {
      return std::unexpected(std::move(deleted).error().WithContext(
          fmt::format("{}: dropping table {}", description_, ident.ToString())));
    }
  }
  return OkStatus();
}

Status FilesystemCatalog::RenameTable(const TableIdentifier& from, const TableIdentifier& to) {
  return NotSupported(
      "{}: cannot rename {} to {}: a filesystem (Hadoop) table is identified by its folder, "
      "which its metadata and data files name; use a SQL catalog to rename tables",
      description_, from.ToString(), to.ToString());
}

Status FilesystemCatalog::RegisterTable(const TableIdentifier& ident,
                                        const std::string& metadata_location) {
  Result<std::string> json = io_->ReadAll(FilePath(metadata_location));
  if (!json) {
    return std::unexpected(TableError(json.error().kind(), ident,
                                      fmt::format("cannot register metadata file {}: {}",
                                                  metadata_location, json.error().message())));
  }
  MetadataCommit commit{.table_location = DefaultTableLocation(ident),
                        .base_metadata_location = std::nullopt,
                        .metadata_json = std::move(*json)};
  // The Hadoop layout has no pointer to elsewhere: the file is copied in as v1, as Java's
  // HadoopCatalog does when it registers a table.
  FIRN_RETURN_NOT_OK(CommitTable(ident, commit));
  return OkStatus();
}

Result<std::string> FilesystemCatalog::WriteVersion(const TableIdentifier& ident, int64_t version,
                                                    std::string_view json) {
  HadoopTableDir dir = TableDir(ident);
  std::string location = dir.MetadataFile(version);
  Status written = io_->WriteAll(FilePath(location), json, io::WriteMode::kCreate);
  if (!written) {
    Error error = std::move(written).error();
    if (error.kind() == ErrorKind::kAlreadyExists) {
      return std::unexpected(
          TableError(version == 1 ? ErrorKind::kAlreadyExists : ErrorKind::kCommitConflict, ident,
                     version == 1 ? "already exists"
                                  : fmt::format("commit conflict: another writer created {} first; "
                                                "reload the table and retry",
                                                location)));
    }
    return std::unexpected(std::move(error).WithContext(
        fmt::format("{}: table {}: writing metadata file", description_, ident.ToString())));
  }
  (void)dir.WriteVersionHint(version);  // best effort: readers step past a stale hint
  return location;
}

Result<std::string> FilesystemCatalog::CommitTable(const TableIdentifier& ident,
                                                   const MetadataCommit& commit) {
  HadoopTableDir dir = TableDir(ident);
  std::string_view location = commit.table_location;
  while (location.size() > 1 && location.back() == '/') location.remove_suffix(1);
  if (location != dir.table_dir()) {
    return std::unexpected(TableError(
        ErrorKind::kInvalidArgument, ident,
        fmt::format("table location {} is not {}: a filesystem catalog keeps each table in "
                    "its own folder",
                    commit.table_location, dir.table_dir())));
  }
  if (!commit.base_metadata_location) {
    FIRN_RETURN_NOT_OK(RequireNamespace(ident.ns));
    FIRN_ASSIGN_OR_RETURN(auto current, dir.FindCurrentVersion());
    if (current)
      return std::unexpected(TableError(ErrorKind::kAlreadyExists, ident, "already exists"));
    FIRN_ASSIGN_OR_RETURN(bool ns_here,
                          io_->Exists(FilePath(JoinPath(dir.table_dir(), kNamespaceFileName))));
    if (ns_here) {
      return std::unexpected(TableError(ErrorKind::kAlreadyExists, ident,
                                        "a namespace of that name occupies its folder"));
    }
    return WriteVersion(ident, 1, commit.metadata_json);
  }
  FIRN_ASSIGN_OR_RETURN(auto current, dir.FindCurrentVersion());
  if (!current) return std::unexpected(TableError(ErrorKind::kNotFound, ident, "does not exist"));
  const std::string& base = *commit.base_metadata_location;
  std::optional<int64_t> base_version = dir.VersionOf(base);
  if (!base_version) {
    return std::unexpected(TableError(
        ErrorKind::kInvalidArgument, ident,
        fmt::format("base {} is not a v<N>.metadata.json file in {}", base, dir.MetadataDir())));
  }
  if (*current != *base_version) {
    return std::unexpected(TableError(
        ErrorKind::kCommitConflict, ident,
        fmt::format("commit conflict: base metadata {} is no longer current (it is now {}); "
                    "reload the table and retry",
                    base, dir.MetadataFile(*current))));
  }
  return WriteVersion(ident, *base_version + 1, commit.metadata_json);
}

}  // namespace firn::catalog
