// JsonWriter: a small streaming JSON writer for metadata files, expected-value dumps and
// HTTP responses. It inserts commas and escapes strings (RFC 8259); it does not check
// that objects get keys, which callers' tests cover.
//
//   JsonWriter w;
//   w.BeginObject(); w.Key("format-version"); w.Int(2); w.EndObject();
//   std::string s = std::move(w).Take();
//
// Thread-safety: none.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace firn {

class JsonWriter {
 public:
  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  void Key(std::string_view key);
  void String(std::string_view value);
  void Int(int64_t value);
  void UInt(uint64_t value);
  // Finite doubles in the shortest form that round-trips; NaN and infinities are not JSON
  // and are written as null.
  void Double(double value);
  void Bool(bool value);
  void Null();
  // Inserts already-serialised JSON as one value.
  void Raw(std::string_view json);

  const std::string& str() const { return out_; }
  std::string Take() && { return std::move(out_); }

  static void AppendEscaped(std::string& out, std::string_view s);

 private:
  void BeforeValue();

  std::string out_;
  std::vector<bool> first_;  // per open container: no element written yet
  bool after_key_ = false;
};

}  // namespace firn
