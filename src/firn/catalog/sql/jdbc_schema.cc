#include "firn/catalog/sql/jdbc_schema.h"

#include <initializer_list>

#include "firn/common/macros.h"

namespace firn::catalog::sql {
namespace {

constexpr const char* kCreateTables =
    "CREATE TABLE IF NOT EXISTS iceberg_tables ("
    "catalog_name VARCHAR(255) NOT NULL, "
    "table_namespace VARCHAR(255) NOT NULL, "
    "table_name VARCHAR(255) NOT NULL, "
    "metadata_location VARCHAR(1000), "
    "previous_metadata_location VARCHAR(1000), "
    "iceberg_type VARCHAR(5), "
    "PRIMARY KEY (catalog_name, table_namespace, table_name))";

constexpr const char* kCreateNamespaceProperties =
    "CREATE TABLE IF NOT EXISTS iceberg_namespace_properties ("
    "catalog_name VARCHAR(255) NOT NULL, "
    "namespace VARCHAR(255) NOT NULL, "
    "property_key VARCHAR(255), "
    "property_value VARCHAR(1000), "
    "PRIMARY KEY (catalog_name, namespace, property_key))";

Status RequireColumns(SqlConnection* connection, const char* table,
                      std::initializer_list<const char*> columns) {
  for (const char* column : columns) {
    FIRN_ASSIGN_OR_RETURN(bool has, connection->HasColumn(table, column));
    if (!has) {
      return Corrupt("{}: table {} has no column {}; it is not an Iceberg JDBC catalog table",
                     connection->description(), table, column);
    }
  }
  return OkStatus();
}

}  // namespace

Result<JdbcSchemaVersion> EnsureJdbcSchema(SqlConnection* connection) {
  FIRN_ASSIGN_OR_RETURN(SqlTransaction txn, SqlTransaction::Begin(connection));
  FIRN_RETURN_NOT_OK(connection->Execute(kCreateTables));
  FIRN_RETURN_NOT_OK(connection->Execute(kCreateNamespaceProperties));
  FIRN_RETURN_NOT_OK(txn.Commit());
  FIRN_RETURN_NOT_OK(RequireColumns(connection, "iceberg_tables",
                                    {"catalog_name", "table_namespace", "table_name",
                                     "metadata_location", "previous_metadata_location"}));
  FIRN_RETURN_NOT_OK(
      RequireColumns(connection, "iceberg_namespace_properties",
                     {"catalog_name", "namespace", "property_key", "property_value"}));
  FIRN_ASSIGN_OR_RETURN(bool v1, connection->HasColumn("iceberg_tables", "iceberg_type"));
  return v1 ? JdbcSchemaVersion::kV1 : JdbcSchemaVersion::kV0;
}

const char* TableRowFilter(JdbcSchemaVersion version) {
  return version == JdbcSchemaVersion::kV1 ? " AND (iceberg_type = 'TABLE' OR iceberg_type IS NULL)"
                                           : "";
}

}  // namespace firn::catalog::sql
