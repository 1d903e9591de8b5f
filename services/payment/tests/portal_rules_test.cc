// The portal's rules as plain functions: code draw and verdicts, rate-limit answers, tokens,
// the isolation reason, bill order, the 12-month cut and invoice numbers.
#include "portal_rules.h"

#include <map>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "domain/manual_clock.h"

namespace billing::payment {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

bills::v1::Transaction Bill(int64_t id, const std::string& due,
                            const std::string& status = "unpaid", const std::string& paid_at = "") {
  bills::v1::Transaction bill;
  bill.set_id(id);
  bill.set_customer_id(5);
  bill.set_due_date(due);
  bill.set_status(status);
  bill.set_paid_at(paid_at);
  return bill;
}

std::vector<int64_t> Ids(const std::vector<bills::v1::Transaction>& bills) {
  std::vector<int64_t> ids;
  for (const auto& bill : bills) ids.push_back(bill.id());
  return ids;
}

TEST(PortalRulesTest, CodesAreSixDigitsAndRejectTheBiasedTail) {
  std::vector<uint32_t> words = {4294967295u, 4294000000u, 42};  // the first two are rejected
  size_t next = 0;
  EXPECT_EQ(DrawCode([&] { return words[next++]; }), "000042");
  EXPECT_EQ(next, 3u);
  EXPECT_EQ(DrawCode([] { return 3999999999u; }), "999999");
  EXPECT_TRUE(IsCodeShaped("012345"));
  EXPECT_FALSE(IsCodeShaped("12345"));
  EXPECT_FALSE(IsCodeShaped("12345a"));
  EXPECT_FALSE(IsCodeShaped("1234567"));
}

TEST(PortalRulesTest, EveryDigitIsAsLikelyInEveryPlace) {
  std::mt19937 random(12345);
  std::map<char, int> counts;
  for (int i = 0; i < 20000; ++i) {
    std::string code = DrawCode([&] { return random(); });
    ASSERT_TRUE(IsCodeShaped(code));
    for (char digit : code) ++counts[digit];
  }
  for (const auto& [digit, count] : counts) {
    EXPECT_NEAR(count, 12000, 600) << digit;
  }
  EXPECT_EQ(counts.size(), 10u);
}

class JudgeCodeTest : public ::testing::Test {
 protected:
  JudgeCodeTest() {
    code_.deliverable = true;
    code_.code_hash = "right";
    code_.created_at = now_;
    code_.expires_at = now_ + minutes(5);
  }
  PortalTime now_ = domain::UtcTime(2026, 12, 1, 10);
  PortalCode code_;
};

TEST_F(JudgeCodeTest, TheRightCodeInTimeIsAcceptedOnce) {
  EXPECT_EQ(JudgeCode(code_, "right", now_ + minutes(4), 5), CodeVerdict::kAccepted);
  EXPECT_EQ(code_.used_at, now_ + minutes(4));
  EXPECT_EQ(JudgeCode(code_, "right", now_ + minutes(4), 5), CodeVerdict::kExpired);
}

TEST_F(JudgeCodeTest, TheRightCodeTooLateIsExpired) {
  EXPECT_EQ(JudgeCode(code_, "right", now_ + minutes(5), 5), CodeVerdict::kExpired);
  EXPECT_FALSE(code_.used_at);
}

TEST_F(JudgeCodeTest, TheFifthWrongTryVoidsTheCode) {
  for (int i = 1; i <= 4; ++i) {
    EXPECT_EQ(JudgeCode(code_, "wrong", now_, 5), CodeVerdict::kWrong);
    EXPECT_EQ(code_.tries, i);
  }
  EXPECT_EQ(JudgeCode(code_, "wrong", now_, 5), CodeVerdict::kVoided);
  EXPECT_TRUE(code_.voided);
  EXPECT_EQ(JudgeCode(code_, "right", now_, 5), CodeVerdict::kVoided);
}

TEST_F(JudgeCodeTest, AnUndeliverableCodeIsNeverRightAndExpiryStaysHidden) {
  code_.deliverable = false;
  EXPECT_EQ(JudgeCode(code_, "right", now_, 5), CodeVerdict::kWrong);
  EXPECT_EQ(JudgeCode(code_, "right", now_ + minutes(10), 5), CodeVerdict::kWrong);
  code_.deliverable = true;
  EXPECT_EQ(JudgeCode(code_, "wrong", now_ + minutes(10), 5), CodeVerdict::kWrong);
}

TEST(PortalRulesTest, RetryAfterCountsToTheEndOfTheWindow) {
  PortalTime start = domain::UtcTime(2026, 12, 1, 10);
  EXPECT_EQ(RetryAfter({3, start}, 3, minutes(15), start + minutes(1)), std::nullopt);
  EXPECT_EQ(RetryAfter({4, start}, 3, minutes(15), start + minutes(1)), 14 * 60);
  EXPECT_EQ(
      RetryAfter({4, start}, 3, minutes(15), start + minutes(15) - std::chrono::milliseconds(1)),
      1);
}

TEST(PortalRulesTest, IsolationReasonIsUnpaidOnlyWithABillPastItsDueDate) {
  std::vector<bills::v1::Transaction> unpaid = {Bill(1, "2026-12-10")};
  EXPECT_EQ(IsolationReason("active", unpaid, "2026-12-20"), "");
  EXPECT_EQ(IsolationReason("isolated", unpaid, "2026-12-10"), "other");
  EXPECT_EQ(IsolationReason("isolated", unpaid, "2026-12-11"), "unpaid");
  EXPECT_EQ(IsolationReason("isolated", {}, "2026-12-11"), "other");
}

TEST(PortalRulesTest, UnpaidOldestDueFirst) {
  auto sorted =
      OldestDueFirst({Bill(3, "2026-12-10"), Bill(1, "2026-11-10"), Bill(2, "2026-12-10")});
  EXPECT_EQ(Ids(sorted), (std::vector<int64_t>{1, 2, 3}));
}

TEST(PortalRulesTest, PaidOfTheLastTwelveMonthsNewestFirst) {
  PortalTime now = domain::UtcTime(2026, 12, 1, 10);
  auto kept = PaidInLastYear(
      {Bill(1, "", "paid", "2025-12-01T09:59:59Z"), Bill(2, "", "paid", "2025-12-01T10:00:00Z"),
       Bill(3, "", "paid", "2026-11-08T03:12:00Z"), Bill(4, "", "paid", "2026-06-08T03:12:00Z")},
      now);
  EXPECT_EQ(Ids(kept), (std::vector<int64_t>{3, 4, 2}));
}

TEST(PortalRulesTest, PortalUrls) {
  EXPECT_EQ(PortalUrl("https://t.example/", "abc", 0), "https://t.example/portal/t/abc");
  EXPECT_EQ(PortalUrl("https://t.example", "abc", 981), "https://t.example/portal/t/abc?bill=981");
  EXPECT_EQ(PortalUrl("", "abc", 981), "");
}

TEST(PortalRulesTest, Base64UrlAndTokenShape) {
  EXPECT_EQ(Base64UrlEncode(""), "");
  EXPECT_EQ(Base64UrlEncode("f"), "Zg");
  EXPECT_EQ(Base64UrlEncode("fo"), "Zm8");
  EXPECT_EQ(Base64UrlEncode("foo"), "Zm9v");
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
  EXPECT_TRUE(IsTokenShaped("Zm9v-_", 6));
  EXPECT_FALSE(IsTokenShaped("Zm9v+/", 6));
  EXPECT_FALSE(IsTokenShaped("Zm9v", 6));
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(PortalRulesTest, PaymentStatusesTheCustomerSees) {
  EXPECT_EQ(PortalPaymentStatusName(PaymentStatus::kPending), "pending");
  EXPECT_EQ(PortalPaymentStatusName(PaymentStatus::kPaid), "paid");
  EXPECT_EQ(PortalPaymentStatusName(PaymentStatus::kExpired), "expired");
  EXPECT_EQ(PortalPaymentStatusName(PaymentStatus::kFailed), "failed");
  EXPECT_EQ(PortalPaymentStatusName(PaymentStatus::kRefunded), "failed");
}

}  // namespace
}  // namespace billing::payment
