// SqliteConnection: SqlConnection on the sqlite3 C API.
//
// Make opens (creating if needed) the database file in WAL journal mode with
// synchronous=FULL (a commit that returned is durable) and a busy timeout, so that several
// firn processes can share one catalog.db: writers queue on the database lock for up to
// `busy_timeout_ms` instead of failing at once. A file that is not an SQLite database
// fails here with Corrupt, naming the file.
//
// Thread-safety: see SqlConnection (none; one thread at a time).
#pragma once

#include <memory>
#include <string>

#include "firn/catalog/sql/sql_connection.h"

struct sqlite3;

namespace firn::catalog::sql {

struct SqliteOptions {
  int busy_timeout_ms = 30'000;  // how long a statement waits for another writer's lock
};

class SqliteConnection final : public SqlConnection {
 public:
  static Result<std::unique_ptr<SqliteConnection>> Make(const std::string& path,
                                                        const SqliteOptions& options = {});
  ~SqliteConnection() override;

  const std::string& description() const override { return description_; }
  Result<std::unique_ptr<SqlStatement>> Prepare(std::string_view sql) override;
  Status Execute(std::string_view sql) override;
  Result<bool> HasColumn(std::string_view table, std::string_view column) override;
  Status BeginWrite() override;
  Status Commit() override;
  void Rollback() override;

 private:
  SqliteConnection(sqlite3* db, std::string description)
      : db_(db), description_(std::move(description)) {}

  sqlite3* db_;  // owned; closed in the destructor
  std::string description_;
};

}  // namespace firn::catalog::sql
