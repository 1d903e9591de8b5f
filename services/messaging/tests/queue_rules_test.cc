// The sender's pacing and retry decisions.
#include "queue_rules.h"

#include <gtest/gtest.h>

#include "i18n/messages.h"
#include "testing/settings_json.h"

namespace billing::messaging {
namespace {

using std::chrono::milliseconds;
using TimePoint = std::chrono::system_clock::time_point;

const TimePoint kNow = TimePoint() + std::chrono::hours(24 * 365 * 56);

TEST(QueueRulesTest, PaceIsTheSettingButNeverBelowTheMinimum) {
  EXPECT_EQ(SendPace(testing::WhatsAppFrom({{"pace_ms", 4000}})), milliseconds(4000));
  EXPECT_EQ(SendPace(testing::WhatsAppFrom({{"pace_ms", 200}})), kMinPace);
  EXPECT_EQ(SendPace(bills::v1::WhatsAppSettings()), milliseconds(1500));
}

TEST(QueueRulesTest, NoWaitBeforeTheFirstAttemptOrOnceThePaceHasPassed) {
  EXPECT_EQ(PaceWait(std::nullopt, milliseconds(1500), kNow), milliseconds(0));
  EXPECT_EQ(PaceWait(kNow - milliseconds(1500), milliseconds(1500), kNow), milliseconds(0));
  EXPECT_EQ(PaceWait(kNow - milliseconds(9000), milliseconds(1500), kNow), milliseconds(0));
}

TEST(QueueRulesTest, WaitsTheRestOfThePaceRoundedUp) {
  EXPECT_EQ(PaceWait(kNow - milliseconds(500), milliseconds(1500), kNow), milliseconds(1000));
  EXPECT_EQ(PaceWait(kNow - std::chrono::microseconds(500'400), milliseconds(1500), kNow),
            milliseconds(1000));
  // A last attempt stamped ahead of this clock (another replica's) waits at most the pace more.
  EXPECT_EQ(PaceWait(kNow + milliseconds(100), milliseconds(1500), kNow), milliseconds(1600));
}

SendResult Result(SendResult::Outcome outcome, const std::string& reason) {
  SendResult result;
  result.outcome = outcome;
  result.reason = reason;
  return result;
}

TEST(QueueRulesTest, ATransientFailureIsRetriedAfterTheRetryPolicysDelay) {
  RetryPolicy retry(milliseconds(5000), std::chrono::minutes(30), 3);
  AttemptOutcome first = Decide(Result(SendResult::Outcome::kRetry, "HTTP 503"), 1, retry);
  ASSERT_TRUE(first.retry_delay);
  EXPECT_EQ(*first.retry_delay, milliseconds(5000));
  EXPECT_EQ(first.result.reason, "HTTP 503");
  AttemptOutcome second = Decide(Result(SendResult::Outcome::kRetry, "HTTP 503"), 2, retry);
  ASSERT_TRUE(second.retry_delay);
  EXPECT_EQ(*second.retry_delay, milliseconds(10000));
}

TEST(QueueRulesTest, TheLastAllowedAttemptGivesUpWithAReason) {
  RetryPolicy retry(milliseconds(5000), std::chrono::minutes(30), 3);
  AttemptOutcome last = Decide(Result(SendResult::Outcome::kRetry, "HTTP 503"), 3, retry);
  EXPECT_FALSE(last.retry_delay);
  EXPECT_EQ(last.result.reason, std::string(i18n::kGaveUpPrefix) + "HTTP 503");
}

TEST(QueueRulesTest, SentAndPermanentFailuresAreNeverRetried) {
  RetryPolicy retry(milliseconds(5000), std::chrono::minutes(30), 3);
  EXPECT_FALSE(Decide(Result(SendResult::Outcome::kSent, ""), 1, retry).retry_delay);
  AttemptOutcome refused = Decide(Result(SendResult::Outcome::kPermanent, "HTTP 400"), 1, retry);
  EXPECT_FALSE(refused.retry_delay);
  EXPECT_EQ(refused.result.reason, "HTTP 400");
}

}  // namespace
}  // namespace billing::messaging
