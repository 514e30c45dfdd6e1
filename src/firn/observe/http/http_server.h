// HttpServer: a minimal HTTP/1.1 server for firn's own endpoints (/metrics, /health, the
// dashboard), on one background thread with POSIX sockets and poll(2).
//
// One request per connection: GET or HEAD only (405 otherwise), routes matched on the
// exact path (404 otherwise), responses with Content-Length and `Connection: close`.
// Request heads are limited in size (431) and time (a client that sends nothing within
// `request_timeout_ms` is dropped; one that sent part of a request gets 408). Clients
// that disconnect early, send garbage, or never read their response cost one slot until
// their deadline, never the loop. Handlers run on the server thread, one at a time.
//
// Lifecycle: Make (binds and listens, so the port is known) -> Route... -> Start -> Stop
// (or the destructor), which wakes the loop, closes every connection and joins the thread.
//
// Thread-safety: Route before Start only; port() and url() from any thread; Stop from
// any thread but a handler. Handlers must be safe to call while other threads update
// what they read.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "firn/common/result.h"
#include "firn/observe/http/http_message.h"

namespace firn::observe {

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

struct HttpServerOptions {
  std::string address = "127.0.0.1";  // numeric IPv4 or IPv6 address to bind
  uint16_t port = 0;                  // 0: an ephemeral port (see port())
  size_t max_request_bytes = 16 * 1024;
  int request_timeout_ms = 5000;  // to receive a whole request head, and to send the reply
  size_t max_connections = 64;    // more are accepted and closed at once
};

class HttpServer {
 public:
  // Binds and listens. IOError naming the address when that fails (port in use, ...).
  static Result<std::unique_ptr<HttpServer>> Make(HttpServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Serves `path` (exact match, e.g. "/metrics") with `handler`. REQUIRES: before Start.
  void Route(std::string path, HttpHandler handler);
  // Starts the serving thread. REQUIRES: called once.
  Status Start();
  // Stops serving and joins the thread; idempotent.
  void Stop();

  uint16_t port() const { return port_; }
  // "http://127.0.0.1:PORT/" ("[::1]" for IPv6 addresses).
  std::string url() const;

 private:
  struct Connection;
  HttpServer(HttpServerOptions options, int listen_fd, int wake_read, int wake_write,
             uint16_t port);
  void Loop();
  void Accept(std::map<int, Connection>& connections);
  // Reads what is there; true when the connection is done (closed by the peer or failed).
  bool Receive(Connection& c);
  bool Send(Connection& c);  // true when done
  void Respond(Connection& c, const HttpResponse& response, bool head_only);
  HttpResponse Dispatch(const HttpRequest& request) const;

  const HttpServerOptions options_;
  const int listen_fd_;
  const int wake_read_, wake_write_;  // a pipe: Stop writes a byte to end poll()
  const uint16_t port_;
  std::map<std::string, HttpHandler> routes_;
  std::thread thread_;
  bool stopped_ = false;
};

}  // namespace firn::observe
