// FilesystemCatalog: namespaces (folders with a properties file; see
// namespace_properties_file.h).
#include <fmt/ranges.h>

#include "firn/catalog/filesystem/filesystem_catalog.h"
#include "firn/catalog/filesystem/namespace_properties_file.h"
#include "firn/catalog/metadata_file_name.h"
#include "firn/common/macros.h"

namespace firn::catalog {

Result<bool> FilesystemCatalog::NamespaceExists(const Namespace& ns) {
  if (ns.IsRoot()) return true;
  FIRN_ASSIGN_OR_RETURN(bool has_file, io_->Exists(FilePath(NamespaceFile(ns))));
  if (has_file) return true;
  // Implicitly, through something below it (a folder that is itself a table is not one).
  FIRN_ASSIGN_OR_RETURN(FolderContents contents, ListFolder(NamespaceDir(ns)));
  if (!contents.namespaces.empty()) return true;
  for (const auto& table : contents.tables) {
    if (!table.empty()) return true;
  }
  return false;
}

Status FilesystemCatalog::RequireNamespace(const Namespace& ns) {
  FIRN_ASSIGN_OR_RETURN(bool exists, NamespaceExists(ns));
  if (!exists) return NotFound("{}: namespace {} does not exist", description_, ns.ToString());
  return OkStatus();
}

Status FilesystemCatalog::CreateNamespace(const Namespace& ns, const Properties& properties) {
  if (ns.IsRoot()) return InvalidArgument("{}: cannot create the root namespace", description_);
  FIRN_ASSIGN_OR_RETURN(bool exists, NamespaceExists(ns));
  if (exists) return AlreadyExists("{}: namespace {} already exists", description_, ns.ToString());
  if (ns.levels().size() >= 2) {
    std::vector<std::string> parent(ns.levels().begin(), ns.levels().end() - 1);
    TableIdentifier as_table{*Namespace::Make(std::move(parent)), ns.levels().back()};
    FIRN_ASSIGN_OR_RETURN(auto version, TableDir(as_table).FindCurrentVersion());
    if (version) {
      return AlreadyExists("{}: cannot create namespace {}: table {} occupies its folder",
                           description_, ns.ToString(), as_table.ToString());
    }
  }
  Status written = io_->WriteAll(FilePath(NamespaceFile(ns)), EncodeNamespaceProperties(properties),
                                 io::WriteMode::kCreate);
  if (!written && written.error().kind() == ErrorKind::kAlreadyExists) {
    return AlreadyExists("{}: namespace {} already exists", description_, ns.ToString());
  }
  FIRN_RETURN_NOT_OK_CTX(written,
                         fmt::format("{}: creating namespace {}", description_, ns.ToString()));
  return OkStatus();
}

Result<std::vector<Namespace>> FilesystemCatalog::ListNamespaces(const Namespace& parent) {
  FIRN_RETURN_NOT_OK(RequireNamespace(parent));
  FIRN_ASSIGN_OR_RETURN(FolderContents contents, ListFolder(NamespaceDir(parent)));
  std::set<Namespace> children;
  auto add = [&](const std::vector<std::string>& path) {
    if (path.empty() || !IsValidName(path[0])) return;
    children.insert(parent.Child(path[0]));
  };
  for (const auto& path : contents.namespaces) add(path);
  for (const auto& path : contents.tables) {
    if (path.size() >= 2) add(path);  // a table folder itself is not a namespace
  }
  return std::vector<Namespace>(children.begin(), children.end());
}

Result<Properties> FilesystemCatalog::LoadNamespaceProperties(const Namespace& ns) {
  FIRN_RETURN_NOT_OK(RequireNamespace(ns));
  if (ns.IsRoot()) return Properties{};
  std::string path = NamespaceFile(ns);
  Result<std::string> text = io_->ReadAll(FilePath(path));
  if (!text && text.error().kind() == ErrorKind::kNotFound) return Properties{};  // implicit
  FIRN_RETURN_NOT_OK_CTX(text, description_);
  return DecodeNamespaceProperties(*text, path);
}

Status FilesystemCatalog::UpdateNamespaceProperties(const Namespace& ns, const Properties& set,
                                                    const std::vector<std::string>& remove) {
  for (const std::string& key : remove) {
    if (set.contains(key)) {
      return InvalidArgument("namespace {}: property '{}' is both set and removed", ns.ToString(),
                             key);
    }
  }
  if (ns.IsRoot()) return InvalidArgument("{}: the root namespace has no properties", description_);
  FIRN_ASSIGN_OR_RETURN(Properties properties, LoadNamespaceProperties(ns));
  for (const std::string& key : remove) properties.erase(key);
  for (const auto& [key, value] : set) properties[key] = value;
  FIRN_RETURN_NOT_OK_CTX(
      io_->WriteAll(FilePath(NamespaceFile(ns)), EncodeNamespaceProperties(properties),
                    io::WriteMode::kOverwrite),
      fmt::format("{}: updating namespace {}", description_, ns.ToString()));
  return OkStatus();
}

Status FilesystemCatalog::DropNamespace(const Namespace& ns) {
  if (ns.IsRoot()) return InvalidArgument("{}: cannot drop the root namespace", description_);
  FIRN_RETURN_NOT_OK(RequireNamespace(ns));
  FIRN_ASSIGN_OR_RETURN(FolderContents contents, ListFolder(NamespaceDir(ns)));
  std::vector<std::string> tables, children;
  for (const auto& path : contents.tables) {
    if (path.size() == 1) tables.push_back(path[0]);
    if (path.size() >= 2) children.push_back(path[0]);
  }
  for (const auto& path : contents.namespaces) {
    if (!path.empty()) children.push_back(path[0]);
  }
  if (!tables.empty()) {
    return InvalidArgument("{}: cannot drop namespace {}: it is not empty ({} tables: {})",
                           description_, ns.ToString(), tables.size(), fmt::join(tables, ", "));
  }
  if (!children.empty()) {
    return InvalidArgument("{}: cannot drop namespace {}: it is not empty (child namespace {}.{})",
                           description_, ns.ToString(), ns.ToString(), children.front());
  }
  Status deleted = io_->Delete(FilePath(NamespaceFile(ns)));
  if (!deleted && deleted.error().kind() != ErrorKind::kNotFound) {
    return std::unexpected(std::move(deleted).error().WithContext(
        fmt::format("{}: dropping namespace {}", description_, ns.ToString())));
  }
  return OkStatus();
}

}  // namespace firn::catalog
