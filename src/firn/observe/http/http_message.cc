#include "firn/observe/http/http_message.h"

#include <fmt/format.h>

namespace firn::observe {
namespace {

RequestHead Bad(int status, std::string error) {
  RequestHead h;
  h.state = RequestHead::State::kBad;
  h.error_status = status;
  h.error = std::move(error);
  return h;
}

// RFC 9110 token characters (method names, header names).
bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsTokenChar(c)) return false;
  }
  return true;
}

// The next line of `head` from `*pos` without its terminator (CRLF or LF).
std::string_view NextLine(std::string_view head, size_t* pos) {
  const size_t nl = head.find('\n', *pos);
  const size_t end = nl == std::string_view::npos ? head.size() : nl;
  std::string_view line = head.substr(*pos, end - *pos);
  *pos = nl == std::string_view::npos ? head.size() : nl + 1;
  if (line.ends_with('\r')) line.remove_suffix(1);
  return line;
}

}  // namespace

RequestHead ParseRequestHead(std::string_view received, size_t max_bytes) {
  // The head ends at the first empty line.
  size_t end = std::string_view::npos;
  for (size_t i = received.find('\n'); i != std::string_view::npos;
       i = received.find('\n', i + 1)) {
    if (i + 1 < received.size() && received[i + 1] == '\n') {
      end = i + 1;
      break;
    }
    if (i + 2 < received.size() && received[i + 1] == '\r' && received[i + 2] == '\n') {
      end = i + 2;
      break;
    }
  }
  if (end == std::string_view::npos) {
    if (received.size() > max_bytes)
      return Bad(431, fmt::format("the request head exceeds {} bytes", max_bytes));
    return {};
  }
  if (end + 1 > max_bytes)
    return Bad(431, fmt::format("the request head exceeds {} bytes", max_bytes));
  const std::string_view head = received.substr(0, end);
  size_t pos = 0;
  const std::string_view line = NextLine(head, &pos);
  // request-line = method SP request-target SP HTTP-version
  const size_t sp1 = line.find(' ');
  const size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
    return Bad(400, "malformed request line");
  }
  const std::string_view method = line.substr(0, sp1);
  const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  const std::string_view version = line.substr(sp2 + 1);
  if (!IsToken(method)) return Bad(400, "malformed method");
  if (target.empty() || target.front() != '/') return Bad(400, "the request target must be a path");
  for (char c : target) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
      return Bad(400, "control character in the target");
  }
  if (!version.starts_with("HTTP/1.")) {
    return version.starts_with("HTTP/") ? Bad(505, "only HTTP/1.x is served")
                                        : Bad(400, "malformed version");
  }
  while (pos < head.size()) {
    const std::string_view header = NextLine(head, &pos);
    if (header.empty()) break;
    const size_t colon = header.find(':');
    if (colon == std::string_view::npos || !IsToken(header.substr(0, colon))) {
      return Bad(400, "malformed header line");
    }
  }
  RequestHead h;
  h.state = RequestHead::State::kComplete;
  h.request.method = std::string(method);
  const size_t q = target.find('?');
  h.request.path = std::string(target.substr(0, q));
  if (q != std::string_view::npos) h.request.query = std::string(target.substr(q + 1));
  return h;
}

std::string_view StatusReason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Unknown";
  }
}

std::string SerializeResponse(const HttpResponse& r, bool head_only) {
  std::string out = fmt::format("HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n",
                                r.status, StatusReason(r.status), r.content_type, r.body.size());
  for (const auto& [name, value] : r.headers)
    fmt::format_to(std::back_inserter(out), "{}: {}\r\n", name, value);
  out += "Cache-Control: no-store\r\nConnection: close\r\n\r\n";
  if (!head_only) out += r.body;
  return out;
}

HttpResponse ErrorResponse(int status, std::string_view detail) {
  HttpResponse r;
  r.status = status;
  r.body = fmt::format("{} {}\n", status, StatusReason(status));
  if (!detail.empty()) fmt::format_to(std::back_inserter(r.body), "{}\n", detail);
  return r;
}

}  // namespace firn::observe
