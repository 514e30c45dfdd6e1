// CommitGate: maintenance commits never overlap an ingest commit, enter right after one or
// when ingest is idle, and give up on stop.
#include "firn/common/commit_gate.h"

#include <gtest/gtest.h>

#include <thread>

namespace firn {
namespace {

using namespace std::chrono_literals;

TEST(CommitGateTest, MaintenanceNeverOverlapsAnIngestCommit) {
  CommitGate gate;
  std::atomic<bool> ingest_inside{false}, maintenance_inside{false}, overlap{false}, stop{false}, done{false};
  std::atomic<int> commits{0};
  std::thread ingest([&] {
    while (!done || commits < 40) {
      ++commits;
      IngestCommitScope scope(&gate);
      ingest_inside = true;
      if (maintenance_inside) overlap = true;
      std::this_thread::sleep_for(2ms);
      ingest_inside = false;
    }
  });
  int entered = 0;
  for (int i = 0; i < 5; ++i) {
    if (!gate.EnterMaintenance(10s, 10s, stop)) continue;
    ++entered;
    maintenance_inside = true;
    if (ingest_inside) overlap = true;
    std::this_thread::sleep_for(3ms);
    maintenance_inside = false;
    gate.LeaveMaintenance();
  }
  done = true;
  ingest.join();
  EXPECT_FALSE(overlap);
  EXPECT_EQ(entered, 5);
  EXPECT_EQ(gate.maintenance_commits(), 5);
  EXPECT_EQ(gate.ingest_commits(), commits.load());
  EXPECT_LE(gate.ingest_waits(), 5);  // at most one wait per maintenance commit
}

TEST(CommitGateTest, IdleIngestLetsMaintenanceInAndStopLetsItGo) {
  CommitGate gate;
  std::atomic<bool> stop{false};
  EXPECT_TRUE(gate.EnterMaintenance(1ms, 10s, stop));  // no ingest at all: idle
  gate.LeaveMaintenance();

  gate.EnterIngest();  // an ingest commit that does not end
  std::thread stopper([&] {
    std::this_thread::sleep_for(20ms);
    stop = true;
    gate.NotifyStop();
  });
  EXPECT_FALSE(gate.EnterMaintenance(1ms, 60s, stop));
  stopper.join();
  EXPECT_FALSE(gate.EnterMaintenance(1ms, 1ms, std::atomic<bool>{false}));  // gives up
  gate.LeaveIngest();
}

}  // namespace
}  // namespace firn
