// HTTP/1.1 requests and responses as the metrics server sees them (RFC 9112): a request
// head parsed from the bytes received so far, and a response serialised with
// Content-Length and `Connection: close` (one request per connection).
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace firn::observe {

struct HttpRequest {
  std::string method;  // "GET", as sent (methods are case-sensitive)
  std::string path;    // the target up to '?', e.g. "/metrics"
  std::string query;   // after '?', without it; "" when none
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra ones (Allow, ...)
};

// What the bytes received so far say.
struct RequestHead {
  enum class State {
    kIncomplete,  // no end of head yet (and under the size limit): read more
    kComplete,    // `request` is valid
    kBad,         // answer `error_status` (400, 431, 505) and close
  };
  State state = State::kIncomplete;
  HttpRequest request;
  int error_status = 0;
  std::string error;  // why, for the response body
};

// Parses the request line and headers (the body, if any, is ignored: only GET and HEAD are
// served). Lines may end in CRLF or LF. A head longer than `max_bytes` is kBad with 431.
RequestHead ParseRequestHead(std::string_view received, size_t max_bytes);

// "HTTP/1.1 200 OK\r\nContent-Type: ...\r\nContent-Length: N\r\nConnection: close\r\n...".
// With `head_only` (a HEAD request) the body is left out, Content-Length is kept.
std::string SerializeResponse(const HttpResponse& response, bool head_only);

std::string_view StatusReason(int status);  // "OK", "Not Found", ...

// A plain-text error response ("404 Not Found\n" and `detail`).
HttpResponse ErrorResponse(int status, std::string_view detail = {});

}  // namespace firn::observe
