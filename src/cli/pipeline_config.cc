#include "cli/pipeline_config.h"

// toml++ is used header-only with exceptions off, so that it reports errors as values
// (toml::parse_result) like the rest of firn (conventions §2). Debian's pkg-config flags
// select its shared library, which is built with exceptions, so CMake takes only the
// include path from pkg-config; the noex API lives in its own inline namespace and
// cannot clash with the library's symbols.
#define TOML_HEADER_ONLY 1
#define TOML_EXCEPTIONS 0
#include <toml++/toml.h>

#include "firn/common/macros.h"

namespace firn::cli {

Result<PipelineConfig> ParsePipelineConfig(std::string_view path, std::string_view text) {
  toml::parse_result parsed = toml::parse(text, path);
  if (!parsed) {
    const toml::parse_error& e = parsed.error();
    return InvalidArgument("{}:{}:{}: {}", path, e.source().begin.line, e.source().begin.column,
                           e.description());
  }
  PipelineConfig config;
  config.path = std::string(path);
  const toml::table& root = parsed.table();
  for (const auto& [key, node] : root) config.keys.emplace_back(key.str());
  return config;
}

Result<PipelineConfig> LoadPipelineConfig(io::FileIO* io, const std::string& path) {
  FIRN_ASSIGN_OR_RETURN(std::string text, io->ReadAll(FilePath(path)));
  return ParsePipelineConfig(path, text);
}

}  // namespace firn::cli
