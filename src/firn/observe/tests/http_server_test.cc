// HttpServer over real sockets on 127.0.0.1 (an ephemeral port): routes, methods, and
// clients that misbehave (garbage, partial requests, early disconnects, silence).
#include "firn/observe/http/http_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace firn::observe {
namespace {

using Clock = std::chrono::steady_clock;

// A connected client socket (closed on destruction).
class Client {
 public:
  explicit Client(uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  ~Client() { Close(); }
  bool connected() const { return connected_; }
  void Send(std::string_view bytes) {
    ASSERT_EQ(::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(bytes.size()));
  }
  void ShutdownWrite() { ::shutdown(fd_, SHUT_WR); }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  // Everything until the server closes, or `timeout_ms`.
  std::string ReadAll(int timeout_ms = 5000) {
    std::string out;
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    char buf[4096];
    while (Clock::now() < deadline) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, static_cast<size_t>(n));
    }
    return out;
  }

 private:
  int fd_;
  bool connected_ = false;
};

std::string Body(const std::string& response) {
  const size_t at = response.find("\r\n\r\n");
  return at == std::string::npos ? "" : response.substr(at + 4);
}

class HttpServerTest : public ::testing::Test {
 protected:
  void StartServer(HttpServerOptions options = {}) {
    auto made = HttpServer::Make(std::move(options));
    ASSERT_TRUE(made) << made.error().ToString();
    server_ = std::move(*made);
    server_->Route("/hello", [this](const HttpRequest& r) {
      ++calls_;
      HttpResponse resp;
      resp.body = "hello " + r.query + "\n";
      return resp;
    });
    server_->Route("/big", [](const HttpRequest&) {
      HttpResponse resp;
      resp.body = std::string(4 << 20, 'x');  // larger than any socket buffer
      return resp;
    });
    ASSERT_TRUE(server_->Start());
  }
  std::string Request(std::string_view bytes) {
    Client c(server_->port());
    EXPECT_TRUE(c.connected());
    c.Send(bytes);
    return c.ReadAll();
  }

  std::unique_ptr<HttpServer> server_;
  std::atomic<int> calls_{0};
};

TEST_F(HttpServerTest, ServesARouteWithContentLength) {
  StartServer();
  EXPECT_NE(server_->port(), 0);
  EXPECT_EQ(server_->url(), "http://127.0.0.1:" + std::to_string(server_->port()) + "/");
  const std::string r = Request("GET /hello?x=1 HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_TRUE(r.starts_with("HTTP/1.1 200 OK\r\n")) << r;
  EXPECT_NE(r.find("Content-Length: 10\r\n"), std::string::npos) << r;
  EXPECT_NE(r.find("Connection: close\r\n"), std::string::npos) << r;
  EXPECT_EQ(Body(r), "hello x=1\n");
}

TEST_F(HttpServerTest, HeadSendsNoBody) {
  StartServer();
  const std::string r = Request("HEAD /hello HTTP/1.1\r\n\r\n");
  EXPECT_TRUE(r.starts_with("HTTP/1.1 200 OK\r\n")) << r;
  EXPECT_NE(r.find("Content-Length: 7\r\n"), std::string::npos) << r;
  EXPECT_EQ(Body(r), "");
}

TEST_F(HttpServerTest, AcceptsBareLineFeeds) {
  StartServer();
  EXPECT_EQ(Body(Request("GET /hello HTTP/1.0\n\n")), "hello \n");
}

TEST_F(HttpServerTest, UnknownPathIs404AndOtherMethods405) {
  StartServer();
  EXPECT_TRUE(Request("GET /nope HTTP/1.1\r\n\r\n").starts_with("HTTP/1.1 404 Not Found\r\n"));
  const std::string post = Request("POST /hello HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc");
  EXPECT_TRUE(post.starts_with("HTTP/1.1 405 Method Not Allowed\r\n")) << post;
  EXPECT_NE(post.find("Allow: GET, HEAD\r\n"), std::string::npos) << post;
  EXPECT_EQ(calls_.load(), 0);
}

TEST_F(HttpServerTest, GarbageIs400) {
  StartServer();
  for (std::string_view bad :
       {std::string_view("\x01\x02garbage\r\n\r\n"), std::string_view("GET\r\n\r\n"),
        std::string_view("GET /a b HTTP/1.1\r\n\r\n"),
        std::string_view("GET nopath HTTP/1.1\r\n\r\n"),
        std::string_view("GET / HTTP/1.1\r\nno colon here\r\n\r\n"),
        std::string_view("G(T / HTTP/1.1\r\n\r\n")}) {
    EXPECT_TRUE(Request(bad).starts_with("HTTP/1.1 400 Bad Request\r\n")) << bad;
  }
  EXPECT_TRUE(Request("GET / HTTP/2.0\r\n\r\n").starts_with("HTTP/1.1 505 "));
  std::string binary(300, '\0');
  EXPECT_TRUE(Request(binary + "\r\n\r\n").starts_with("HTTP/1.1 400 "));
  EXPECT_EQ(calls_.load(), 0);
}

TEST_F(HttpServerTest, OversizedHeadIs431) {
  StartServer({.max_request_bytes = 1024});
  const std::string r =
      Request("GET /hello HTTP/1.1\r\nX-Long: " + std::string(4000, 'a') + "\r\n\r\n");
  EXPECT_TRUE(r.starts_with("HTTP/1.1 431 ")) << r.substr(0, 80);
  // Without an end of head at all, too.
  EXPECT_TRUE(Request(std::string(5000, 'G')).starts_with("HTTP/1.1 431 "));
}

TEST_F(HttpServerTest, PartialRequestTimesOutWith408) {
  StartServer({.request_timeout_ms = 300});
  const auto start = Clock::now();
  const std::string r = Request("GET /hel");
  EXPECT_TRUE(r.starts_with("HTTP/1.1 408 ")) << r;
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(3));
}

TEST_F(HttpServerTest, RequestSplitAcrossWritesIsServed) {
  StartServer();
  Client c(server_->port());
  for (std::string_view part : {"GE", "T /hel", "lo HTTP/1.1\r", "\nHost: x\r\n", "\r\n"}) {
    c.Send(part);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(Body(c.ReadAll()), "hello \n");
}

TEST_F(HttpServerTest, SilentAndVanishingClientsDoNotBlockOthers) {
  StartServer({.request_timeout_ms = 3000});
  Client silent(server_->port());  // connects, never sends (like a browser's preconnect)
  {
    Client gone(server_->port());
    gone.Send("GET /hello HTTP/1.1\r\n");  // half a request, then disconnects
  }
  {
    Client reset(server_->port());
    reset.Send("GET /big HTTP/1.1\r\n\r\n");  // never reads its 4 MiB response
  }
  const auto start = Clock::now();
  EXPECT_EQ(Body(Request("GET /hello HTTP/1.1\r\n\r\n")), "hello \n");
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(1));
}

TEST_F(HttpServerTest, LargeResponseArrivesWhole) {
  StartServer();
  EXPECT_EQ(Body(Request("GET /big HTTP/1.1\r\n\r\n")).size(), size_t{4} << 20);
}

TEST_F(HttpServerTest, ManyConcurrentClients) {
  StartServer();
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 10; ++j) {
        if (Body(Request("GET /hello HTTP/1.1\r\n\r\n")) == "hello \n") ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 160);
}

TEST_F(HttpServerTest, StopReturnsPromptlyWithOpenConnections) {
  StartServer({.request_timeout_ms = 60000});
  Client idle(server_->port());
  Client partial(server_->port());
  partial.Send("GET /");
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const auto start = Clock::now();
  server_->Stop();
  server_->Stop();  // idempotent
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(1));
  EXPECT_EQ(partial.ReadAll(1000), "");  // closed without an answer
}

TEST(HttpServerMakeTest, RejectsBadAddressesAndPortsInUse) {
  auto bad = HttpServer::Make({.address = "not-an-ip"});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind(), ErrorKind::kInvalidArgument);
  auto first = HttpServer::Make({});
  ASSERT_TRUE(first);
  auto second = HttpServer::Make({.port = (*first)->port()});
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().kind(), ErrorKind::kIOError);
  EXPECT_NE(second.error().message().find(std::to_string((*first)->port())), std::string::npos)
      << second.error().message();
}

TEST(HttpServerMakeTest, BindsIPv6Loopback) {
  auto s = HttpServer::Make({.address = "::1"});
  if (!s) GTEST_SKIP() << "no IPv6 here: " << s.error().message();
  EXPECT_EQ((*s)->url(), "http://[::1]:" + std::to_string((*s)->port()) + "/");
}

}  // namespace
}  // namespace firn::observe
