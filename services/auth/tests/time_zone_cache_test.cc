// The time zone auth reads from billing: asked once per bound, the last answer kept on failure.
#include "time_zone_cache.h"

#include <stdexcept>

#include <gtest/gtest.h>

#include "domain/manual_clock.h"

namespace billing::auth {
namespace {

using std::chrono::seconds;

class TimeZoneCacheTest : public ::testing::Test {
 protected:
  std::string Fetch() {
    ++calls;
    if (billing_down) throw std::runtime_error("billing unavailable");
    return billing_zone;
  }

  domain::ManualClock clock;
  std::string billing_zone = "Asia/Jakarta";
  bool billing_down = false;
  int calls = 0;
  TimeZoneCache cache{[this] { return Fetch(); }, clock, seconds(60)};
};

TEST_F(TimeZoneCacheTest, AsksTheOwnerOncePerBound) {
  EXPECT_EQ(cache.TimeZone(), "Asia/Jakarta");
  billing_zone = "Asia/Jayapura";
  clock.Advance(seconds(59));
  EXPECT_EQ(cache.TimeZone(), "Asia/Jakarta");
  EXPECT_EQ(calls, 1);
  clock.Advance(seconds(1));
  EXPECT_EQ(cache.TimeZone(), "Asia/Jayapura");
  EXPECT_EQ(calls, 2);
}

TEST_F(TimeZoneCacheTest, KeepsTheLastAnswerWhileTheOwnerIsDown) {
  EXPECT_EQ(cache.TimeZone(), "Asia/Jakarta");
  billing_down = true;
  clock.Advance(seconds(61));
  EXPECT_EQ(cache.TimeZone(), "Asia/Jakarta");
  EXPECT_EQ(cache.TimeZone(), "Asia/Jakarta");
  EXPECT_EQ(calls, 2);  // the failed refresh waits another bound before asking again
}

TEST_F(TimeZoneCacheTest, WithoutAnyAnswerTheFailureReachesTheCaller) {
  billing_down = true;
  EXPECT_THROW(cache.TimeZone(), std::runtime_error);
  billing_down = false;
  EXPECT_EQ(cache.TimeZone(), "Asia/Jakarta");
}

}  // namespace
}  // namespace billing::auth
