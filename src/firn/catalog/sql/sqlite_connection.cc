#include "firn/catalog/sql/sqlite_connection.h"

#include <chrono>
#include <thread>

#include <sqlite3.h>

#include "firn/common/macros.h"

namespace firn::catalog::sql {
namespace {

// The firn error for sqlite result code `rc` while running `sql` on `description`.
Error SqliteError(sqlite3* db, int rc, const std::string& description, std::string_view sql) {
  ErrorKind kind = ErrorKind::kIOError;
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      kind = ErrorKind::kAlreadyExists;
      break;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      kind = ErrorKind::kCorrupt;
      break;
    default:
      break;
  }
  const char* msg = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  return Error(kind, fmt::format("{}: {}: {} (sqlite code {})", description, sql, msg, rc));
}

class SqliteStatement final : public SqlStatement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt, const std::string* description)
      : db_(db), stmt_(stmt), description_(description) {}
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }

  Status BindText(int index, std::string_view value) override {
    return Check(sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()),
                                   SQLITE_TRANSIENT));
  }
  Status BindNull(int index) override { return Check(sqlite3_bind_null(stmt_, index)); }

  Result<bool> Step() override {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) {
      changes_ = sqlite3_changes64(db_);
      return false;
    }
    Error error = SqliteError(db_, rc, *description_, sqlite3_sql(stmt_));
    sqlite3_reset(stmt_);  // ends the statement (and its implicit transaction)
    return std::unexpected(std::move(error));
  }

  std::optional<std::string> ColumnText(int index) override {
    if (sqlite3_column_type(stmt_, index) == SQLITE_NULL) return std::nullopt;
    const unsigned char* text = sqlite3_column_text(stmt_, index);
    int size = sqlite3_column_bytes(stmt_, index);
    return std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(size));
  }

  int64_t ChangedRows() override { return changes_; }

  Status Reset() override {
    sqlite3_reset(stmt_);
    changes_ = 0;
    return Check(sqlite3_clear_bindings(stmt_));
  }

 private:
  Status Check(int rc) {
    if (rc == SQLITE_OK) return OkStatus();
    return std::unexpected(SqliteError(db_, rc, *description_, sqlite3_sql(stmt_)));
  }

  sqlite3* db_;                     // not owned
  sqlite3_stmt* stmt_;              // owned
  const std::string* description_;  // the connection's; outlives this statement
  int64_t changes_ = 0;
};

}  // namespace

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Make(const std::string& path,
                                                                 const SqliteOptions& options) {
  sqlite3* db = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  std::string description = "sqlite " + path;
  if (rc != SQLITE_OK) {
    Error error = SqliteError(db, rc, description, "open");
    sqlite3_close(db);
    return std::unexpected(std::move(error));
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  std::unique_ptr<SqliteConnection> connection(new SqliteConnection(db, std::move(description)));
  // journal_mode answers with a row naming the mode now in effect; this is also the first
  // read of the file, where a file that is not a database is found out. Switching to WAL
  // takes an exclusive lock for which SQLite does not call the busy handler when another
  // connection opens the same new file at that moment (two workers starting together, or
  // firn run's ingest and maintenance): such a SQLITE_BUSY is waited out here.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options.busy_timeout_ms);
  std::optional<std::string> mode;
  while (true) {
    FIRN_ASSIGN_OR_RETURN(auto stmt, connection->Prepare("PRAGMA journal_mode=WAL"));
    auto has_row = stmt->Step();
    if (has_row) {
      mode = *has_row ? stmt->ColumnText(0) : std::nullopt;
      break;
    }
    const int code = sqlite3_errcode(db) & 0xff;
    if ((code != SQLITE_BUSY && code != SQLITE_LOCKED) || std::chrono::steady_clock::now() >= deadline) {
      return std::unexpected(std::move(has_row.error()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (mode != "wal") {
    return IOError("{}: could not switch to WAL journal mode (mode is '{}')",
                   connection->description(), mode.value_or("?"));
  }
  FIRN_RETURN_NOT_OK(connection->Execute("PRAGMA synchronous=FULL"));
  return connection;
}

SqliteConnection::~SqliteConnection() { sqlite3_close_v2(db_); }

Result<std::unique_ptr<SqlStatement>> SqliteConnection::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) {
    Error error = SqliteError(db_, rc, description_, sql);
    sqlite3_finalize(stmt);
    return std::unexpected(std::move(error));
  }
  return std::make_unique<SqliteStatement>(db_, stmt, &description_);
}

Status SqliteConnection::Execute(std::string_view sql) {
  FIRN_ASSIGN_OR_RETURN(auto stmt, Prepare(sql));
  while (true) {
    FIRN_ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (!row) return OkStatus();
  }
}

Result<bool> SqliteConnection::HasColumn(std::string_view table, std::string_view column) {
  FIRN_ASSIGN_OR_RETURN(auto stmt, Prepare("SELECT name FROM pragma_table_info(?)"));
  FIRN_RETURN_NOT_OK(stmt->BindText(1, table));
  while (true) {
    FIRN_ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (!row) return false;
    if (stmt->ColumnText(0) == column) return true;
  }
}

Status SqliteConnection::BeginWrite() { return Execute("BEGIN IMMEDIATE"); }

Status SqliteConnection::Commit() { return Execute("COMMIT"); }

void SqliteConnection::Rollback() {
  if (sqlite3_get_autocommit(db_) == 0) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

}  // namespace firn::catalog::sql
