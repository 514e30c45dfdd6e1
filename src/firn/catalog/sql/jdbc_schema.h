// The Iceberg JDBC catalog's schema (Java's org.apache.iceberg.jdbc.JdbcUtil, PyIceberg's
// pyiceberg/catalog/sql.py), so that Java's JdbcCatalog, PyIceberg's SqlCatalog and firn can
// share one database:
//
//   iceberg_tables(catalog_name VARCHAR(255) NOT NULL, table_namespace VARCHAR(255) NOT NULL,
//                  table_name VARCHAR(255) NOT NULL, metadata_location VARCHAR(1000),
//                  previous_metadata_location VARCHAR(1000), iceberg_type VARCHAR(5),
//                  PRIMARY KEY (catalog_name, table_namespace, table_name))
//   iceberg_namespace_properties(catalog_name VARCHAR(255) NOT NULL,
//                  namespace VARCHAR(255) NOT NULL, property_key VARCHAR(255),
//                  property_value VARCHAR(1000),
//                  PRIMARY KEY (catalog_name, namespace, property_key))
//
// `iceberg_type` is Java's "V1" schema (views share the table; 'TABLE' or 'VIEW', NULL for
// rows written by V0 clients such as PyIceberg). firn creates the V1 shape; a database
// created by a V0 client (no iceberg_type column) is used as it is, without altering it.
//
// Thread-safety: functions are thread-safe; the connection passed in is not.
#pragma once

#include <string>

#include "firn/catalog/sql/sql_connection.h"

namespace firn::catalog::sql {

enum class JdbcSchemaVersion {
  kV0,  // no iceberg_type column: every row is a table
  kV1,  // iceberg_type column: 'TABLE', 'VIEW' or NULL (a table written by a V0 client)
};

// Creates the two tables if they are missing, checks that existing ones have the columns
// firn uses (Corrupt otherwise, naming the table and column) and reports the version.
Result<JdbcSchemaVersion> EnsureJdbcSchema(SqlConnection* connection);

// " AND (iceberg_type = 'TABLE' OR iceberg_type IS NULL)" for kV1 (so that views are never
// mistaken for tables), "" for kV0. Append to a WHERE clause on iceberg_tables.
const char* TableRowFilter(JdbcSchemaVersion version);

// The key property every namespace created by Java's JdbcCatalog (and firn) carries, so
// that a namespace without other properties still has a row.
inline constexpr const char* kNamespaceExistsProperty = "exists";

}  // namespace firn::catalog::sql
