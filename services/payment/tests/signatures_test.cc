// The crypto helpers against published test vectors (RFC 4231, FIPS 180-2, RFC 4648).
#include "providers/signatures.h"

#include <gtest/gtest.h>

namespace billing::payment {
namespace {

TEST(Signatures, HmacSha256MatchesRfc4231) {
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Signatures, Sha512MatchesFips180) {
  EXPECT_EQ(
      Sha512Hex("abc"),
      "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c2"
      "3a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
}

TEST(Signatures, Base64MatchesRfc4648) {
  EXPECT_EQ(Base64(""), "");
  EXPECT_EQ(Base64("f"), "Zg==");
  EXPECT_EQ(Base64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64("SB-Mid-server-abc:"), "U0ItTWlkLXNlcnZlci1hYmM6");
}

TEST(Signatures, ConstantTimeEqualsNeedsSameLengthAndContent) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_FALSE(ConstantTimeEquals("", ""));  // an unset token never matches an absent one
}

}  // namespace
}  // namespace billing::payment
