// The pipeline config file of `firn run -c pipeline.toml` (TOML v1.0).
//
// What a pipeline is made of (source, table, catalog, writer properties) is defined by
// the streaming-ingest issue, together with the code that runs it. Until then this
// checks what can be checked without inventing that schema: the file is readable and
// valid TOML (toml++ checks syntax and TOML's own rules, e.g. no key defined twice).
// Errors say where: "p.toml:3:7: <what>". TODO(streaming-ingest): validate the pipeline
// schema here, with errors that name the key and its line.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "firn/common/result.h"
#include "firn/io/file_io.h"

namespace firn::cli {

struct PipelineConfig {
  std::string path;               // the file it came from, for messages
  std::vector<std::string> keys;  // top-level keys and [sections], sorted
};

// Parses `text` as the contents of `path`. InvalidArgument with "path:line:column: ..."
// for broken TOML.
Result<PipelineConfig> ParsePipelineConfig(std::string_view path, std::string_view text);

// Reads `path` through `io` and parses it. NotFound / IOError name the file.
Result<PipelineConfig> LoadPipelineConfig(io::FileIO* io, const std::string& path);

}  // namespace firn::cli
