// Error propagation macros, the one set used everywhere (conventions §2).
//
//   FIRN_RETURN_NOT_OK(file->Write(bytes));
//   FIRN_ASSIGN_OR_RETURN(auto footer, ReadFooter(file));
//   FIRN_RETURN_NOT_OK_CTX(WritePage(page), fmt::format("column '{}'", path));
#pragma once

#include <utility>

#include "firn/common/result.h"

#define FIRN_CONCAT_IMPL(a, b) a##b
#define FIRN_CONCAT(a, b) FIRN_CONCAT_IMPL(a, b)

// Evaluates a Status or Result expression and returns its error, if any.
#define FIRN_RETURN_NOT_OK(expr)                                     \
  do {                                                               \
    auto&& _firn_s = (expr);                                         \
    if (!_firn_s.has_value()) [[unlikely]]                           \
      return std::unexpected(std::move(_firn_s).error());            \
  } while (false)

// Like FIRN_RETURN_NOT_OK, prefixing the error message with `context` (evaluated only on
// failure).
#define FIRN_RETURN_NOT_OK_CTX(expr, context)                                   \
  do {                                                                          \
    auto&& _firn_s = (expr);                                                    \
    if (!_firn_s.has_value()) [[unlikely]]                                      \
      return std::unexpected(std::move(_firn_s).error().WithContext(context));  \
  } while (false)

#define FIRN_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr)        \
  auto tmp = (expr);                                      \
  if (!tmp.has_value()) [[unlikely]]                      \
    return std::unexpected(std::move(tmp).error());       \
  lhs = std::move(*tmp)

// Evaluates a Result<T> expression; on success moves the value into `lhs` (which may be a
// declaration), otherwise returns the error.
#define FIRN_ASSIGN_OR_RETURN(lhs, expr) \
  FIRN_ASSIGN_OR_RETURN_IMPL(FIRN_CONCAT(_firn_r_, __LINE__), lhs, expr)

#define FIRN_ASSIGN_OR_RETURN_CTX_IMPL(tmp, lhs, expr, context)               \
  auto tmp = (expr);                                                          \
  if (!tmp.has_value()) [[unlikely]]                                          \
    return std::unexpected(std::move(tmp).error().WithContext(context));      \
  lhs = std::move(*tmp)

#define FIRN_ASSIGN_OR_RETURN_CTX(lhs, expr, context) \
  FIRN_ASSIGN_OR_RETURN_CTX_IMPL(FIRN_CONCAT(_firn_r_, __LINE__), lhs, expr, context)
