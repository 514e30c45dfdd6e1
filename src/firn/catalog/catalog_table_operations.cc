#include "firn/catalog/catalog_table_operations.h"

#include <chrono>

#include "firn/common/macros.h"
#include "firn/iceberg/metadata/table_metadata_builder.h"
#include "firn/iceberg/metadata/table_metadata_json.h"

namespace firn::catalog {

Result<iceberg::TableState> LoadMetadataFile(io::FileIO& io, const std::string& location) {
  FIRN_ASSIGN_OR_RETURN_CTX(std::string text, io.ReadAll(FilePath(location)), "table metadata");
  FIRN_ASSIGN_OR_RETURN_CTX(iceberg::TableMetadata m, iceberg::TableMetadataFromJson(text),
                            "table metadata " + location);
  return iceberg::TableState{std::make_shared<const iceberg::TableMetadata>(std::move(m)), location};
}

Result<iceberg::TableState> CatalogTableOperations::Refresh() {
  FIRN_ASSIGN_OR_RETURN(MetadataPointer p, catalog_.LoadTable(ident_));
  auto state = LoadMetadataFile(io_, p.metadata_location);
  if (!state) return std::unexpected(std::move(state.error()).WithContext("table " + ident_.ToString()));
  return state;
}

Result<iceberg::TableState> CatalogTableOperations::Commit(const iceberg::TableState& base,
                                                           const iceberg::TableMetadata& updated) {
  MetadataCommit commit{updated.location, base.metadata_location, iceberg::TableMetadataToJson(updated)};
  auto location = catalog_.CommitTable(ident_, commit);
  if (!location) return std::unexpected(std::move(location.error()).WithContext("table " + ident_.ToString()));
  return iceberg::TableState{std::make_shared<const iceberg::TableMetadata>(updated), *location};
}

Result<iceberg::TableState> CreateTable(Catalog& catalog, io::FileIO& io, const TableIdentifier& ident,
                                        const NewTable& t) {
  const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  std::string location = t.location.empty() ? catalog.DefaultTableLocation(ident) : t.location;
  FIRN_ASSIGN_OR_RETURN_CTX(iceberg::TableMetadata m,
                            iceberg::NewTableMetadata(t.schema, t.spec, t.sort_order, location,
                                                      t.properties, now, t.format_version),
                            "creating table " + ident.ToString());
  MetadataCommit commit{m.location, std::nullopt, iceberg::TableMetadataToJson(m)};
  FIRN_ASSIGN_OR_RETURN(std::string at, catalog.CommitTable(ident, commit));
  (void)io;
  return iceberg::TableState{std::make_shared<const iceberg::TableMetadata>(std::move(m)), at};
}

}  // namespace firn::catalog
