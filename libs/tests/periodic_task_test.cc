// PeriodicTask: runs at once, repeats, survives a throwing run, stops promptly.
#include "service/periodic_task.h"

#include <atomic>

#include <gtest/gtest.h>

namespace billing::service {
namespace {

TEST(PeriodicTaskTest, RunsAtOnceAndRepeatsUntilStopped) {
  std::atomic<int> runs{0};
  PeriodicTask task("counter", std::chrono::milliseconds(10), [&] { ++runs; });
  task.Start();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (runs < 3 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  task.Stop();
  int after_stop = runs;
  EXPECT_GE(after_stop, 3);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(runs, after_stop);
}

TEST(PeriodicTaskTest, AThrowingRunDoesNotEndTheTask) {
  std::atomic<int> runs{0};
  PeriodicTask task("thrower", std::chrono::milliseconds(5), [&] {
    ++runs;
    throw std::runtime_error("boom");
  });
  task.Start();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (runs < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_GE(runs, 2);
}

TEST(PeriodicTaskTest, StopDoesNotWaitForTheInterval) {
  PeriodicTask task("slow", std::chrono::hours(1), [] {});
  task.Start();
  auto started = std::chrono::steady_clock::now();
  task.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

}  // namespace
}  // namespace billing::service
