// Token issuing and every way a forged or stale token must be refused.
#include "token_issuer.h"

#include <gtest/gtest.h>

#include "domain/manual_clock.h"
#include "errors/error.h"

namespace billing::auth {
namespace {

constexpr const char* kSecret = "0123456789abcdef0123456789abcdef0123456789abcdef";

bool Rejected(const TokenIssuer& issuer, const std::string& token) {
  try {
    issuer.Decode(token);
    return false;
  } catch (const errors::Error& e) {
    return e.code() == errors::Code::kUnauthenticated;
  }
}

std::string Base64Url(const std::string& text) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  int value = 0, bits = -6;
  for (unsigned char c : text) {
    value = (value << 8) + c;
    bits += 8;
    while (bits >= 0) {
      out.push_back(kAlphabet[(value >> bits) & 0x3F]);
      bits -= 6;
    }
  }
  if (bits > -6) out.push_back(kAlphabet[((value << 8) >> (bits + 8)) & 0x3F]);
  return out;
}

TEST(TokenIssuerTest, RoundTripsClaims) {
  domain::ManualClock clock{std::chrono::system_clock::now()};
  TokenIssuer issuer(kSecret, std::chrono::hours(24), clock);
  IssuedToken issued = issuer.Issue(7, "siti", domain::Role::kAdmin, 3);
  TokenClaims claims = issuer.Decode(issued.token);
  EXPECT_EQ(claims.user_id, 7);
  EXPECT_EQ(claims.username, "siti");
  EXPECT_EQ(claims.role, domain::Role::kAdmin);
  EXPECT_EQ(claims.token_version, 3);
  EXPECT_EQ(claims.token_id, issued.claims.token_id);
  EXPECT_EQ(claims.token_id.size(), 32u);
}

TEST(TokenIssuerTest, EachTokenHasItsOwnId) {
  domain::ManualClock clock{std::chrono::system_clock::now()};
  TokenIssuer issuer(kSecret, std::chrono::hours(1), clock);
  EXPECT_NE(issuer.Issue(1, "a", domain::Role::kStaff, 1).claims.token_id,
            issuer.Issue(1, "a", domain::Role::kStaff, 1).claims.token_id);
}

TEST(TokenIssuerTest, RejectsExpiredToken) {
  domain::ManualClock clock{std::chrono::system_clock::now()};
  TokenIssuer issuer(kSecret, std::chrono::seconds(60), clock);
  std::string token = issuer.Issue(1, "budi", domain::Role::kStaff, 1).token;
  clock.Advance(std::chrono::seconds(61));
  EXPECT_TRUE(Rejected(issuer, token));
}

TEST(TokenIssuerTest, RejectsTokenSignedWithAnotherKey) {
  domain::ManualClock clock{std::chrono::system_clock::now()};
  TokenIssuer issuer(kSecret, std::chrono::hours(1), clock);
  TokenIssuer other("another-secret-another-secret-another-secret", std::chrono::hours(1), clock);
  EXPECT_TRUE(Rejected(issuer, other.Issue(1, "budi", domain::Role::kAdmin, 1).token));
}

TEST(TokenIssuerTest, RejectsEditedPayload) {
  domain::ManualClock clock{std::chrono::system_clock::now()};
  TokenIssuer issuer(kSecret, std::chrono::hours(1), clock);
  std::string token = issuer.Issue(2, "budi", domain::Role::kStaff, 1).token;
  auto first = token.find('.'), second = token.rfind('.');
  std::string forged_payload = Base64Url(
      R"({"sub":"2","username":"budi","role":"admin","ver":1,"jti":"x","exp":9999999999})");
  std::string forged = token.substr(0, first + 1) + forged_payload + token.substr(second);
  EXPECT_TRUE(Rejected(issuer, forged));
}

TEST(TokenIssuerTest, RejectsAlgNone) {
  domain::ManualClock clock{std::chrono::system_clock::now()};
  TokenIssuer issuer(kSecret, std::chrono::hours(1), clock);
  std::string header = Base64Url(R"({"alg":"none","typ":"JWT"})");
  std::string payload = Base64Url(
      R"({"sub":"1","username":"admin","role":"admin","ver":1,"jti":"x","exp":9999999999})");
  EXPECT_TRUE(Rejected(issuer, header + "." + payload + "."));
  EXPECT_TRUE(Rejected(issuer, header + "." + payload + ".c2ln"));
}

TEST(TokenIssuerTest, RejectsGarbage) {
  domain::ManualClock clock{std::chrono::system_clock::now()};
  TokenIssuer issuer(kSecret, std::chrono::hours(1), clock);
  for (const char* garbage :
       {"", "abc", "a.b.c", "....", "eyJhbGciOiJIUzI1NiJ9..", "\xff\xfe.\x01.x"}) {
    EXPECT_TRUE(Rejected(issuer, garbage)) << garbage;
  }
  EXPECT_TRUE(Rejected(issuer, std::string(10000, 'a')));
}

}  // namespace
}  // namespace billing::auth
