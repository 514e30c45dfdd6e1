#include "firn/io/output_file_state.h"

#include <cassert>
#include <utility>

namespace firn::io {

Status OutputFileState::Check(const FilePath& path) const {
  switch (state_) {
    case State::kOpen:
      return OkStatus();
    case State::kFailed:
      return std::unexpected(*error_);
    case State::kCommitted:
      return Internal("writing {}: file already committed", path.value());
    case State::kAbandoned:
      return Internal("writing {}: file was abandoned", path.value());
  }
  return Internal("writing {}: bad output file state", path.value());
}

Status OutputFileState::Fail(const FilePath& path, Error error) {
  assert(open());
  error.WithContext(fmt::format("writing {}", path.value()));
  error_ = error;
  state_ = State::kFailed;
  return std::unexpected(std::move(error));
}

}  // namespace firn::io
