// CatalogTableOperations: iceberg::TableOperations over a Catalog. Refresh reads the
// table's metadata pointer and parses the metadata file; Commit serialises the new
// metadata and hands it to Catalog::CommitTable, whose compare-and-swap on the metadata
// location decides races.
//
// Also CreateTable: the metadata of a new table, committed as the table's first version.
//
// Thread-safety: as the Catalog and FileIO it uses (both thread-safe).
#pragma once

#include <string>

#include "firn/catalog/catalog.h"
#include "firn/iceberg/commit/table_operations.h"

namespace firn::catalog {

class CatalogTableOperations final : public iceberg::TableOperations {
 public:
  // `catalog` and `io` must outlive this object.
  CatalogTableOperations(Catalog& catalog, io::FileIO& io, TableIdentifier ident)
      : catalog_(catalog), io_(io), ident_(std::move(ident)) {}

  Result<iceberg::TableState> Refresh() override;
  Result<iceberg::TableState> Commit(const iceberg::TableState& base,
                                     const iceberg::TableMetadata& updated) override;
  io::FileIO& io() override { return io_; }
  const TableIdentifier& ident() const { return ident_; }

 private:
  Catalog& catalog_;
  io::FileIO& io_;
  TableIdentifier ident_;
};

struct NewTable {
  iceberg::Schema schema;
  iceberg::PartitionSpec spec;
  iceberg::SortOrder sort_order;
  iceberg::Properties properties;
  std::string location;  // empty: the catalog's default location for the table
  int32_t format_version = iceberg::kDefaultFormatVersion;
};

// Creates the table (AlreadyExists if it exists; NotFound if the namespace does not).
Result<iceberg::TableState> CreateTable(Catalog& catalog, io::FileIO& io,
                                        const TableIdentifier& ident, const NewTable& table);

// Reads and parses a metadata file.
Result<iceberg::TableState> LoadMetadataFile(io::FileIO& io, const std::string& location);

}  // namespace firn::catalog
