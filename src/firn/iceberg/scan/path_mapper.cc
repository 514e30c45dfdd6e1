#include "firn/iceberg/scan/path_mapper.h"

#include <utility>

namespace firn::iceberg {
namespace {

std::string StripTrailingSlashes(std::string s) {
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

}  // namespace

bool IsRelativeLocation(std::string_view location) {
  if (location.empty() || location.front() == '/') return false;
  return location.find("://") == std::string_view::npos;
}

PathMapper::PathMapper(std::vector<PathRewrite> rewrites, std::string base_dir)
    : rewrites_(std::move(rewrites)), base_dir_(StripTrailingSlashes(std::move(base_dir))) {
  for (PathRewrite& r : rewrites_) {
    r.from = StripTrailingSlashes(std::move(r.from));
    r.to = StripTrailingSlashes(std::move(r.to));
  }
}

Result<PathMapper> PathMapper::Parse(const std::vector<std::string>& specs, std::string base_dir) {
  std::vector<PathRewrite> rewrites;
  for (const std::string& spec : specs) {
    size_t eq = spec.find('=');
    if (eq == std::string::npos || eq == 0) {
      return InvalidArgument("path mapping '{}': expected FROM=TO with a non-empty FROM", spec);
    }
    rewrites.push_back({spec.substr(0, eq), spec.substr(eq + 1)});
  }
  return PathMapper(std::move(rewrites), std::move(base_dir));
}

std::string PathMapper::Map(std::string_view location) const {
  std::string out(location);
  for (const PathRewrite& r : rewrites_) {
    if (location == r.from ||
        (location.size() > r.from.size() && location.starts_with(r.from) &&
         location[r.from.size()] == '/')) {
      out = r.to + std::string(location.substr(r.from.size()));
      break;
    }
  }
  if (!base_dir_.empty() && IsRelativeLocation(out)) out = base_dir_ + "/" + out;
  return out;
}

}  // namespace firn::iceberg
