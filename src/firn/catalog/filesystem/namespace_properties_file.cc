#include "firn/catalog/filesystem/namespace_properties_file.h"

#include <fmt/format.h>

#include <iterator>
#include <optional>

namespace firn::catalog {
namespace {

void Encode(std::string_view text, std::string* out) {
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '%' || c == '=' || byte < 0x20 || byte == 0x7f) {
      fmt::format_to(std::back_inserter(*out), "%{:02X}", byte);
    } else {
      out->push_back(c);
    }
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> Decode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    int hi = HexValue(text[i + 1]), lo = HexValue(text[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

}  // namespace

std::string EncodeNamespaceProperties(const Properties& properties) {
  std::string out = "# firn namespace properties\n";
  for (const auto& [key, value] : properties) {
    Encode(key, &out);
    out.push_back('=');
    Encode(value, &out);
    out.push_back('\n');
  }
  return out;
}

Result<Properties> DecodeNamespaceProperties(std::string_view text, std::string_view path) {
  Properties properties;
  size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (line.empty() || line.front() == '#') continue;
    size_t eq = line.find('=');
    std::optional<std::string> key, value;
    if (eq != std::string_view::npos) {
      key = Decode(line.substr(0, eq));
      value = Decode(line.substr(eq + 1));
    }
    if (!key || !value || key->empty()) {
      return Corrupt("namespace properties file {}: line {} is not 'key=value' in percent-encoding",
                     path, line_no);
    }
    properties[std::move(*key)] = std::move(*value);
  }
  return properties;
}

}  // namespace firn::catalog
