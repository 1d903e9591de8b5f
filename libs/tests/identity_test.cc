// Unit tests of the service identity token (rpc/identity.h) and the channels' retry rule.
#include "rpc/identity.h"

#include <set>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "rpc/server.h"

namespace billing::rpc {
namespace {

using std::chrono::seconds;
using std::chrono::system_clock;

const std::string kKey = "0123456789abcdef0123456789abcdef-suite-key";
const std::string kOtherKey = "fedcba9876543210fedcba9876543210-other-key";

system_clock::time_point At(int64_t unix_seconds) {
  return system_clock::time_point(seconds(unix_seconds));
}

IdentityClaims Claims() {
  IdentityClaims claims;
  claims.service = "gateway";
  claims.issued_at = 1'000'000;
  claims.expires_at = 1'000'060;
  claims.user_id = 7;
  claims.username = "kasir";
  claims.role = "staff";
  claims.request_id = "req-1";
  claims.client_ip = "203.0.113.9";
  return claims;
}

TEST(ServiceIdentity, ValidTokenCarriesEveryClaim) {
  auto claims = VerifyIdentity(SignIdentity(Claims(), kKey), kKey, At(1'000'010));
  ASSERT_TRUE(claims.has_value());
  EXPECT_EQ(claims->service, "gateway");
  EXPECT_EQ(claims->issued_at, 1'000'000);
  EXPECT_EQ(claims->expires_at, 1'000'060);
  EXPECT_EQ(claims->user_id, 7);
  EXPECT_EQ(claims->username, "kasir");
  EXPECT_EQ(claims->role, "staff");
  EXPECT_EQ(claims->request_id, "req-1");
  EXPECT_EQ(claims->client_ip, "203.0.113.9");
}

// The signature is plain HMAC-SHA256 of the signed part, whichever keys this thread used before
// (the key schedule is kept per thread and must follow a change of key).
TEST(ServiceIdentity, SignatureIsTheHmacOfTheSignedPartAcrossKeyChanges) {
  auto one_shot = [](const std::string& key, const std::string& message) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
    std::string raw(reinterpret_cast<const char*>(digest), length);
    std::string text;  // base64url without padding, as the token carries it
    const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    uint32_t buffer = 0;
    int bits = 0;
    for (unsigned char c : raw) {
      buffer = (buffer << 8) | c;
      bits += 8;
      while (bits >= 6) {
        bits -= 6;
        text.push_back(alphabet[(buffer >> bits) & 0x3f]);
      }
    }
    if (bits > 0) text.push_back(alphabet[(buffer << (6 - bits)) & 0x3f]);
    return text;
  };
  for (const std::string& key : {kKey, kOtherKey, kKey, kKey, kOtherKey}) {
    std::string token = SignIdentity(Claims(), key);
    size_t dot = token.rfind('.');
    ASSERT_NE(dot, std::string::npos);
    EXPECT_EQ(token.substr(dot + 1), one_shot(key, token.substr(0, dot)));
    EXPECT_TRUE(VerifyIdentity(token, key, At(1'000'010)).has_value());
    EXPECT_FALSE(VerifyIdentity(token, key == kKey ? kOtherKey : kKey, At(1'000'010)).has_value());
  }
}

TEST(ServiceIdentity, ExpiredTokenIsRefused) {
  std::string token = SignIdentity(Claims(), kKey);
  EXPECT_TRUE(VerifyIdentity(token, kKey, At(1'000'059)).has_value());
  EXPECT_FALSE(VerifyIdentity(token, kKey, At(1'000'060)).has_value());
  EXPECT_FALSE(VerifyIdentity(token, kKey, At(2'000'000)).has_value());
}

TEST(ServiceIdentity, TokenFromTheFutureIsRefused) {
  EXPECT_FALSE(VerifyIdentity(SignIdentity(Claims(), kKey), kKey, At(999'000)).has_value());
}

TEST(ServiceIdentity, OverlongLifetimeIsRefused) {
  IdentityClaims claims = Claims();
  claims.expires_at = claims.issued_at + 24 * 3600;
  EXPECT_FALSE(VerifyIdentity(SignIdentity(claims, kKey), kKey, At(1'000'010)).has_value());
}

TEST(ServiceIdentity, WrongKeyIsRefused) {
  EXPECT_FALSE(VerifyIdentity(SignIdentity(Claims(), kOtherKey), kKey, At(1'000'010)).has_value());
}

TEST(ServiceIdentity, ShortKeyNeitherVerifiesNorInstalls) {
  std::string short_key = "too-short";
  EXPECT_FALSE(
      VerifyIdentity(SignIdentity(Claims(), short_key), short_key, At(1'000'010)).has_value());
  EXPECT_THROW(InstallServiceIdentity("gateway", short_key), std::invalid_argument);
}

TEST(ServiceIdentity, BadSignatureIsRefused) {
  std::string token = SignIdentity(Claims(), kKey);
  std::string flipped = token;
  flipped.back() = flipped.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(VerifyIdentity(flipped, kKey, At(1'000'010)).has_value());
  std::string unsigned_token = token.substr(0, token.rfind('.') + 1);
  EXPECT_FALSE(VerifyIdentity(unsigned_token, kKey, At(1'000'010)).has_value());
}

TEST(ServiceIdentity, TamperedClaimIsRefused) {
  // Re-encode the claims with role admin but keep the original signature.
  std::string token = SignIdentity(Claims(), kKey);
  IdentityClaims forged_claims = Claims();
  forged_claims.role = "admin";
  std::string forged = SignIdentity(forged_claims, kKey);
  std::string spliced = forged.substr(0, forged.rfind('.')) + token.substr(token.rfind('.'));
  EXPECT_FALSE(VerifyIdentity(spliced, kKey, At(1'000'010)).has_value());
}

TEST(ServiceIdentity, MissingOrMalformedTokenIsRefused) {
  for (std::string token :
       {std::string(), std::string("v1."), std::string("v1.."), std::string("garbage"),
        std::string("v2.abc.def"), std::string(5000, 'a')}) {
    EXPECT_FALSE(VerifyIdentity(token, kKey, At(1'000'010)).has_value()) << token.substr(0, 20);
  }
}

TEST(ServiceIdentity, TokenWithoutServiceIsRefused) {
  IdentityClaims claims = Claims();
  claims.service.clear();
  EXPECT_FALSE(VerifyIdentity(SignIdentity(claims, kKey), kKey, At(1'000'010)).has_value());
}

TEST(ServiceIdentity, InstalledIdentitySignsWhatItVerifies) {
  InstallServiceIdentity("network", kKey);
  auto claims = VerifyIncomingIdentity(IssueIdentity(0, "", "", "req-9", ""));
  ASSERT_TRUE(claims.has_value());
  EXPECT_EQ(claims->service, "network");
  EXPECT_EQ(claims->user_id, 0);
  EXPECT_EQ(claims->expires_at - claims->issued_at, kIdentityLifetime.count());
  EXPECT_FALSE(VerifyIncomingIdentity(SignIdentity(Claims(), kOtherKey)).has_value());
}

// Only reads and idempotent methods retry on UNAVAILABLE; a write is tried once.
TEST(ChannelRetryPolicy, RetriesReadsButNoWrite) {
  nlohmann::json config = nlohmann::json::parse(ChannelServiceConfig());
  ASSERT_EQ(config["methodConfig"].size(), 1u);
  const auto& method_config = config["methodConfig"][0];
  EXPECT_EQ(method_config["retryPolicy"]["retryableStatusCodes"],
            nlohmann::json::array({"UNAVAILABLE"}));
  std::set<std::string> retried;
  for (const auto& name : method_config["name"]) {
    ASSERT_TRUE(name.contains("service") && name.contains("method")) << name.dump();
    retried.insert(name["service"].get<std::string>() + "/" + name["method"].get<std::string>());
  }
  EXPECT_TRUE(retried.count("billing.bills.v1.BillingService/ListTransactions"));
  EXPECT_TRUE(retried.count("billing.customer.v1.CustomerService/ListBillable"));
  EXPECT_TRUE(retried.count("billing.bills.v1.BillingService/MarkPaidOnline"));  // idempotent
  for (const char* write :
       {"billing.bills.v1.BillingService/CreateTransaction",
        "billing.bills.v1.BillingService/MarkPaid",
        "billing.customer.v1.CustomerService/CreateCustomer",
        "billing.auth.v1.AuthService/CreateUser", "billing.auth.v1.AuthService/Login",
        "billing.messaging.v1.MessagingService/SendBilling",
        "billing.messaging.v1.MessagingService/StartBroadcast",
        "billing.messaging.v1.MessagingService/SendPortalCode",
        "billing.backup.v1.BackupService/Restore"}) {
    EXPECT_FALSE(retried.count(write)) << write;
  }
}

}  // namespace
}  // namespace billing::rpc
