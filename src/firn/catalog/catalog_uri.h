// OpenCatalog: the one place that turns a catalog URI (or just a warehouse folder) into a
// Catalog.
//
//   uri empty, warehouse DIR      SqlCatalog on SQLite at DIR/catalog.db, data under DIR
//   sqlite:///path/catalog.db     SqlCatalog on that file; warehouse defaults to its folder
//   sqlite:////path/catalog.db    the same (SQLAlchemy's spelling of an absolute path, as
//                                 PyIceberg users write it)
//   file:///path                  FilesystemCatalog (Hadoop layout) with warehouse /path
//   postgresql://..., postgres:// NotSupported for now
// Anything else is InvalidArgument, listing the supported forms. A local warehouse given
// as a relative path is made absolute, since metadata locations stored in the catalog must
// not depend on the working directory.
//
// Thread-safety: thread-safe.
#pragma once

#include <memory>
#include <string>

#include "firn/catalog/catalog.h"
#include "firn/io/file_io.h"

namespace firn::catalog {

struct CatalogConfig {
  std::string uri;                       // see above; empty: SQLite inside `warehouse`
  std::string warehouse;                 // root of table locations
  std::string catalog_name = "default";  // SqlCatalog's catalog_name column
};

// "*io" (through which metadata files are written) must outlive the catalog.
Result<std::unique_ptr<Catalog>> OpenCatalog(const CatalogConfig& config, io::FileIO* io);

}  // namespace firn::catalog
