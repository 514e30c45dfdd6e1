// RunMetrics: the pipeline's observations become firn's metrics, served over HTTP.
#include "cli/run_metrics.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <vector>

namespace firn::cli {
namespace {

// GET `path` from 127.0.0.1:port; the whole response.
std::string Get(uint16_t port, std::string_view path) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  const std::string req = "GET " + std::string(path) + " HTTP/1.1\r\nHost: x\r\n\r\n";
  EXPECT_EQ(::send(fd, req.data(), req.size(), MSG_NOSIGNAL), static_cast<ssize_t>(req.size()));
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;)
    out.append(buf, static_cast<size_t>(n));
  ::close(fd);
  return out;
}

uint16_t PortOf(const RunMetrics& m) {
  const std::string url = m.url();  // http://127.0.0.1:PORT/
  return static_cast<uint16_t>(std::stoi(url.substr(url.rfind(':') + 1)));
}

TEST(RunMetricsTest, ServesWhatThePipelineReports) {
  auto m = RunMetrics::Start({.enabled = true, .port = 0, .address = "127.0.0.1"});
  ASSERT_TRUE(m) << m.error().message();
  std::vector<ingest::SourceRecord> batch(5);
  for (size_t i = 0; i < batch.size(); ++i) {
    batch[i].topic = i < 3 ? "a" : "b";
    batch[i].value = "{\"x\":1}";  // 7 bytes
  }
  batch[0].key = std::string_view("k1");
  (*m)->OnBatch(batch, {{"db.t", 2}});
  const std::vector<int64_t> sizes = {1000, 2000};
  const auto now = std::chrono::system_clock::now();
  const int64_t now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  (*m)->OnCommit({.table = "db.t",
                  .snapshot_id = 1,
                  .records = 5,
                  .bytes = 3000,
                  .file_sizes = sizes,
                  .commit_ms = 20,
                  .event_time_ms = now_ms - 3'600'000,
                  .source_timestamp_ms = now_ms - 1500,
                  .wait_ms = 800,
                  .committed_at = now});
  (*m)->OnCommitRefused("db.t");

  const std::string metrics = Get(PortOf(**m), "/metrics");
  for (const char* line :
       {"Content-Type: text/plain; version=0.0.4", "firn_records_in_total{topic=\"a\"} 3\n",
        "firn_records_in_total{topic=\"b\"} 2\n", "firn_bytes_in_total{topic=\"a\"} 23\n",
        "firn_records_dead_lettered_total{table=\"db.t\"} 2\n",
        "firn_commits_refused_total{table=\"db.t\"} 1\n",
        "firn_files_written_total{table=\"db.t\"} 2\n",
        // The Kafka timestamp wins over the event time: 1.5 s, not an hour.
        "firn_end_to_end_latency_seconds_bucket{table=\"db.t\",le=\"1\"} 0\n",
        "firn_end_to_end_latency_seconds_bucket{table=\"db.t\",le=\"2.5\"} 1\n",
        "firn_ingest_delay_seconds_bucket{table=\"db.t\",le=\"1\"} 1\n"}) {
    EXPECT_NE(metrics.find(line), std::string::npos) << line << "\nin\n" << metrics;
  }
  EXPECT_NE(Get(PortOf(**m), "/health").find("\"table\":\"db.t\""), std::string::npos);
  EXPECT_NE(Get(PortOf(**m), "/api/series").find("\"commits\":[["), std::string::npos);
  const std::string page = Get(PortOf(**m), "/");
  EXPECT_NE(page.find("Content-Type: text/html"), std::string::npos);
  EXPECT_NE(page.find("data-points"), std::string::npos);  // the script marks its plots
  EXPECT_EQ(page.find("https://"), std::string::npos);     // nothing from elsewhere
}

TEST(RunMetricsTest, PortInUseIsAnError) {
  auto first = RunMetrics::Start({.enabled = true});
  ASSERT_TRUE(first);
  auto second = RunMetrics::Start({.enabled = true, .port = PortOf(**first)});
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().message().find("cannot bind"), std::string::npos)
      << second.error().message();
}

}  // namespace
}  // namespace firn::cli
