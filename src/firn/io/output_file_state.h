// OutputFileState: the lifecycle that every OutputFile implementation follows,
//   open --Commit--> committed
//   open --Abandon/destructor--> abandoned
//   open --any failure--> failed (poisoned: the first error is returned from then on)
// kept in one place so that the backends agree on it.
//
// Thread-safety: none; part of one OutputFile.
#pragma once

#include <optional>

#include "firn/common/result.h"
#include "firn/common/strong_type.h"

namespace firn::io {

class OutputFileState {
 public:
  bool open() const { return state_ == State::kOpen; }

  // OK while open. Once failed, the first error again; after Commit or Abandon, an
  // Internal error (the caller broke the OutputFile contract).
  Status Check(const FilePath& path) const;

  // REQUIRES: open(). Poisons the file with `error`, prefixed by "writing <path>", and
  // returns it.
  Status Fail(const FilePath& path, Error error);

  // REQUIRES: open().
  void SetCommitted() { state_ = State::kCommitted; }
  void SetAbandoned() { state_ = State::kAbandoned; }

 private:
  enum class State { kOpen, kCommitted, kAbandoned, kFailed };

  State state_ = State::kOpen;
  std::optional<Error> error_;  // set in kFailed
};

}  // namespace firn::io
