#include "firn/observe/http/http_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <vector>

#include "firn/common/logging.h"

namespace firn::observe {
namespace {

using Clock = std::chrono::steady_clock;

std::string Errno() { return std::strerror(errno); }

}  // namespace

struct HttpServer::Connection {
  enum class Phase { kReading, kWriting, kDraining };
  int fd = -1;
  Phase phase = Phase::kReading;
  std::string in;
  std::string out;
  size_t sent = 0;
  Clock::time_point deadline;
};

Result<std::unique_ptr<HttpServer>> HttpServer::Make(HttpServerOptions options) {
  const std::string address = options.address == "localhost" ? "127.0.0.1" : options.address;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
  addrinfo* found = nullptr;
  const std::string port_text = std::to_string(options.port);
  if (int rc = ::getaddrinfo(address.c_str(), port_text.c_str(), &hints, &found); rc != 0) {
    return InvalidArgument("metrics address '{}': not a numeric IP address ({})", options.address,
                           ::gai_strerror(rc));
  }
  const std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> ai(found, &::freeaddrinfo);
  const std::string where = fmt::format("{}:{}", options.address, options.port);
  const int fd = ::socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return IOError("metrics server: socket: {}", Errno());
  auto fail = [&](std::string_view what) {
    const std::string e = Errno();
    ::close(fd);
    return IOError("metrics server: {} {}: {}", what, where, e);
  };
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(fd, ai->ai_addr, ai->ai_addrlen) != 0) return fail("cannot bind");
  if (::listen(fd, 64) != 0) return fail("cannot listen on");
  sockaddr_storage bound{};
  socklen_t len = sizeof bound;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &len) != 0) return fail("getsockname");
  const uint16_t port =
      ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                        : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  int wake[2];
  if (::pipe2(wake, O_NONBLOCK | O_CLOEXEC) != 0) return fail("pipe for");
  options.address = address;
  return std::unique_ptr<HttpServer>(
      new HttpServer(std::move(options), fd, wake[0], wake[1], port));
}

HttpServer::HttpServer(HttpServerOptions options, int listen_fd, int wake_read, int wake_write,
                       uint16_t port)
    : options_(std::move(options)),
      listen_fd_(listen_fd),
      wake_read_(wake_read),
      wake_write_(wake_write),
      port_(port) {}

HttpServer::~HttpServer() {
  Stop();
  ::close(listen_fd_);
  ::close(wake_read_);
  ::close(wake_write_);
}

void HttpServer::Route(std::string path, HttpHandler handler) {
  routes_[std::move(path)] = std::move(handler);
}

std::string HttpServer::url() const {
  const bool v6 = options_.address.find(':') != std::string::npos;
  return fmt::format("http://{}{}{}:{}/", v6 ? "[" : "", options_.address, v6 ? "]" : "", port_);
}

Status HttpServer::Start() {
  if (thread_.joinable() || stopped_) return Internal("HttpServer::Start called twice");
  thread_ = std::thread([this] { Loop(); });
  return OkStatus();
}

void HttpServer::Stop() {
  if (stopped_) return;
  stopped_ = true;
  if (thread_.joinable()) {
    const char byte = 1;
    [[maybe_unused]] ssize_t n = ::write(wake_write_, &byte, 1);
    thread_.join();
  }
}

void HttpServer::Accept(std::map<int, Connection>& connections) {
  while (true) {
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR && errno != ECONNABORTED) {
        FIRN_LOG(kWarn, "metrics server: accept: {}", Errno());
      }
      return;
    }
    if (connections.size() >= options_.max_connections) {
      ::close(fd);
      continue;
    }
    Connection& c = connections[fd];
    c.fd = fd;
    c.deadline = Clock::now() + std::chrono::milliseconds(options_.request_timeout_ms);
  }
}

HttpResponse HttpServer::Dispatch(const HttpRequest& request) const {
  auto it = routes_.find(request.path);
  if (it == routes_.end()) return ErrorResponse(404, fmt::format("no page at {}", request.path));
  return it->second(request);
}

void HttpServer::Respond(Connection& c, const HttpResponse& response, bool head_only) {
  c.out = SerializeResponse(response, head_only);
  c.sent = 0;
  c.phase = Connection::Phase::kWriting;
  c.deadline = Clock::now() + std::chrono::milliseconds(options_.request_timeout_ms);
}

bool HttpServer::Receive(Connection& c) {
  char buf[4096];
  while (true) {
    const ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
    if (n == 0) return true;  // the peer closed (a partial request is dropped)
    if (n < 0) return errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR;
    // After the response: discard, one read per wake-up (a flooding client cannot hold
    // the loop; its deadline ends it).
    if (c.phase == Connection::Phase::kDraining) return false;
    c.in.append(buf, static_cast<size_t>(n));
    const RequestHead head = ParseRequestHead(c.in, options_.max_request_bytes);
    switch (head.state) {
      case RequestHead::State::kIncomplete:
        continue;
      case RequestHead::State::kBad:
        Respond(c, ErrorResponse(head.error_status, head.error), false);
        return false;
      case RequestHead::State::kComplete: {
        const HttpRequest& r = head.request;
        if (r.method != "GET" && r.method != "HEAD") {
          HttpResponse denied = ErrorResponse(405, "only GET and HEAD are served");
          denied.headers.emplace_back("Allow", "GET, HEAD");
          Respond(c, denied, false);
        } else {
          Respond(c, Dispatch(r), r.method == "HEAD");
        }
        return false;
      }
    }
  }
}

bool HttpServer::Send(Connection& c) {
  while (c.sent < c.out.size()) {
    const ssize_t n = ::send(c.fd, c.out.data() + c.sent, c.out.size() - c.sent, MSG_NOSIGNAL);
    if (n < 0) return errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR;
    c.sent += static_cast<size_t>(n);
  }
  // All sent: half-close, then read until the peer closes, so that unread request bytes
  // do not make the kernel reset the connection before the client has read the response.
  ::shutdown(c.fd, SHUT_WR);
  c.phase = Connection::Phase::kDraining;
  c.out.clear();
  c.deadline =
      Clock::now() + std::chrono::milliseconds(std::min(options_.request_timeout_ms, 1000));
  return false;
}

void HttpServer::Loop() {
  // Asynchronous signals (SIGINT, SIGTERM, ...) go to the threads that expect them, not
  // to this one; faults stay deliverable here.
  sigset_t mask;
  sigfillset(&mask);
  for (int fault : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP}) sigdelset(&mask, fault);
  ::pthread_sigmask(SIG_BLOCK, &mask, nullptr);
  std::map<int, Connection> connections;
  std::vector<pollfd> fds;
  while (true) {
    fds.clear();
    fds.push_back({wake_read_, POLLIN, 0});
    fds.push_back({listen_fd_, POLLIN, 0});
    auto next_deadline = Clock::now() + std::chrono::seconds(1);
    for (const auto& [fd, c] : connections) {
      fds.push_back(
          {fd, static_cast<short>(c.phase == Connection::Phase::kWriting ? POLLOUT : POLLIN), 0});
      next_deadline = std::min(next_deadline, c.deadline);
    }
    const auto wait =
        std::chrono::duration_cast<std::chrono::milliseconds>(next_deadline - Clock::now());
    const int ready =
        ::poll(fds.data(), fds.size(), static_cast<int>(std::max<int64_t>(0, wait.count()) + 1));
    if (ready < 0 && errno != EINTR) {
      FIRN_LOG(kWarn, "metrics server: poll: {}", Errno());
      break;
    }
    if (fds[0].revents != 0) break;  // Stop
    std::vector<int> done;
    for (size_t i = 2; i < fds.size(); ++i) {
      if (fds[i].revents == 0) continue;
      Connection& c = connections[fds[i].fd];
      bool finished = false;
      if (fds[i].revents & (POLLERR | POLLNVAL)) {
        finished = true;
      } else if (c.phase == Connection::Phase::kWriting) {
        finished = Send(c);
      } else {
        finished = Receive(c);
        if (!finished && c.phase == Connection::Phase::kWriting) finished = Send(c);
      }
      if (finished) done.push_back(c.fd);
    }
    const auto now = Clock::now();
    for (auto& [fd, c] : connections) {
      if (now < c.deadline || std::find(done.begin(), done.end(), fd) != done.end()) continue;
      if (c.phase == Connection::Phase::kReading && !c.in.empty()) {
        Respond(c, ErrorResponse(408, "the request head did not arrive in time"), false);
        if (Send(c)) done.push_back(fd);  // best effort: one try, the deadline restarts
        continue;
      }
      done.push_back(fd);  // silent client, unread response, or drained enough
    }
    for (int fd : done) {
      ::close(fd);
      connections.erase(fd);
    }
    if (fds[1].revents & POLLIN) Accept(connections);
  }
  for (const auto& [fd, c] : connections) ::close(fd);
}

}  // namespace firn::observe
