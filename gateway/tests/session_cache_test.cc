// The session cache: answers kept within their ttl and token expiry only, bounded in size,
// dropped per user by events, and never overtaken by a stale answer.
#include "middleware/session_cache.h"

#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "domain/manual_clock.h"

namespace billing::gateway {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::seconds;

class SessionCacheTest : public ::testing::Test {
 protected:
  VerifiedSession Session(int64_t user_id, std::chrono::seconds lifetime = hours(24)) {
    VerifiedSession session;
    session.user_id = user_id;
    session.username = "user" + std::to_string(user_id);
    session.role = domain::Role::kStaff;
    session.token_id = "jti-" + std::to_string(user_id);
    session.expires_at = clock_.Now() + lifetime;
    return session;
  }
  void Put(SessionCache& cache, const std::string& token, VerifiedSession session) {
    cache.Put(SessionCache::KeyOf(token), std::move(session), cache.Generation());
  }
  bool Has(SessionCache& cache, const std::string& token) {
    return cache.Find(SessionCache::KeyOf(token)).has_value();
  }

  domain::ManualClock clock_;
  SessionCacheOptions options_{10000, milliseconds(2000)};
};

TEST_F(SessionCacheTest, KeepsTheVerifiedAnswerForItsToken) {
  SessionCache cache(options_, clock_);
  VerifiedSession session = Session(7);
  session.role = domain::Role::kAdmin;
  session.password_is_default = true;
  Put(cache, "token-a", session);
  auto found = cache.Find(SessionCache::KeyOf("token-a"));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->user_id, 7);
  EXPECT_EQ(found->username, "user7");
  EXPECT_EQ(found->role, domain::Role::kAdmin);
  EXPECT_TRUE(found->password_is_default);
  EXPECT_EQ(found->token_id, "jti-7");
  EXPECT_FALSE(Has(cache, "token-b"));
  EXPECT_FALSE(Has(cache, "token-a "));
}

TEST_F(SessionCacheTest, KeyIsTheSha256OfTheTokenNotTheToken) {
  SessionCache::Key key = SessionCache::KeyOf("abc");
  // SHA-256("abc") = ba7816bf...
  EXPECT_EQ(key[0], 0xba);
  EXPECT_EQ(key[1], 0x78);
  EXPECT_EQ(key[31], 0xad);
}

TEST_F(SessionCacheTest, AnswerIsTrustedOnlyForTheTtl) {
  SessionCache cache(options_, clock_);
  Put(cache, "token", Session(1));
  clock_.Advance(milliseconds(1999));
  EXPECT_TRUE(Has(cache, "token"));
  clock_.Advance(milliseconds(1));
  EXPECT_FALSE(Has(cache, "token"));
  EXPECT_EQ(cache.Size(), 0u);
}

TEST_F(SessionCacheTest, AnswerIsNeverTrustedPastTheTokenExpiry) {
  SessionCache cache(options_, clock_);
  Put(cache, "token", Session(1, seconds(1)));
  clock_.Advance(milliseconds(999));
  EXPECT_TRUE(Has(cache, "token"));
  clock_.Advance(milliseconds(1));
  EXPECT_FALSE(Has(cache, "token"));
  Put(cache, "expired", Session(1, seconds(0)));
  EXPECT_FALSE(Has(cache, "expired"));
}

TEST_F(SessionCacheTest, ClockGoingBackDoesNotStretchTheTrust) {
  SessionCache cache(options_, clock_);
  Put(cache, "token", Session(1));
  clock_.Advance(-seconds(10));
  EXPECT_FALSE(Has(cache, "token"));
}

TEST_F(SessionCacheTest, DropUserEndsEverySessionOfThatUserOnly) {
  SessionCache cache(options_, clock_);
  Put(cache, "first", Session(5));
  Put(cache, "second", Session(5));
  Put(cache, "other", Session(6));
  EXPECT_EQ(cache.DropUser(5), 2u);
  EXPECT_FALSE(Has(cache, "first"));
  EXPECT_FALSE(Has(cache, "second"));
  EXPECT_TRUE(Has(cache, "other"));
}

TEST_F(SessionCacheTest, UserEventsDropThatUsersSessions) {
  for (const char* action :
       {"update", "delete", "password_change", "logout", "deactivate", "role_change"}) {
    SessionCache cache(options_, clock_);
    Put(cache, "mine", Session(5));
    Put(cache, "theirs", Session(6));
    cache.OnEvent({1, "user", action, "5", "admin", "2026-11-30T00:00:00Z"});
    EXPECT_FALSE(Has(cache, "mine")) << action;
    EXPECT_TRUE(Has(cache, "theirs")) << action;
  }
}

TEST_F(SessionCacheTest, LoginsAndOtherEntitiesKeepSessions) {
  SessionCache cache(options_, clock_);
  Put(cache, "mine", Session(5));
  cache.OnEvent({1, "user", "login", "5", "user5", ""});
  cache.OnEvent({2, "customer", "delete", "5", "admin", ""});
  cache.OnEvent({3, "user", "login_failed", "", "", ""});
  EXPECT_TRUE(Has(cache, "mine"));
}

TEST_F(SessionCacheTest, SystemEventsAndUnreadableIdsDropEverything) {
  SessionCache cache(options_, clock_);
  Put(cache, "a", Session(5));
  cache.OnEvent({1, "system", "restore", "", "admin", ""});
  EXPECT_FALSE(Has(cache, "a"));
  Put(cache, "b", Session(6));
  cache.OnEvent({2, "user", "update", "not-a-number", "admin", ""});
  EXPECT_FALSE(Has(cache, "b"));
}

TEST_F(SessionCacheTest, AnswerOvertakenByADropIsNotKept) {
  SessionCache cache(options_, clock_);
  uint64_t asked_at = cache.Generation();  // auth.Verify is asked...
  cache.DropUser(5);                       // ...the user is deactivated meanwhile...
  cache.Put(SessionCache::KeyOf("token"), Session(5), asked_at);  // ...then the answer comes
  EXPECT_FALSE(Has(cache, "token"));
}

TEST_F(SessionCacheTest, AnswerOvertakenByAClearIsNotKept) {
  SessionCache cache(options_, clock_);
  uint64_t asked_at = cache.Generation();
  cache.OnEvent({1, "system", "restore", "", "admin", ""});
  cache.Put(SessionCache::KeyOf("token"), Session(5), asked_at);
  EXPECT_FALSE(Has(cache, "token"));
}

TEST_F(SessionCacheTest, AnotherUsersDropDoesNotStopCaching) {
  SessionCache cache(options_, clock_);
  uint64_t asked_at = cache.Generation();
  cache.DropUser(6);  // someone else, e.g. a wrong change-password over and over
  cache.Put(SessionCache::KeyOf("token"), Session(5), asked_at);
  EXPECT_TRUE(Has(cache, "token"));
}

TEST_F(SessionCacheTest, SizeIsBoundedAndTheLeastRecentlyUsedGoFirst) {
  SessionCache cache({64, milliseconds(2000)}, clock_);
  Put(cache, "kept", Session(1));
  for (int i = 0; i < 1000; ++i) {
    Put(cache, "token-" + std::to_string(i), Session(2));
    EXPECT_TRUE(Has(cache, "kept"));  // used all the time: never the one evicted
  }
  EXPECT_LE(cache.Size(), 64u);
  EXPECT_GT(cache.Size(), 0u);
  EXPECT_FALSE(Has(cache, "token-0"));
}

TEST_F(SessionCacheTest, ZeroSizeOrTtlCachesNothing) {
  SessionCache no_room({0, milliseconds(2000)}, clock_);
  Put(no_room, "token", Session(1));
  EXPECT_FALSE(Has(no_room, "token"));
  SessionCache no_time({100, milliseconds(0)}, clock_);
  Put(no_time, "token", Session(1));
  EXPECT_FALSE(Has(no_time, "token"));
}

TEST_F(SessionCacheTest, ManyThreadsReadWriteAndDropSafely) {
  SessionCache cache({256, milliseconds(2000)}, clock_);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        std::string token = "t" + std::to_string((t * 7 + i) % 300);
        if (!cache.Find(SessionCache::KeyOf(token))) {
          cache.Put(SessionCache::KeyOf(token), Session(i % 10), cache.Generation());
        }
        if (i % 500 == 0) cache.DropUser(t);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_LE(cache.Size(), 256u);
  cache.DropUser(3);
  for (int i = 0; i < 300; ++i) {
    auto found = cache.Find(SessionCache::KeyOf("t" + std::to_string(i)));
    if (found) {
      EXPECT_NE(found->user_id, 3);
    }
  }
}

}  // namespace
}  // namespace billing::gateway
