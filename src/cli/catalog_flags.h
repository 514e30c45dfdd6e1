// The flags every catalog command takes, and opening the catalog they select:
//   --warehouse DIR     the warehouse (default ./warehouse): SQLite catalog at DIR/catalog.db,
//                       table data under DIR
//   --catalog URI       another catalog: file:///path (filesystem, Hadoop layout),
//                       sqlite:///path/catalog.db
//   --catalog-name N    the SQL catalog's catalog_name (default "default", as PyIceberg)
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "cli/args.h"
#include "firn/catalog/catalog.h"
#include "firn/io/file_io.h"

// The help text of the catalog flags, appended to each catalog command's help.
#define FIRN_CATALOG_FLAGS_HELP                                                          \
  "Catalog flags:\n"                                                                     \
  "  --warehouse DIR     warehouse folder (default ./warehouse): SQLite catalog at\n"    \
  "                      DIR/catalog.db, table data under DIR\n"                         \
  "  --catalog URI       another catalog: file:///path (filesystem, Hadoop layout) or\n" \
  "                      sqlite:///path/catalog.db\n"                                    \
  "  --catalog-name N    the SQL catalog's name (default \"default\", as PyIceberg)\n"

namespace firn::cli {

inline constexpr FlagSpec kCatalogFlags[] = {{"--warehouse"}, {"--catalog"}, {"--catalog-name"}};

// `extra` plus the catalog flags.
std::vector<FlagSpec> WithCatalogFlags(std::span<const FlagSpec> extra);

struct OpenedCatalog {
  std::unique_ptr<io::FileIO> io;
  std::unique_ptr<catalog::Catalog> catalog;
};

Result<OpenedCatalog> OpenCatalogFromFlags(const ParsedArgs& args);

// "ns.table" → identifier, with a usage-friendly error.
Result<catalog::TableIdentifier> ParseTableArg(std::string_view text);

}  // namespace firn::cli
