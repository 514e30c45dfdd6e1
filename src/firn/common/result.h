// Result<T> and Status: errors are values (conventions §2).
//
// A fallible function returns Result<T> (a value or an Error) or Status (nothing or an
// Error). Errors carry a kind, for callers that branch on it, and a message that already
// holds the context a user needs: which file, which column, which offset. Context is added
// on the way up with WithContext(), innermost last, so a message reads like
// "writing /wh/t/data/x.parquet: column 'tags.element': dictionary page: zstd: ...".
//
// Thread-safety: plain values; safe to move between threads.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace firn {

enum class ErrorKind {
  kInvalidArgument,  // the caller passed something wrong (bad config, bad schema)
  kNotFound,         // a file, table or key does not exist
  kAlreadyExists,    // a file or table exists where a new one was to be created
  kIOError,          // the operating system or storage failed
  kCorrupt,          // input bytes violate their format (damaged or truncated files)
  kNotSupported,     // valid input that firn does not handle yet
  kCommitConflict,   // an optimistic commit lost a race; may be retried
  kOutOfRange,       // a value does not fit its type or a read ran past the end
  kInternal,         // a bug in firn: should not happen
};

std::string_view ErrorKindName(ErrorKind kind);

class Error {
 public:
  Error(ErrorKind kind, std::string message) : kind_(kind), message_(std::move(message)) {}

  ErrorKind kind() const { return kind_; }
  const std::string& message() const { return message_; }

  // Prefixes the message with "context: ". Returns *this for chaining.
  Error& WithContext(std::string_view context) &;
  Error&& WithContext(std::string_view context) &&;

  // "Corrupt: <message>"
  std::string ToString() const;

  bool operator==(const Error&) const = default;

 private:
  ErrorKind kind_;
  std::string message_;
};

template <typename T>
using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

inline Status OkStatus() { return {}; }

// Constructors for each kind, with fmt-style formatting:
//   return Corrupt("page header at offset {} runs past the column chunk", off);
#define FIRN_DEFINE_ERROR_FACTORY(Name, Kind)                                       \
  template <typename... Args>                                                       \
  std::unexpected<Error> Name(fmt::format_string<Args...> f, Args&&... args) {      \
    return std::unexpected<Error>(                                                  \
        Error(ErrorKind::Kind, fmt::format(f, std::forward<Args>(args)...)));       \
  }
FIRN_DEFINE_ERROR_FACTORY(InvalidArgument, kInvalidArgument)
FIRN_DEFINE_ERROR_FACTORY(NotFound, kNotFound)
FIRN_DEFINE_ERROR_FACTORY(AlreadyExists, kAlreadyExists)
FIRN_DEFINE_ERROR_FACTORY(IOError, kIOError)
FIRN_DEFINE_ERROR_FACTORY(Corrupt, kCorrupt)
FIRN_DEFINE_ERROR_FACTORY(NotSupported, kNotSupported)
FIRN_DEFINE_ERROR_FACTORY(CommitConflict, kCommitConflict)
FIRN_DEFINE_ERROR_FACTORY(OutOfRange, kOutOfRange)
FIRN_DEFINE_ERROR_FACTORY(Internal, kInternal)
#undef FIRN_DEFINE_ERROR_FACTORY

// Errno-based IOError: "<what>: <strerror(err)>".
std::unexpected<Error> ErrnoError(int err, std::string_view what);

}  // namespace firn
