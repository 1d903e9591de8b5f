// Back-off: doubles from the base, is capped, and gives up after the last attempt.
#include "retry_policy.h"

#include <gtest/gtest.h>

namespace billing::messaging {
namespace {

using std::chrono::milliseconds;

TEST(RetryPolicyTest, DoublesUpToTheCapThenGivesUp) {
  RetryPolicy policy(milliseconds(5000), milliseconds(30000), 6);
  EXPECT_EQ(policy.NextDelay(1), milliseconds(5000));
  EXPECT_EQ(policy.NextDelay(2), milliseconds(10000));
  EXPECT_EQ(policy.NextDelay(3), milliseconds(20000));
  EXPECT_EQ(policy.NextDelay(4), milliseconds(30000));
  EXPECT_EQ(policy.NextDelay(5), milliseconds(30000));
  EXPECT_EQ(policy.NextDelay(6), std::nullopt);
  EXPECT_EQ(policy.NextDelay(60), std::nullopt);
}

TEST(RetryPolicyTest, OneAttemptMeansNoRetry) {
  RetryPolicy policy(milliseconds(1000), milliseconds(1000), 1);
  EXPECT_EQ(policy.NextDelay(1), std::nullopt);
}

}  // namespace
}  // namespace billing::messaging
