#include "firn/common/result.h"

#include <cstring>

namespace firn {

std::string_view ErrorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidArgument: return "InvalidArgument";
    case ErrorKind::kNotFound: return "NotFound";
    case ErrorKind::kAlreadyExists: return "AlreadyExists";
    case ErrorKind::kIOError: return "IOError";
    case ErrorKind::kCorrupt: return "Corrupt";
    case ErrorKind::kNotSupported: return "NotSupported";
    case ErrorKind::kCommitConflict: return "CommitConflict";
    case ErrorKind::kOutOfRange: return "OutOfRange";
    case ErrorKind::kInternal: return "Internal";
  }
  return "Unknown";
}

Error& Error::WithContext(std::string_view context) & {
  std::string m;
  m.reserve(context.size() + 2 + message_.size());
  m.append(context).append(": ").append(message_);
  message_ = std::move(m);
  return *this;
}

Error&& Error::WithContext(std::string_view context) && {
  static_cast<Error&>(*this).WithContext(context);
  return std::move(*this);
}

std::string Error::ToString() const {
  return std::string(ErrorKindName(kind_)) + ": " + message_;
}

std::unexpected<Error> ErrnoError(int err, std::string_view what) {
  return std::unexpected<Error>(
      Error(ErrorKind::kIOError, fmt::format("{}: {}", what, std::strerror(err))));
}

}  // namespace firn
