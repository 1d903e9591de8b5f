// Configuration parsing: defaults, ranges, lists, booleans.
#include "config/env.h"

#include <cstdlib>

#include <gtest/gtest.h>

#include "redis/redis_client.h"

namespace billing::config {
namespace {

TEST(EnvTest, IntUsesDefaultAndChecksRange) {
  unsetenv("BILLING_TEST_INT");
  EXPECT_EQ(Env::Int("BILLING_TEST_INT", 7, 1, 10), 7);
  setenv("BILLING_TEST_INT", "9", 1);
  EXPECT_EQ(Env::Int("BILLING_TEST_INT", 7, 1, 10), 9);
  setenv("BILLING_TEST_INT", "11", 1);
  EXPECT_THROW(Env::Int("BILLING_TEST_INT", 7, 1, 10), ConfigError);
  setenv("BILLING_TEST_INT", "9x", 1);
  EXPECT_THROW(Env::Int("BILLING_TEST_INT", 7, 1, 10), ConfigError);
}

TEST(EnvTest, ListSplitsOnCommasAndDropsEmpties) {
  setenv("BILLING_TEST_LIST", "a:1,,b:2", 1);
  EXPECT_EQ(Env::List("BILLING_TEST_LIST", ""), (std::vector<std::string>{"a:1", "b:2"}));
  unsetenv("BILLING_TEST_LIST");
  EXPECT_EQ(Env::List("BILLING_TEST_LIST", "x:1"), (std::vector<std::string>{"x:1"}));
}

TEST(EnvTest, BoolAcceptsCommonSpellingsOnly) {
  setenv("BILLING_TEST_BOOL", "true", 1);
  EXPECT_TRUE(Env::Bool("BILLING_TEST_BOOL", false));
  setenv("BILLING_TEST_BOOL", "0", 1);
  EXPECT_FALSE(Env::Bool("BILLING_TEST_BOOL", true));
  setenv("BILLING_TEST_BOOL", "maybe", 1);
  EXPECT_THROW(Env::Bool("BILLING_TEST_BOOL", true), ConfigError);
}

TEST(EnvTest, RequiredThrowsWhenMissing) {
  unsetenv("BILLING_TEST_REQUIRED");
  EXPECT_THROW(Env::Required("BILLING_TEST_REQUIRED"), ConfigError);
}

TEST(RedisAddressTest, ParsesHostAndPort) {
  EXPECT_EQ(redis::ParseAddress("127.0.0.1:6379"),
            (std::pair<std::string, int>{"127.0.0.1", 6379}));
  EXPECT_THROW(redis::ParseAddress("localhost"), ConfigError);
  EXPECT_THROW(redis::ParseAddress("localhost:99999"), ConfigError);
}

}  // namespace
}  // namespace billing::config
