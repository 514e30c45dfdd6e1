// toml++ for the pipeline config (private to config/: only firn_ingest has its include
// path).
#pragma once

// toml++ is used header-only with exceptions off, so that it reports errors as values
// (toml::parse_result) like the rest of firn (conventions §2). Debian's pkg-config flags
// select its shared library, which is built with exceptions, so CMake takes only the
// include path from pkg-config; the noex API lives in its own inline namespace and
// cannot clash with the library's symbols. Every file of firn that includes toml++ must
// do so through this header, so that the two macros agree.
#define TOML_HEADER_ONLY 1
#define TOML_EXCEPTIONS 0
#include <toml++/toml.h>
