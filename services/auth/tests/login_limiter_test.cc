// The login limit rules with a hand-set clock: who is limited, for how long, and what happens while
// the shared store (Redis) is down.
#include "login_limiter.h"

#include <gtest/gtest.h>

#include "domain/manual_clock.h"
#include "errors/error.h"

namespace billing::auth {
namespace {

using std::chrono::seconds;

// A shared store that can be switched off, as Redis can be stopped.
class SwitchableStore final : public AttemptStore {
 public:
  explicit SwitchableStore(const domain::Clock& clock) : inner(clock) {}
  int Reserve(const std::vector<CountedKey>& keys, seconds window) override {
    ++calls;
    if (down) throw errors::Unavailable("down");
    return inner.Reserve(keys, window);
  }
  void Settle(const std::vector<std::string>& release,
              const std::vector<std::string>& clear) override {
    if (down) throw errors::Unavailable("down");
    inner.Settle(release, clear);
  }
  MemoryAttemptStore inner;
  bool down = false;
  int calls = 0;
};

class LoginLimiterTest : public ::testing::Test {
 protected:
  LoginLimiterTest()
      : shared_(clock_), local_(clock_), limiter_(shared_, local_, clock_, Limits()) {}

  static LoginLimits Limits() {
    LoginLimits limits;
    limits.max_failures_per_user_address = 5;
    limits.max_failures_per_address = 20;
    limits.window = seconds(900);
    return limits;
  }

  // One login with a wrong password; false when the limiter refused it (429).
  bool Fail(const std::string& username, const std::string& address) {
    try {
      limiter_.Begin(username, address);
      return true;
    } catch (const errors::Error& e) {
      EXPECT_EQ(e.code(), errors::Code::kResourceExhausted);
      last_retry_after_ = e.retry_after_seconds();
      return false;
    }
  }

  // One login with the right password; false when refused.
  bool Succeed(const std::string& username, const std::string& address) {
    try {
      limiter_.Succeeded(limiter_.Begin(username, address));
      return true;
    } catch (const errors::Error&) {
      return false;
    }
  }

  domain::ManualClock clock_{std::chrono::system_clock::now()};
  SwitchableStore shared_;
  MemoryAttemptStore local_;
  LoginLimiter limiter_;
  int last_retry_after_ = 0;
};

TEST_F(LoginLimiterTest, FailuresFromOneAddressDoNotLockTheUserOutElsewhere) {
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(Fail("staff", "203.0.113.9"));
  EXPECT_FALSE(Fail("staff", "203.0.113.9"));
  EXPECT_FALSE(Succeed("staff", "203.0.113.9"));
  EXPECT_TRUE(Succeed("staff", "192.0.2.10"));
  EXPECT_TRUE(Succeed("STAFF", "192.0.2.10"));
}

TEST_F(LoginLimiterTest, UsernamesDifferOnlyInCaseShareTheirCounter) {
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(Fail(i % 2 ? "Staff" : "staff", "203.0.113.9"));
  EXPECT_FALSE(Fail("STAFF", "203.0.113.9"));
}

TEST_F(LoginLimiterTest, RefusalCarriesTheRestOfTheWindowAndEndsWithIt) {
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(Fail("admin", "203.0.113.9"));
  clock_.Advance(seconds(100));
  EXPECT_FALSE(Fail("admin", "203.0.113.9"));
  EXPECT_EQ(last_retry_after_, 800);
  clock_.Advance(seconds(800));
  EXPECT_TRUE(Succeed("admin", "203.0.113.9"));
}

TEST_F(LoginLimiterTest, OneAddressIsLimitedAcrossUsernames) {
  for (int i = 0; i < 20; ++i) EXPECT_TRUE(Fail("tebak" + std::to_string(i), "203.0.113.9"));
  EXPECT_FALSE(Fail("someone-new", "203.0.113.9"));
  EXPECT_FALSE(Succeed("staff", "203.0.113.9"));
  EXPECT_TRUE(Succeed("staff", "203.0.113.10"));
}

TEST_F(LoginLimiterTest, SuccessClearsThePairAndDoesNotCountForTheAddress) {
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(Fail("staff", "203.0.113.9"));
  EXPECT_TRUE(Succeed("staff", "203.0.113.9"));
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(Fail("staff", "203.0.113.9"));
  EXPECT_FALSE(Fail("staff", "203.0.113.9"));
  // 9 failures so far from the address; 30 successes use none of its remaining 11.
  for (int i = 0; i < 30; ++i) EXPECT_TRUE(Succeed("admin", "203.0.113.9"));
  for (int i = 0; i < 11; ++i) EXPECT_TRUE(Fail("x" + std::to_string(i), "203.0.113.9"));
  EXPECT_FALSE(Fail("y", "203.0.113.9"));
}

TEST_F(LoginLimiterTest, RefusedAttemptsAreNotCountedAsFailures) {
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(Fail("staff", "203.0.113.9"));
  for (int i = 0; i < 50; ++i) EXPECT_FALSE(Fail("staff", "203.0.113.9"));
  // Only the 5 checked passwords count against the address (limit 20).
  for (int i = 0; i < 15; ++i) EXPECT_TRUE(Fail("x" + std::to_string(i), "203.0.113.9"));
}

TEST_F(LoginLimiterTest, AbandonedAttemptGivesBothSlotsBack) {
  for (int i = 0; i < 10; ++i) limiter_.Abandoned(limiter_.Begin("staff", "203.0.113.9"));
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(Fail("staff", "203.0.113.9"));
}

TEST_F(LoginLimiterTest, LimitsHoldInProcessWhileTheSharedStoreIsDown) {
  shared_.down = true;
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(Fail("staff", "203.0.113.9"));
  EXPECT_FALSE(Fail("staff", "203.0.113.9"));
  EXPECT_TRUE(Succeed("staff", "192.0.2.10"));
  EXPECT_GT(local_.Size(), 0u);
}

TEST_F(LoginLimiterTest, TheSharedStoreIsRetriedAfterAPauseNotOnEveryLogin) {
  shared_.down = true;
  EXPECT_TRUE(Fail("staff", "203.0.113.9"));
  int calls = shared_.calls;
  EXPECT_TRUE(Fail("staff", "203.0.113.9"));
  EXPECT_EQ(shared_.calls, calls);
  shared_.down = false;
  clock_.Advance(seconds(6));
  EXPECT_TRUE(Succeed("admin", "203.0.113.9"));
  EXPECT_EQ(shared_.calls, calls + 1);
}

TEST(MemoryAttemptStoreTest, StaysWithinItsBoundDroppingTheSoonestToEnd) {
  domain::ManualClock clock{std::chrono::system_clock::now()};
  MemoryAttemptStore store(clock, 3);
  for (const char* key : {"a", "b", "c", "d"}) {
    EXPECT_EQ(store.Reserve({{key, 1}}, seconds(10)), 0) << key;
    clock.Advance(seconds(1));
  }
  EXPECT_EQ(store.Size(), 3u);
  EXPECT_EQ(store.Reserve({{"d", 1}}, seconds(10)), 9);  // "d" was kept, at its limit
  EXPECT_EQ(store.Reserve({{"a", 1}}, seconds(10)), 0);  // "a" ended soonest: it was dropped
  EXPECT_EQ(store.Size(), 3u);
}

TEST(MemoryAttemptStoreTest, AllOrNothing) {
  domain::ManualClock clock{std::chrono::system_clock::now()};
  MemoryAttemptStore store(clock);
  EXPECT_EQ(store.Reserve({{"pair", 1}, {"addr", 5}}, seconds(60)), 0);
  EXPECT_EQ(store.Reserve({{"pair", 1}, {"addr", 5}}, seconds(60)), 60);
  // The refused attempt did not count on "addr": four more fit.
  for (int i = 0; i < 4; ++i) EXPECT_EQ(store.Reserve({{"addr", 5}}, seconds(60)), 0);
  EXPECT_GT(store.Reserve({{"addr", 5}}, seconds(60)), 0);
}

}  // namespace
}  // namespace billing::auth
