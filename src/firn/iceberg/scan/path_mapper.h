// PathMapper: maps the locations recorded in a table's metadata (manifest lists, manifests,
// data and delete files) onto where the files are now, for tables copied from elsewhere
// (`firn table register --map FROM=TO`).
//
// Rules, applied in order, first match wins: a location S with S == from or S starting with
// from + "/" becomes to + S[len(from):]. A result that is relative (no "scheme://" and no
// leading '/') is then resolved against base_dir, when one is set.
//
// Position-delete files name their targets with the recorded (unmapped) string, so the
// scan matches them against the manifests' file_path before mapping.
//
// Thread-safety: immutable after construction.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "firn/common/result.h"

namespace firn::iceberg {

struct PathRewrite {
  std::string from;  // recorded prefix, e.g. "s3a://bucket/warehouse/db/t"
  std::string to;    // replacement, e.g. "/local/copy/t"

  bool operator==(const PathRewrite&) const = default;
};

class PathMapper {
 public:
  PathMapper() = default;
  PathMapper(std::vector<PathRewrite> rewrites, std::string base_dir = {});

  // Parses "FROM=TO" specs (the CLI's --map). InvalidArgument for a spec without '=' or
  // with an empty FROM.
  static Result<PathMapper> Parse(const std::vector<std::string>& specs, std::string base_dir = {});

  std::string Map(std::string_view location) const;

  bool is_identity() const { return rewrites_.empty() && base_dir_.empty(); }
  const std::vector<PathRewrite>& rewrites() const { return rewrites_; }

 private:
  std::vector<PathRewrite> rewrites_;
  std::string base_dir_;
};

// Whether `location` is relative: no "scheme://" prefix and no leading '/'.
bool IsRelativeLocation(std::string_view location);

}  // namespace firn::iceberg
