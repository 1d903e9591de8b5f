// WorkerThread: the first step at once, the step's own wait cut short by Wake, the error wait
// after a throwing step, a step in flight finished by Stop, a restart after Stop.
#include "service/worker_thread.h"

#include <atomic>
#include <stdexcept>

#include <gtest/gtest.h>

namespace billing::service {
namespace {

using std::chrono::milliseconds;

constexpr auto kLong = std::chrono::hours(1);

template <typename Condition>
bool WaitFor(Condition condition) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(milliseconds(2));
  }
  return true;
}

// A thread whose every step counts and then asks to wait an hour.
class CountingThreadTest : public ::testing::Test {
 protected:
  std::atomic<int> steps{0};
  WorkerThread thread{"counter failed", kLong, [this] {
                        ++steps;
                        return milliseconds(kLong);
                      }};
};

TEST_F(CountingThreadTest, WakeRunsTheNextStepBeforeItsWaitEnds) {
  thread.Start();
  ASSERT_TRUE(WaitFor([&] { return steps == 1; }));
  thread.Wake();
  EXPECT_TRUE(WaitFor([&] { return steps == 2; }));
  thread.Stop();
}

TEST(WorkerThreadTest, AThrowingStepIsFollowedAfterTheErrorWait) {
  std::atomic<int> steps{0};
  WorkerThread thread("thrower failed", milliseconds(1), [&]() -> milliseconds {
    ++steps;
    throw std::runtime_error("boom");
  });
  thread.Start();
  EXPECT_TRUE(WaitFor([&] { return steps >= 3; }));
  thread.Stop();
}

TEST(WorkerThreadTest, StopLetsTheStepInFlightFinishAndReturnsPromptly) {
  std::atomic<bool> started{false};
  std::atomic<bool> finished{false};
  WorkerThread thread("slow failed", kLong, [&] {
    started = true;
    std::this_thread::sleep_for(milliseconds(20));
    finished = true;
    return milliseconds(kLong);
  });
  thread.Start();
  ASSERT_TRUE(WaitFor([&] { return started.load(); }));
  auto stopping = std::chrono::steady_clock::now();
  thread.Stop();
  EXPECT_TRUE(finished);
  EXPECT_LT(std::chrono::steady_clock::now() - stopping, std::chrono::seconds(5));
}

TEST_F(CountingThreadTest, StartsAgainAfterStop) {
  thread.Start();
  ASSERT_TRUE(WaitFor([&] { return steps == 1; }));
  thread.Stop();
  thread.Start();
  EXPECT_TRUE(WaitFor([&] { return steps == 2; }));
}

}  // namespace
}  // namespace billing::service
