// Argon2id hashing: standard encoded form, salted, minimum parameters enforced.
#include "password_hasher.h"

#include <gtest/gtest.h>

namespace billing::auth {
namespace {

TEST(PasswordHasherTest, HashesInArgon2idEncodedFormWithAtLeastOwaspParameters) {
  PasswordHasher hasher(1024, 1);  // below the floor: raised to m=19456, t=2
  std::string hash = hasher.Hash("admin123");
  EXPECT_EQ(hash.rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << hash;
}

TEST(PasswordHasherTest, VerifiesOnlyTheRightPassword) {
  PasswordHasher hasher(PasswordHasher::kMinMemoryKib, 2);
  std::string hash = hasher.Hash("rahasia-123");
  EXPECT_TRUE(hasher.Verify(hash, "rahasia-123"));
  EXPECT_FALSE(hasher.Verify(hash, "rahasia-124"));
  EXPECT_FALSE(hasher.Verify(hash, ""));
}

TEST(PasswordHasherTest, SaltsEveryHash) {
  PasswordHasher hasher(PasswordHasher::kMinMemoryKib, 2);
  EXPECT_NE(hasher.Hash("same"), hasher.Hash("same"));
}

TEST(PasswordHasherTest, MalformedHashNeverVerifies) {
  PasswordHasher hasher(PasswordHasher::kMinMemoryKib, 2);
  EXPECT_FALSE(hasher.Verify("", "x"));
  EXPECT_FALSE(hasher.Verify("$argon2id$garbage", "x"));
}

}  // namespace
}  // namespace billing::auth
