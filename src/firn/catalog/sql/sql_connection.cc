#include "firn/catalog/sql/sql_connection.h"

#include "firn/common/macros.h"

namespace firn::catalog::sql {

Result<std::unique_ptr<SqlStatement>> PrepareBound(SqlConnection* connection, std::string_view sql,
                                                   std::initializer_list<std::string_view> params) {
  FIRN_ASSIGN_OR_RETURN(auto stmt, connection->Prepare(sql));
  int index = 1;
  for (std::string_view param : params) FIRN_RETURN_NOT_OK(stmt->BindText(index++, param));
  return stmt;
}

Result<SqlTransaction> SqlTransaction::Begin(SqlConnection* connection) {
  FIRN_RETURN_NOT_OK(connection->BeginWrite());
  return SqlTransaction(connection);
}

Status SqlTransaction::Commit() {
  SqlConnection* connection = std::exchange(connection_, nullptr);
  Status status = connection->Commit();
  if (!status) connection->Rollback();
  return status;
}

}  // namespace firn::catalog::sql
