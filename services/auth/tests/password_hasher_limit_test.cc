// The bound on concurrent Argon2 hashes: more callers than slots never run more than N at once,
// the rest wait their turn, and a wait ends at the caller's deadline.
#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include <gtest/gtest.h>

#include "errors/error.h"
#include "password_hasher.h"

namespace billing::auth {
namespace {

using std::chrono::milliseconds;
using std::chrono::system_clock;

TEST(ParallelLimitTest, CallerBeyondTheSlotsWaitsUntilOneIsReleased) {
  ParallelLimit limit(2);
  ASSERT_TRUE(limit.Acquire(ParallelLimit::Deadline::max()));
  ASSERT_TRUE(limit.Acquire(ParallelLimit::Deadline::max()));
  EXPECT_FALSE(limit.Acquire(system_clock::now() + milliseconds(20)));  // both slots are held

  std::atomic<bool> entered{false};
  std::thread third([&] {
    entered = limit.Acquire(ParallelLimit::Deadline::max());
    limit.Release();
  });
  limit.Release();
  third.join();
  EXPECT_TRUE(entered);
  EXPECT_EQ(limit.Peak(), 2u);
  limit.Release();
}

TEST(ParallelLimitTest, ManyCallersNeverHoldMoreThanTheSlots) {
  constexpr size_t kSlots = 3;
  ParallelLimit limit(kSlots);
  std::atomic<int> inside{0};
  std::atomic<int> most_inside{0};
  std::vector<std::thread> callers;
  for (int i = 0; i < 16; ++i) {
    callers.emplace_back([&] {
      for (int round = 0; round < 200; ++round) {
        ASSERT_TRUE(limit.Acquire(ParallelLimit::Deadline::max()));
        int now = ++inside;
        int seen = most_inside.load();
        while (now > seen && !most_inside.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::yield();
        --inside;
        limit.Release();
      }
    });
  }
  for (auto& caller : callers) caller.join();
  EXPECT_LE(most_inside.load(), static_cast<int>(kSlots));
  EXPECT_LE(limit.Peak(), kSlots);
}

TEST(PasswordHasherLimitTest, ConcurrentHashesRunAtMostMaxParallelAtOnce) {
  PasswordHasher hasher(PasswordHasher::kMinMemoryKib, 2, /*max_parallel=*/2);
  std::string hash = hasher.Hash("rahasia-123");
  std::vector<std::thread> logins;
  std::atomic<int> verified{0};
  for (int i = 0; i < 6; ++i) {
    logins.emplace_back([&] {
      if (hasher.Verify(hash, "rahasia-123")) ++verified;
    });
  }
  for (auto& login : logins) login.join();
  EXPECT_EQ(verified.load(), 6);  // every caller got its turn
  EXPECT_LE(hasher.Limit().Peak(), 2u);
}

TEST(PasswordHasherLimitTest, WaitPastTheDeadlineIsRefusedAsBusyWithoutHashing) {
  PasswordHasher hasher(PasswordHasher::kMinMemoryKib, 2, /*max_parallel=*/1);
  ParallelLimit& limit = hasher.Limit();
  ASSERT_TRUE(limit.Acquire(ParallelLimit::Deadline::max()));  // a login holds the only slot
  try {
    hasher.Verify("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", "x",
                  system_clock::now() + milliseconds(20));
    ADD_FAILURE() << "a verification ran without a free slot";
  } catch (const errors::Error& error) {
    EXPECT_EQ(error.code(), errors::Code::kUnavailable);
  }
  limit.Release();
}

// Hashes run on threads of the configured nice value, whatever the caller's priority; a job's
// exception reaches the caller.
TEST(LowPriorityThreadsTest, RunsJobsAtTheGivenNiceValue) {
  int caller = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
  LowPriorityThreads threads(2, 7);
  for (int i = 0; i < 3; ++i) {
    int seen = -100;
    threads.Run([&] { seen = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid())); });
    EXPECT_EQ(seen, std::min(caller + 7, 19));
  }
  EXPECT_EQ(getpriority(PRIO_PROCESS, static_cast<id_t>(gettid())), caller);
  EXPECT_THROW(threads.Run([] { throw std::runtime_error("job failed"); }), std::runtime_error);
}

TEST(LowPriorityThreadsTest, HashesRunOnTheLowPriorityThreads) {
  PasswordHasher hasher(PasswordHasher::kMinMemoryKib, 2, /*max_parallel=*/1, /*hash_nice=*/5);
  std::string hash = hasher.Hash("rahasia-123");
  EXPECT_TRUE(hasher.Verify(hash, "rahasia-123"));
  EXPECT_FALSE(hasher.Verify(hash, "salah"));
}

}  // namespace
}  // namespace billing::auth
