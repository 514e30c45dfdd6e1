// Path helpers shared by the FileIO backends. Paths here are plain strings with '/'
// separators; URI schemes are stripped by the backend before these are used.
//
// Thread-safety: all functions are thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace firn::io {

// The directory part: ParentDir("/a/b") == "/a", ParentDir("/b") == "/",
// ParentDir("b") == ".".
std::string_view ParentDir(std::string_view path);

// The last component: BaseName("/a/b") == "b", BaseName("/a/") == "".
std::string_view BaseName(std::string_view path);

// `dir` without trailing slashes (but "/" stays "/").
std::string_view TrimTrailingSlashes(std::string_view dir);

// A fresh temporary name beside `path`: "<dir>/.<name>.<16 hex digits>.tmp". Being in
// the same directory keeps the final rename atomic (same file system).
std::string TempPathFor(std::string_view path);

// Whether `base_name` has the form TempPathFor gives. Orphan-file removal uses this to
// recognise what a crash in the middle of a write leaves behind.
bool IsTempFileName(std::string_view base_name);

// 64 random bits as 16 lowercase hex digits (getrandom(2)).
std::string RandomHex();

}  // namespace firn::io
