#include "firn/catalog/catalog_uri.h"

#include <filesystem>
#include <system_error>

#include "firn/catalog/filesystem/filesystem_catalog.h"
#include "firn/catalog/metadata_file_name.h"
#include "firn/catalog/sql/sql_catalog.h"
#include "firn/common/macros.h"

namespace firn::catalog {
namespace {

constexpr const char* kSupported =
    "supported: a warehouse directory (SQLite catalog at DIR/catalog.db), "
    "sqlite:///path/to/catalog.db, file:///warehouse/dir (Hadoop layout); "
    "postgresql:// is planned";

bool HasScheme(std::string_view text) {
  size_t colon = text.find("://");
  return colon != std::string_view::npos && colon > 0;
}

// A local path made absolute (lexically normalised); anything with a scheme unchanged.
Result<std::string> Absolute(const std::string& path) {
  if (HasScheme(path)) return path;
  std::error_code ec;
  std::filesystem::path abs = std::filesystem::absolute(path, ec);
  if (ec) return IOError("cannot make '{}' absolute: {}", path, ec.message());
  std::string out = abs.lexically_normal().string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

// "file:///a", "file:/a" -> "/a"; a plain path unchanged; nullopt for other schemes.
std::optional<std::string> LocalPath(std::string_view path) {
  if (path.starts_with("file://"))
    path.remove_prefix(7);
  else if (path.starts_with("file:"))
    path.remove_prefix(5);
  else if (HasScheme(path))
    return std::nullopt;
  while (path.starts_with("//")) path.remove_prefix(1);
  return std::string(path);
}

Result<std::unique_ptr<Catalog>> OpenSqlite(const std::string& db_path, const CatalogConfig& config,
                                            io::FileIO* io) {
  std::string warehouse = config.warehouse;
  if (warehouse.empty()) warehouse = std::filesystem::path(db_path).parent_path().string();
  FIRN_ASSIGN_OR_RETURN(warehouse, Absolute(warehouse));
  // SQLite creates the database file but not its folder.
  std::error_code ec;
  std::filesystem::path folder = std::filesystem::path(db_path).parent_path();
  if (!folder.empty()) std::filesystem::create_directories(folder, ec);
  if (ec)
    return IOError("creating folder {} for the catalog database: {}", folder.string(),
                   ec.message());
  FIRN_ASSIGN_OR_RETURN(
      auto catalog, SqlCatalog::OpenSqlite(db_path, io,
                                           SqlCatalogOptions{.catalog_name = config.catalog_name,
                                                             .warehouse = warehouse}));
  return std::unique_ptr<Catalog>(std::move(catalog));
}

}  // namespace

Result<std::unique_ptr<Catalog>> OpenCatalog(const CatalogConfig& config, io::FileIO* io) {
  const std::string& uri = config.uri;
  if (uri.empty()) {
    if (config.warehouse.empty()) {
      return InvalidArgument("no catalog given: pass a warehouse directory or a catalog URI ({})",
                             kSupported);
    }
    std::optional<std::string> local = LocalPath(config.warehouse);
    if (!local) {
      return InvalidArgument("warehouse {} is not local: give a catalog URI for it as well ({})",
                             config.warehouse, kSupported);
    }
    FIRN_ASSIGN_OR_RETURN(std::string dir, Absolute(*local));
    CatalogConfig with_dir = config;
    with_dir.warehouse = dir;
    return OpenSqlite(JoinPath(dir, "catalog.db"), with_dir, io);
  }
  if (uri.starts_with("sqlite:")) {
    std::string_view path = std::string_view(uri).substr(7);
    while (path.starts_with("//")) path.remove_prefix(1);
    if (path.empty() || path.ends_with('/')) {
      return InvalidArgument("catalog URI {} names no database file", uri);
    }
    FIRN_ASSIGN_OR_RETURN(std::string db_path, Absolute(std::string(path)));
    return OpenSqlite(db_path, config, io);
  }
  if (uri.starts_with("file:")) {
    std::optional<std::string> local = LocalPath(uri);
    if (!local || local->empty()) return InvalidArgument("catalog URI {} names no folder", uri);
    FIRN_ASSIGN_OR_RETURN(std::string dir, Absolute(*local));
    FIRN_ASSIGN_OR_RETURN(auto catalog, FilesystemCatalog::Make(dir, io));
    return std::unique_ptr<Catalog>(std::move(catalog));
  }
  if (uri.starts_with("postgresql://") || uri.starts_with("postgres://")) {
    return NotSupported("catalog URI {}: PostgreSQL catalogs are not supported yet ({})", uri,
                        kSupported);
  }
  return InvalidArgument("unknown catalog URI '{}' ({})", uri, kSupported);
}

}  // namespace firn::catalog
