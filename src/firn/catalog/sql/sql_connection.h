// SqlConnection: the small SQL interface the SQL catalog is written against, so that a
// second database (PostgreSQL through libpq) can be added without touching catalog logic.
//
// SQL text uses '?' placeholders, numbered left to right from 1; a backend whose driver
// wants another form (PostgreSQL: $1, $2, ...) rewrites them in Prepare. The catalog's
// statements contain no '?' inside string literals, so that rewrite is a plain scan.
//
// Errors are translated at this edge into firn errors whose message names the database
// and the statement: "sqlite /wh/catalog.db: INSERT INTO iceberg_tables ...: UNIQUE
// constraint failed ...". A unique/primary-key violation is AlreadyExists; a file that is
// not a database or is damaged is Corrupt; everything else (busy past the timeout, I/O)
// is IOError.
//
// Thread-safety: none. A connection and its statements belong to one thread at a time;
// SqlCatalog serialises access with a mutex.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "firn/common/result.h"

namespace firn::catalog::sql {

// A prepared statement. Lifecycle: Bind*, then Step until it returns false (or stop
// early); Reset to run it again. "*connection" must outlive the statement.
class SqlStatement {
 public:
  SqlStatement() = default;
  SqlStatement(const SqlStatement&) = delete;
  SqlStatement& operator=(const SqlStatement&) = delete;
  virtual ~SqlStatement() = default;

  // `index` counts from 1.
  virtual Status BindText(int index, std::string_view value) = 0;
  virtual Status BindNull(int index) = 0;
  Status BindOptionalText(int index, const std::optional<std::string>& value) {
    return value ? BindText(index, *value) : BindNull(index);
  }

  // Runs the statement up to the next row: true if a row is available, false when done.
  virtual Result<bool> Step() = 0;
  // Column `index` (from 0) of the current row; nullopt for SQL NULL.
  virtual std::optional<std::string> ColumnText(int index) = 0;
  // Rows inserted, updated or deleted by the statement once it is done.
  virtual int64_t ChangedRows() = 0;
  virtual Status Reset() = 0;
};

class SqlConnection {
 public:
  SqlConnection() = default;
  SqlConnection(const SqlConnection&) = delete;
  SqlConnection& operator=(const SqlConnection&) = delete;
  virtual ~SqlConnection() = default;

  // "sqlite /wh/catalog.db"
  virtual const std::string& description() const = 0;

  virtual Result<std::unique_ptr<SqlStatement>> Prepare(std::string_view sql) = 0;
  // Runs a statement without parameters and ignores any rows.
  virtual Status Execute(std::string_view sql) = 0;

  // Whether `table` has a column named `column` (for schema-version detection).
  virtual Result<bool> HasColumn(std::string_view table, std::string_view column) = 0;

  // A write transaction that takes the write lock at once (SQLite: BEGIN IMMEDIATE), so
  // that two writers never deadlock upgrading read locks. Nested transactions are a bug.
  virtual Status BeginWrite() = 0;
  virtual Status Commit() = 0;
  virtual void Rollback() = 0;
};

// Prepares `sql` and binds `params` to its placeholders in order.
Result<std::unique_ptr<SqlStatement>> PrepareBound(SqlConnection* connection, std::string_view sql,
                                                   std::initializer_list<std::string_view> params);

// Rolls a transaction back unless Commit() was called. "*connection" must outlive it.
class SqlTransaction {
 public:
  static Result<SqlTransaction> Begin(SqlConnection* connection);
  SqlTransaction(SqlTransaction&& other) noexcept
      : connection_(std::exchange(other.connection_, nullptr)) {}
  SqlTransaction& operator=(SqlTransaction&&) = delete;
  ~SqlTransaction() {
    if (connection_ != nullptr) connection_->Rollback();
  }
  Status Commit();

 private:
  explicit SqlTransaction(SqlConnection* connection) : connection_(connection) {}
  SqlConnection* connection_;  // null once committed or moved from
};

}  // namespace firn::catalog::sql
