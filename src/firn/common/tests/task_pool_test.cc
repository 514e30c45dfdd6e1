// TaskPool / SerialTask: one owner's tasks never overlap and run in order, several owners
// share the threads, the first error is kept and stops later tasks, destruction waits.
#include "firn/common/task_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

namespace firn {
namespace {

using namespace std::chrono_literals;

TEST(TaskPoolTest, AnOwnersTasksRunInOrderAndNeverOverlap) {
  TaskPool pool(3);
  constexpr int kOwners = 4, kTasks = 200;
  std::vector<std::unique_ptr<SerialTask>> lanes;
  std::vector<std::vector<int>> seen(kOwners);
  std::vector<std::atomic<int>> inside(kOwners);
  std::atomic<bool> overlap{false};
  for (int o = 0; o < kOwners; ++o) lanes.push_back(std::make_unique<SerialTask>(pool));
  for (int i = 0; i < kTasks; ++i) {
    for (int o = 0; o < kOwners; ++o) {
      ASSERT_TRUE(lanes[o]->Start([&, o, i]() -> Status {
        if (inside[o].fetch_add(1) != 0) overlap = true;
        if (i % 50 == 0) std::this_thread::sleep_for(1ms);
        seen[o].push_back(i);  // unsynchronised on purpose: overlap would be a race (TSan/ASan)
        inside[o].fetch_sub(1);
        return OkStatus();
      }));
    }
  }
  for (auto& lane : lanes) ASSERT_TRUE(lane->Wait());
  EXPECT_FALSE(overlap);
  for (int o = 0; o < kOwners; ++o) {
    ASSERT_EQ(seen[o].size(), static_cast<size_t>(kTasks));
    for (int i = 0; i < kTasks; ++i) EXPECT_EQ(seen[o][i], i);
  }
}

TEST(TaskPoolTest, StartReturnsAtOnceAndTheTaskRunsOnAnotherThread) {
  TaskPool pool(1);
  SerialTask lane(pool);
  std::atomic<bool> release{false}, ran{false};
  std::thread::id where;
  ASSERT_TRUE(lane.Start([&]() -> Status {
    where = std::this_thread::get_id();
    while (!release) std::this_thread::sleep_for(1ms);
    ran = true;
    return OkStatus();
  }));
  EXPECT_TRUE(lane.busy());  // still held by `release`: Start did not wait for it
  EXPECT_FALSE(ran);
  release = true;
  ASSERT_TRUE(lane.Wait());
  EXPECT_TRUE(ran);
  EXPECT_FALSE(lane.busy());
  EXPECT_NE(where, std::this_thread::get_id());
}

TEST(TaskPoolTest, TheFirstErrorIsKeptAndStopsLaterTasks) {
  TaskPool pool(2);
  SerialTask lane(pool);
  int runs = 0;
  ASSERT_TRUE(lane.Start([&]() -> Status {
    ++runs;
    return IOError("disk full (first)");
  }));
  Status next = lane.Start([&]() -> Status {
    ++runs;
    return OkStatus();
  });
  ASSERT_FALSE(next);
  EXPECT_NE(next.error().message().find("disk full (first)"), std::string::npos);
  Status waited = lane.Wait();
  ASSERT_FALSE(waited);
  EXPECT_EQ(waited.error().kind(), ErrorKind::kIOError);
  EXPECT_EQ(runs, 1);
  lane.Reset();
  ASSERT_TRUE(lane.Start([&]() -> Status {
    ++runs;
    return OkStatus();
  }));
  ASSERT_TRUE(lane.Wait());
  EXPECT_EQ(runs, 2);
}

TEST(TaskPoolTest, DestructionWaitsForTheTaskInFlight) {
  TaskPool pool(1);
  auto state = std::make_unique<int>(0);
  {
    SerialTask lane(pool);
    ASSERT_TRUE(lane.Start([&]() -> Status {
      std::this_thread::sleep_for(20ms);
      *state = 7;  // `state` is still alive: the lane's destructor waits for this
      return OkStatus();
    }));
  }
  EXPECT_EQ(*state, 7);
}

TEST(TaskPoolTest, ThePoolRunsWhatIsQueuedBeforeItStops) {
  std::atomic<int> ran{0};
  {
    TaskPool pool(2);
    for (int i = 0; i < 100; ++i) pool.Submit([&] { ++ran; });
  }
  EXPECT_EQ(ran, 100);
}

}  // namespace
}  // namespace firn
