// The request-head parser and response serialisation of the metrics server.
#include "firn/observe/http/http_message.h"

#include <gtest/gtest.h>

namespace firn::observe {
namespace {

using State = RequestHead::State;

TEST(HttpMessageTest, ParsesARequestHead) {
  const RequestHead h =
      ParseRequestHead("GET /api/series?x=1&y HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n\r\n", 1024);
  ASSERT_EQ(h.state, State::kComplete) << h.error;
  EXPECT_EQ(h.request.method, "GET");
  EXPECT_EQ(h.request.path, "/api/series");
  EXPECT_EQ(h.request.query, "x=1&y");
}

TEST(HttpMessageTest, IncompleteUntilTheEmptyLine) {
  const std::string full = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
  for (size_t n = 0; n < full.size(); ++n) {
    EXPECT_EQ(ParseRequestHead(full.substr(0, n), 1024).state, State::kIncomplete) << n;
  }
  EXPECT_EQ(ParseRequestHead(full, 1024).state, State::kComplete);
}

TEST(HttpMessageTest, RejectsMalformedHeads) {
  for (std::string_view bad :
       {"\r\n\r\n", "GET\r\n\r\n", "GET / \r\n\r\n", "GET  / HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1 x\r\n\r\n", "GET * HTTP/1.1\r\n\r\n", "GET /\x7f HTTP/1.1\r\n\r\n",
        "GET / FTP/1.0\r\n\r\n", "GET / HTTP/1.1\r\n: empty name\r\n\r\n",
        "GET / HTTP/1.1\r\nbad name: x\r\n\r\n"}) {
    const RequestHead h = ParseRequestHead(bad, 1024);
    EXPECT_EQ(h.state, State::kBad) << bad;
    EXPECT_EQ(h.error_status, 400) << bad;
  }
  EXPECT_EQ(ParseRequestHead("GET / HTTP/3\r\n\r\n", 1024).error_status, 505);
}

TEST(HttpMessageTest, LimitsTheHeadSize) {
  EXPECT_EQ(ParseRequestHead(std::string(2000, 'a'), 1024).error_status, 431);
  const std::string big = "GET / HTTP/1.1\r\nX: " + std::string(2000, 'a') + "\r\n\r\n";
  EXPECT_EQ(ParseRequestHead(big, 1024).error_status, 431);
  EXPECT_EQ(ParseRequestHead(big, 4096).state, State::kComplete);
}

TEST(HttpMessageTest, SerialisesResponses) {
  HttpResponse r;
  r.status = 405;
  r.body = "no\n";
  r.headers.emplace_back("Allow", "GET, HEAD");
  EXPECT_EQ(SerializeResponse(r, false),
            "HTTP/1.1 405 Method Not Allowed\r\nContent-Type: text/plain; charset=utf-8\r\n"
            "Content-Length: 3\r\nAllow: GET, HEAD\r\nCache-Control: no-store\r\nConnection: "
            "close\r\n\r\nno\n");
  EXPECT_TRUE(
      SerializeResponse(r, true).ends_with("Content-Length: 3\r\nAllow: GET, HEAD\r\n"
                                           "Cache-Control: no-store\r\nConnection: close\r\n\r\n"));
  EXPECT_EQ(ErrorResponse(404, "no page at /x").body, "404 Not Found\nno page at /x\n");
}

}  // namespace
}  // namespace firn::observe
