#include "cli/catalog_flags.h"

#include "firn/catalog/catalog_uri.h"
#include "firn/common/macros.h"
#include "firn/io/local_file_io.h"

namespace firn::cli {

std::vector<FlagSpec> WithCatalogFlags(std::span<const FlagSpec> extra) {
  std::vector<FlagSpec> out(extra.begin(), extra.end());
  out.insert(out.end(), std::begin(kCatalogFlags), std::end(kCatalogFlags));
  return out;
}

Result<OpenedCatalog> OpenCatalogFromFlags(const ParsedArgs& args) {
  OpenedCatalog out;
  out.io = std::make_unique<io::LocalFileIO>();
  catalog::CatalogConfig config;
  config.warehouse = std::string(args.Get("--warehouse").value_or("./warehouse"));
  if (auto uri = args.Get("--catalog")) config.uri = std::string(*uri);
  if (auto name = args.Get("--catalog-name")) config.catalog_name = std::string(*name);
  FIRN_ASSIGN_OR_RETURN(out.catalog, catalog::OpenCatalog(config, out.io.get()));
  return out;
}

Result<catalog::TableIdentifier> ParseTableArg(std::string_view text) {
  auto ident = catalog::TableIdentifier::Parse(text);
  if (!ident) {
    return InvalidArgument("'{}' is not a table name: expected NAMESPACE.TABLE ({})", text,
                           ident.error().message());
  }
  return ident;
}

}  // namespace firn::cli
