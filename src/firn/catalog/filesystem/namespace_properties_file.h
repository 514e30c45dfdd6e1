// The small properties file that makes a namespace exist in the filesystem catalog:
// "<warehouse>/<ns levels>/.firn-namespace.properties".
//
// Object stores have no empty folders, and FileIO lists files only, so a namespace needs a
// file of its own to exist before it holds a table; the same file keeps its properties.
// Java's HadoopCatalog ignores plain files in namespace folders (it keeps no namespace
// properties and treats any folder as a namespace), so the file is invisible to it.
//
// Format: UTF-8 text, one property per line, "key=value", where key and value are
// percent-encoded for '%', '=', and every byte below 0x20 or equal to 0x7f (so a line never
// holds a raw newline). Lines starting with '#' and empty lines are ignored.
//
// Thread-safety: all functions are thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "firn/catalog/catalog.h"

namespace firn::catalog {

inline constexpr std::string_view kNamespaceFileName = ".firn-namespace.properties";

std::string EncodeNamespaceProperties(const Properties& properties);
// Corrupt (naming `path` and the line) for a line without '=' or with a bad escape.
Result<Properties> DecodeNamespaceProperties(std::string_view text, std::string_view path);

}  // namespace firn::catalog
