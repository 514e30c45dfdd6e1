#include "firn/ingest/config/diagnostics.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <sstream>

namespace firn::ingest::config_internal {
namespace {

// Long values are cut in messages; the cut backs up to a UTF-8 character boundary.
constexpr size_t kMaxQuoted = 80;

std::string Quote(std::string_view s) {
  bool cut = s.size() > kMaxQuoted;
  if (cut) {
    size_t n = kMaxQuoted;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    s = s.substr(0, n);
  }
  std::string out = "\"";
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += fmt::format("\\u{:04X}", c);
        } else {
          out.push_back(ch);
        }
    }
  }
  out += cut ? "\"..." : "\"";
  return out;
}

}  // namespace

std::string EscapeControls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\u{:04X}", c);
    } else {
      out.push_back(ch);
    }
  }
  return out;
}

namespace {

std::string Normalize(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == '_') c = '-';
  }
  return out;
}

bool IsBare(std::string_view key) {
  if (key.empty()) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

}  // namespace

Location LocationOf(const toml::source_region& region) {
  return Location{region.begin.line, region.begin.column};
}

std::string Describe(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return Quote(node.as_string()->get());
    case toml::node_type::integer:
      return fmt::format("{}", node.as_integer()->get());
    case toml::node_type::boolean:
      return node.as_boolean()->get() ? "true" : "false";
    case toml::node_type::floating_point: {
      std::ostringstream os;
      os << *node.as_floating_point();
      return os.str();
    }
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::array:
      return node.as_array()->empty() ? "[]" : "an array";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

int EditDistance(std::string_view a_in, std::string_view b_in) {
  std::string a = Normalize(a_in);
  std::string b = Normalize(b_in);
  size_t n = a.size();
  size_t m = b.size();
  // Only small distances matter; long keys would make the table large for nothing.
  if ((n > m ? n - m : m - n) > 2 || n > 256 || m > 256) return std::numeric_limits<int>::max();
  std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1));
  for (size_t i = 0; i <= n; ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= m; ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);  // transposition
      }
    }
  }
  return d[n][m];
}

std::string KeySegment(std::string_view key) { return IsBare(key) ? std::string(key) : Quote(key); }

// Diagnostics

void Diagnostics::Error(Location where, std::string message) {
  errors_.emplace_back(where, std::move(message));
}

void Diagnostics::NoteKey(std::string key_path, Location where) {
  keys_.insert_or_assign(std::move(key_path), where);
}

Location Diagnostics::KeyLocation(std::string_view key_path) const {
  auto it = keys_.find(key_path);
  return it == keys_.end() ? Location{} : it->second;
}

void Diagnostics::UnknownKey(Location where, std::string parent_path, std::string key,
                             std::vector<std::string> siblings) {
  unknown_.push_back(Unknown{where, std::move(parent_path), std::move(key), std::move(siblings)});
}

std::string Diagnostics::Hint(const Unknown& u) const {
  auto join = [&](std::string_view name) {
    return u.parent_path.empty() ? KeySegment(name)
                                 : fmt::format("{}.{}", u.parent_path, KeySegment(name));
  };
  // A near spelling at the same level...
  const std::string* best = nullptr;
  int best_distance = 3;
  for (const std::string& s : u.siblings) {
    int d = EditDistance(u.key, s);
    if (d < best_distance) {
      best = &s;
      best_distance = d;
    }
  }
  if (best != nullptr) return join(*best);
  // ... else the same name at another level (the shortest such key).
  std::string segment = KeySegment(u.key);
  const std::string* moved = nullptr;
  for (const std::string& k : known_) {
    size_t dot = k.rfind('.');
    std::string_view last =
        dot == std::string::npos ? std::string_view(k) : std::string_view(k).substr(dot + 1);
    if (last.find('"') != std::string_view::npos || EditDistance(last, segment) != 0) continue;
    if (moved == nullptr || k.size() < moved->size() || (k.size() == moved->size() && k < *moved)) {
      moved = &k;
    }
  }
  return moved ? *moved : std::string();
}

Status Diagnostics::Finish() const {
  std::vector<std::pair<Location, std::string>> all = errors_;
  for (const Unknown& u : unknown_) {
    std::string full = u.parent_path.empty()
                           ? KeySegment(u.key)
                           : fmt::format("{}.{}", u.parent_path, KeySegment(u.key));
    std::string hint = Hint(u);
    all.emplace_back(
        u.where, hint.empty() ? fmt::format("unknown key '{}'", full)
                              : fmt::format("unknown key '{}'; did you mean '{}'?", full, hint));
  }
  if (all.empty()) return OkStatus();
  std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    auto rank = [](Location l) {
      return std::pair(l.line == 0 ? std::numeric_limits<uint32_t>::max() : l.line, l.column);
    };
    return rank(a.first) < rank(b.first);
  });
  std::string text;
  for (size_t i = 0; i < all.size() && i < kMaxErrors; ++i) {
    if (i > 0) text += '\n';
    const auto& [where, raw] = all[i];
    std::string message = EscapeControls(raw);
    if (where.line == 0) {
      text += fmt::format("{}: {}", file_, message);
    } else {
      text += fmt::format("{}:{}:{}: {}", file_, where.line, where.column, message);
    }
  }
  if (all.size() > kMaxErrors) {
    text += fmt::format("\n{}: ... and {} more errors", file_, all.size() - kMaxErrors);
  }
  return std::unexpected(firn::Error(ErrorKind::kInvalidArgument, std::move(text)));
}

}  // namespace firn::ingest::config_internal
