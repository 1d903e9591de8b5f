// With a 2-second token lifetime, a token stops working by itself once it expires.
#include <chrono>

#include <gtest/gtest.h>

#include "stack.h"

namespace billing::testing {
namespace {

TEST(AuthSessionExpiryTest, ExpiredTokenIsRefusedWithTheErrorShape) {
  std::string token = Login("admin", "admin123");
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(Stack().Http().Get("/api/auth/verify", token).status, 200);
  bool expired =
      WaitFor([&] { return Stack().Http().Get("/api/auth/verify", token).status == 401; },
              std::chrono::seconds(15), "token to expire");
  ASSERT_TRUE(expired);
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Get("/api/users", token), 401, "unauthenticated"));
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  // One test, which starts from the seed anyway: a reset before it would only cost time.
  billing::testing::UseFullStack(&argc, argv, {{"TOKEN_TTL_SECONDS", "2"}},
                                 billing::testing::TestData::kShared);
  return RUN_ALL_TESTS();
}
