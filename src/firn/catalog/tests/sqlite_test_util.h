// Raw sqlite3 access for tests that look at a catalog database the way another client
// (Java's JdbcCatalog, PyIceberg's SqlCatalog) would.
#pragma once

#include <sqlite3.h>

#include <optional>
#include <string>
#include <vector>

namespace firn::catalog::testing {

using Row = std::vector<std::optional<std::string>>;

class RawDb {
 public:
  explicit RawDb(const std::string& path) { sqlite3_open(path.c_str(), &db_); }
  ~RawDb() { sqlite3_close(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  // Runs `sql` with text parameters; returns every row, or nullopt (and error()) on failure.
  std::optional<std::vector<Row>> Query(const std::string& sql,
                                        const std::vector<std::string>& params = {}) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      error_ = sqlite3_errmsg(db_);
      return std::nullopt;
    }
    for (size_t i = 0; i < params.size(); ++i) {
      sqlite3_bind_text(stmt, static_cast<int>(i + 1), params[i].c_str(), -1, SQLITE_TRANSIENT);
    }
    std::vector<Row> rows;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      Row row;
      for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
        if (sqlite3_column_type(stmt, c) == SQLITE_NULL) {
          row.push_back(std::nullopt);
        } else {
          row.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, c)));
        }
      }
      rows.push_back(std::move(row));
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) {
      error_ = sqlite3_errmsg(db_);
      return std::nullopt;
    }
    return rows;
  }
  bool Exec(const std::string& sql) { return Query(sql).has_value(); }
  const std::string& error() const { return error_; }

 private:
  sqlite3* db_ = nullptr;
  std::string error_;
};

}  // namespace firn::catalog::testing
