// PortalAccess on in-memory fakes and a hand-set clock: sign-in codes (expiry, replacement,
// 5 tries, rate limits with Retry-After, the same answers for a matching and a non-matching
// pair), personal links (reused, hashed at rest, revocable) and sessions (30 minutes).
#include "portal_access.h"

#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "domain/manual_clock.h"
#include "portal_rules.h"
#include "portal_test_support.h"
#include "testing/fake_portal_clients.h"
#include "testing/fake_portal_store.h"

namespace billing::payment {
namespace {

using errors::Code;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::ErrorOf;

constexpr const char* kBudiPhone = "0812 3456 7890";  // 6281234567890
constexpr const char* kOtherPhone = "0899-9999-9999";

class PortalAccessTest : public ::testing::Test {
 protected:
  PortalAccessTest() : access_(store_, customers_, billing_, sender_, clock_, Options()) {
    customers_.Add(testing::Budi());
    customers_.Add(testing::Siti());
  }

  static PortalAccessOptions Options() {
    PortalAccessOptions options;
    options.link_key = std::string(32, 'k');
    return options;
  }

  // The token of a personal link url.
  static std::string TokenOf(const std::string& url) {
    auto start = url.find("/portal/t/");
    if (start == std::string::npos) return "";
    start += 10;
    return url.substr(start, url.find('?', start) - start);
  }

  bool StoreSaw(const std::string& value) const {
    auto seen = store_.SeenValues();
    return std::any_of(seen.begin(), seen.end(), [&](const std::string& stored) {
      return stored.find(value) != std::string::npos;
    });
  }

  domain::ManualClock clock_{domain::UtcTime(2026, 12, 1, 10)};
  testing::FakePortalStore store_;
  testing::FakePortalCustomers customers_;
  testing::FakePortalBilling billing_;
  testing::FakePortalCodeSender sender_;
  PortalAccess access_;
};

TEST_F(PortalAccessTest, ACodeGoesToTheCustomersPhoneAndSignsIn) {
  auto answer = access_.RequestCode("PLG-0042", kBudiPhone, "10.0.0.1");
  EXPECT_EQ(answer.resend_after, 60);
  EXPECT_EQ(answer.expires_in, 300);
  auto sent = sender_.SentCodes();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].customer_id, 42);
  EXPECT_EQ(sent[0].phone, "6281234567890");
  EXPECT_EQ(sent[0].valid_minutes, 5);
  EXPECT_TRUE(IsCodeShaped(sent[0].code));
  EXPECT_FALSE(StoreSaw(sent[0].code));  // stored hashed only

  auto session = access_.VerifyCode("42", "+62 812-3456-7890", sent[0].code, "10.0.0.1");
  EXPECT_EQ(session.expires_at, clock_.Now() + minutes(30));
  EXPECT_EQ(access_.Resolve(session.token).customer_id, 42);
  EXPECT_FALSE(StoreSaw(session.token));
}

TEST_F(PortalAccessTest, MatchingAndNonMatchingPairsGetTheSameAnswerAndWork) {
  auto matching = access_.RequestCode("PLG-0042", kBudiPhone, "10.0.0.1");
  int lookups_matching = customers_.Calls();
  auto wrong_phone = access_.RequestCode("PLG-0042", kOtherPhone, "10.0.0.2");
  auto unknown = access_.RequestCode("PLG-0777", kBudiPhone, "10.0.0.3");
  EXPECT_EQ(wrong_phone.resend_after, matching.resend_after);
  EXPECT_EQ(wrong_phone.expires_in, matching.expires_in);
  EXPECT_EQ(unknown.resend_after, matching.resend_after);
  EXPECT_EQ(unknown.expires_in, matching.expires_in);
  EXPECT_EQ(customers_.Calls(), 3 * lookups_matching);  // one lookup each
  EXPECT_EQ(sender_.SentCodes().size(), 1u);
  // A code is stored for every pair, so later answers cannot tell them apart either.
  EXPECT_TRUE(store_.Code(42, "6281234567890"));
  EXPECT_TRUE(store_.Code(42, "6289999999999"));
  EXPECT_TRUE(store_.Code(777, "6281234567890"));
}

TEST_F(PortalAccessTest, MalformedNumberOrPhoneIsInvalidArgumentWithFields) {
  auto error = ErrorOf([&] { access_.RequestCode("ABC-1", "12", "10.0.0.1"); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), Code::kInvalidArgument);
  EXPECT_EQ(error->fields().count("customer_number"), 1u);
  EXPECT_EQ(error->fields().count("phone"), 1u);
  error = ErrorOf([&] { access_.RequestCode("", kBudiPhone, "10.0.0.1"); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->fields().count("customer_number"), 1u);
  EXPECT_EQ(error->fields().count("phone"), 0u);
  EXPECT_TRUE(sender_.SentCodes().empty());
}

TEST_F(PortalAccessTest, AWrongCodeAndNoCodeAnswerAlike) {
  access_.RequestCode("PLG-0042", kBudiPhone, "10.0.0.1");
  access_.RequestCode("PLG-0043", kOtherPhone, "10.0.0.1");  // not Siti's phone
  std::string wrong = sender_.LastCode() == "000000" ? "000001" : "000000";
  auto wrong_code = ErrorOf([&] { access_.VerifyCode("PLG-0042", kBudiPhone, wrong, "a"); });
  auto non_matching = ErrorOf([&] { access_.VerifyCode("PLG-0043", kOtherPhone, wrong, "a"); });
  auto never_asked = ErrorOf([&] { access_.VerifyCode("PLG-0044", kBudiPhone, wrong, "a"); });
  auto not_digits = ErrorOf([&] { access_.VerifyCode("PLG-0042", kBudiPhone, "12a456", "a"); });
  ASSERT_TRUE(wrong_code && non_matching && never_asked && not_digits);
  for (const auto* error : {&*non_matching, &*never_asked, &*not_digits}) {
    EXPECT_EQ(error->code(), wrong_code->code());
    EXPECT_EQ(error->message(), wrong_code->message());
    EXPECT_EQ(error->fields(), wrong_code->fields());
  }
  EXPECT_EQ(wrong_code->code(), Code::kInvalidArgument);
  EXPECT_EQ(wrong_code->fields().count("code"), 1u);
}

TEST_F(PortalAccessTest, ANewCodeReplacesTheOldOne) {
  access_.RequestCode("PLG-0042", kBudiPhone, "10.0.0.1");
  std::string first = sender_.LastCode();
  clock_.Advance(seconds(61));
  access_.RequestCode("PLG-0042", kBudiPhone, "10.0.0.1");
  std::string second = sender_.LastCode();
  if (first != second) {
    auto error = ErrorOf([&] { access_.VerifyCode("PLG-0042", kBudiPhone, first, "a"); });
    ASSERT_TRUE(error);
    EXPECT_EQ(error->code(), Code::kInvalidArgument);
  }
  EXPECT_EQ(
      access_.Resolve(access_.VerifyCode("PLG-0042", kBudiPhone, second, "a").token).customer_id,
      42);
}

TEST_F(PortalAccessTest, ACodeExpiresAfterFiveMinutesAndWorksOnce) {
  access_.RequestCode("PLG-0042", kBudiPhone, "10.0.0.1");
  std::string code = sender_.LastCode();
  clock_.Advance(minutes(5));
  auto expired = ErrorOf([&] { access_.VerifyCode("PLG-0042", kBudiPhone, code, "a"); });
  ASSERT_TRUE(expired);
  EXPECT_EQ(expired->code(), Code::kFailedPrecondition);

  access_.RequestCode("PLG-0042", kBudiPhone, "10.0.0.1");
  code = sender_.LastCode();
  clock_.Advance(minutes(4) + seconds(59));
  access_.VerifyCode("PLG-0042", kBudiPhone, code, "a");
  auto used = ErrorOf([&] { access_.VerifyCode("PLG-0042", kBudiPhone, code, "a"); });
  ASSERT_TRUE(used);
  EXPECT_EQ(used->code(), Code::kFailedPrecondition);
}

TEST_F(PortalAccessTest, FiveWrongTriesVoidTheCode) {
  access_.RequestCode("PLG-0042", kBudiPhone, "10.0.0.1");
  std::string code = sender_.LastCode();
  std::string wrong = code == "000000" ? "000001" : "000000";
  for (int i = 0; i < 4; ++i) {
    auto error = ErrorOf([&] { access_.VerifyCode("PLG-0042", kBudiPhone, wrong, "a"); });
    ASSERT_TRUE(error);
    EXPECT_EQ(error->code(), Code::kInvalidArgument) << i;
  }
  auto fifth = ErrorOf([&] { access_.VerifyCode("PLG-0042", kBudiPhone, wrong, "a"); });
  ASSERT_TRUE(fifth);
  EXPECT_EQ(fifth->code(), Code::kResourceExhausted);
  EXPECT_EQ(fifth->retry_after_seconds(), 60);
  auto right = ErrorOf([&] { access_.VerifyCode("PLG-0042", kBudiPhone, code, "a"); });
  ASSERT_TRUE(right);
  EXPECT_EQ(right->code(), Code::kResourceExhausted);

  // A new code gives five new tries.
  clock_.Advance(seconds(61));
  access_.RequestCode("PLG-0042", kBudiPhone, "10.0.0.1");
  EXPECT_EQ(
      access_.Resolve(access_.VerifyCode("PLG-0042", kBudiPhone, sender_.LastCode(), "a").token)
          .customer_id,
      42);
}

TEST_F(PortalAccessTest, ANonMatchingPairIsVoidedAfterFiveTriesToo) {
  access_.RequestCode("PLG-0042", kOtherPhone, "10.0.0.1");
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(ErrorOf([&] { access_.VerifyCode("PLG-0042", kOtherPhone, "123456", "a"); })->code(),
              Code::kInvalidArgument);
  }
  auto fifth = ErrorOf([&] { access_.VerifyCode("PLG-0042", kOtherPhone, "123456", "a"); });
  ASSERT_TRUE(fifth);
  EXPECT_EQ(fifth->code(), Code::kResourceExhausted);
  EXPECT_EQ(fifth->retry_after_seconds(), 60);
}

TEST_F(PortalAccessTest, ThreeCodesPerNumberInFifteenMinutes) {
  for (int i = 0; i < 3; ++i) {
    access_.RequestCode("PLG-0042", kBudiPhone, "10.0.0." + std::to_string(i));
    clock_.Advance(minutes(1));
  }
  // The same for a pair that does not belong together: the limit is the number's.
  auto error = ErrorOf([&] { access_.RequestCode("PLG-0042", kOtherPhone, "10.0.1.1"); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), Code::kResourceExhausted);
  EXPECT_EQ(error->retry_after_seconds(), 12 * 60);
  EXPECT_EQ(sender_.SentCodes().size(), 3u);
  clock_.Advance(minutes(12));
  access_.RequestCode("PLG-0042", kBudiPhone, "10.0.1.1");
  EXPECT_EQ(sender_.SentCodes().size(), 4u);
}

TEST_F(PortalAccessTest, CodeRequestsPerAddressAreLimited) {
  const int limit = access_.limits().codes_per_address;
  ASSERT_GE(limit, 30);  // a whole RT/RW Net may share one public address
  for (int i = 0; i < limit; ++i)
    access_.RequestCode(std::to_string(100 + i), kBudiPhone, "10.9.9.9");
  auto error = ErrorOf([&] { access_.RequestCode("PLG-0042", kBudiPhone, "10.9.9.9"); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), Code::kResourceExhausted);
  EXPECT_EQ(error->retry_after_seconds(), 15 * 60);
  EXPECT_TRUE(sender_.SentCodes().empty());
  access_.RequestCode("PLG-0042", kBudiPhone, "10.9.9.8");  // another address
  EXPECT_EQ(sender_.SentCodes().size(), 1u);
}

TEST_F(PortalAccessTest, VerifiesPerAddressAreLimited) {
  const int limit = access_.limits().verifies_per_address;
  ASSERT_GE(limit, 60);
  for (int i = 0; i < limit; ++i) {
    EXPECT_EQ(ErrorOf([&] {
                access_.VerifyCode(std::to_string(100 + i), kBudiPhone, "123456", "10.9.9.9");
              })->code(),
              Code::kInvalidArgument);
  }
  auto error = ErrorOf([&] { access_.VerifyCode("PLG-0042", kBudiPhone, "123456", "10.9.9.9"); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), Code::kResourceExhausted);
  EXPECT_GT(error->retry_after_seconds(), 0);
}

TEST_F(PortalAccessTest, AFailedSendAnswersTheSame) {
  sender_.SetDown(true);
  auto answer = access_.RequestCode("PLG-0042", kBudiPhone, "10.0.0.1");
  EXPECT_EQ(answer.resend_after, 60);
  EXPECT_EQ(answer.expires_in, 300);
}

TEST_F(PortalAccessTest, ThePersonalLinkIsReusedAndStoredHashedOnly) {
  std::string url = access_.LinkUrl(42, 0);
  std::string token = TokenOf(url);
  EXPECT_EQ(url, "https://tagihan.example.net/portal/t/" + token);
  EXPECT_EQ(token.size(), 32u);  // 192 bits
  EXPECT_TRUE(IsTokenShaped(token, 32));
  EXPECT_EQ(access_.LinkUrl(42, 981), url + "?bill=981");
  EXPECT_NE(TokenOf(access_.LinkUrl(43, 0)), token);
  EXPECT_FALSE(StoreSaw(token));

  auto session = access_.OpenLink(token, "10.0.0.1");
  EXPECT_EQ(access_.Resolve(session.token).customer_id, 42);
}

TEST_F(PortalAccessTest, NoPublicUrlNoLink) {
  billing_.MutableSettings().mutable_payment()->set_public_url("");
  EXPECT_EQ(access_.LinkUrl(42, 0), "");
  EXPECT_FALSE(store_.LinkOf(42));
}

TEST_F(PortalAccessTest, ALinkForAnUnknownCustomerIsNotFound) {
  auto error = ErrorOf([&] { access_.LinkUrl(777, 0); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), Code::kNotFound);
}

TEST_F(PortalAccessTest, ARevokedLinkStopsAndEndsTheSessions) {
  std::string token = TokenOf(access_.LinkUrl(42, 0));
  auto session = access_.OpenLink(token, "10.0.0.1");
  rpc::Caller staff;
  staff.username = "admin";
  access_.RevokeLink(42, staff);
  EXPECT_EQ(store_.RevokedBy(), std::vector<std::string>{"admin"});
  auto opened = ErrorOf([&] { access_.OpenLink(token, "10.0.0.1"); });
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->code(), Code::kNotFound);
  auto resolved = ErrorOf([&] { access_.Resolve(session.token); });
  ASSERT_TRUE(resolved);
  EXPECT_EQ(resolved->code(), Code::kUnauthenticated);
  std::string fresh = TokenOf(access_.LinkUrl(42, 0));
  EXPECT_NE(fresh, token);
  access_.OpenLink(fresh, "10.0.0.1");
}

TEST_F(PortalAccessTest, UnknownAndMalformedLinksAreNotFoundAlike) {
  access_.LinkUrl(42, 0);
  for (const std::string& token :
       {std::string(32, 'A'), std::string("short"), std::string(31, 'A') + "+", std::string()}) {
    auto error = ErrorOf([&] { access_.OpenLink(token, "10.0.0.1"); });
    ASSERT_TRUE(error) << token;
    EXPECT_EQ(error->code(), Code::kNotFound);
  }
}

TEST_F(PortalAccessTest, LinkOpensPerAddressAreLimited) {
  const int limit = access_.limits().links_per_address;
  ASSERT_GE(limit, 300);
  for (int i = 0; i < limit; ++i) ErrorOf([&] { access_.OpenLink("nope", "10.9.9.9"); });
  auto error = ErrorOf([&] { access_.OpenLink("nope", "10.9.9.9"); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), Code::kResourceExhausted);
}

TEST_F(PortalAccessTest, ASessionLastsThirtyMinutesWithoutRenewal) {
  auto session = access_.OpenLink(TokenOf(access_.LinkUrl(42, 0)), "10.0.0.1");
  clock_.Advance(minutes(29));
  EXPECT_EQ(access_.Resolve(session.token).customer_id, 42);  // a use does not renew it
  clock_.Advance(minutes(1));
  auto error = ErrorOf([&] { access_.Resolve(session.token); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), Code::kUnauthenticated);
}

TEST_F(PortalAccessTest, LogoutEndsTheSessionAndCanBeRepeated) {
  auto session = access_.OpenLink(TokenOf(access_.LinkUrl(42, 0)), "10.0.0.1");
  access_.Logout(session.token);
  access_.Logout(session.token);
  access_.Logout("not a token");
  auto error = ErrorOf([&] { access_.Resolve(session.token); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), Code::kUnauthenticated);
  EXPECT_EQ(ErrorOf([&] { access_.Resolve(""); })->code(), Code::kUnauthenticated);
}

TEST_F(PortalAccessTest, PruneDropsExpiredSessions) {
  access_.OpenLink(TokenOf(access_.LinkUrl(42, 0)), "10.0.0.1");
  access_.Prune();
  EXPECT_EQ(store_.SessionCount(), 1u);
  clock_.Advance(minutes(30));
  access_.Prune();
  EXPECT_EQ(store_.SessionCount(), 0u);
}

}  // namespace
}  // namespace billing::payment
