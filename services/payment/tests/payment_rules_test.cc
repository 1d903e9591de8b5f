// The payment rules: state machine, what a PAID means for the bill, link reuse, reconciliation.
#include "payment_rules.h"

#include <gtest/gtest.h>

#include "domain/manual_clock.h"

namespace billing::payment {
namespace {

using S = PaymentStatus;
using std::chrono::minutes;

const TimePoint kNow = domain::UtcTime(2026, 12, 1, 10);

Attempt PendingAttempt() {
  Attempt a;
  a.merchant_ref = "PAY1";
  a.provider = "tripay";
  a.provider_reference = "T-PAY1";
  a.bill_ids = {7, 9};
  a.amount_asked = 300000;
  a.pay_url = "https://pay.example/PAY1";
  a.created_at = kNow - minutes(30);
  a.updated_at = a.created_at;
  a.expires_at = kNow + std::chrono::hours(23);
  return a;
}

BillView Bill(int64_t id, int64_t amount, bool paid = false, std::string reference = "") {
  BillView bill;
  bill.id = id;
  bill.amount = amount;
  bill.paid = paid;
  bill.payment_reference = std::move(reference);
  return bill;
}

TEST(PaymentRulesTest, PendingMovesToEveryOutcome) {
  EXPECT_EQ(NextStatus(S::kPending, S::kPaid), S::kPaid);
  EXPECT_EQ(NextStatus(S::kPending, S::kExpired), S::kExpired);
  EXPECT_EQ(NextStatus(S::kPending, S::kFailed), S::kFailed);
  EXPECT_EQ(NextStatus(S::kPaid, S::kRefunded), S::kRefunded);
}

TEST(PaymentRulesTest, LateExpiredOrFailedNeverUndoesPaid) {
  EXPECT_EQ(NextStatus(S::kPaid, S::kExpired), std::nullopt);
  EXPECT_EQ(NextStatus(S::kPaid, S::kFailed), std::nullopt);
  EXPECT_EQ(NextStatus(S::kPaid, S::kPending), std::nullopt);
  EXPECT_EQ(NextStatus(S::kRefunded, S::kPaid), std::nullopt);
}

TEST(PaymentRulesTest, SameEventTwiceChangesNothing) {
  for (auto status : {S::kPending, S::kPaid, S::kExpired, S::kFailed, S::kRefunded}) {
    EXPECT_EQ(NextStatus(status, status), std::nullopt) << StatusName(status);
  }
}

TEST(PaymentRulesTest, RefundWithoutPaymentIsIgnored) {
  EXPECT_EQ(NextStatus(S::kPending, S::kRefunded), std::nullopt);
  EXPECT_EQ(NextStatus(S::kExpired, S::kRefunded), std::nullopt);
}

TEST(PaymentRulesTest, PaidAfterExpiryIsKeptNotLost) {
  EXPECT_EQ(NextStatus(S::kExpired, S::kPaid), S::kPaid);
  EXPECT_EQ(NextStatus(S::kFailed, S::kPaid), S::kPaid);
  EXPECT_EQ(NextStatus(S::kExpired, S::kFailed), std::nullopt);
}

TEST(PaymentRulesTest, ExactAmountOnUnpaidBillsMarksLunas) {
  auto d = DecidePaid(PendingAttempt(), 300000, {Bill(7, 100000), Bill(9, 200000)});
  EXPECT_TRUE(d.mark_lunas);
  EXPECT_EQ(d.needs_check, CheckReason::kNone);
}

TEST(PaymentRulesTest, AmountWithTheCustomersFeeCounts) {
  auto a = PendingAttempt();
  a.amount_charged = 304250;
  EXPECT_TRUE(DecidePaid(a, 304250, {Bill(7, 100000), Bill(9, 200000)}).mark_lunas);
}

TEST(PaymentRulesTest, DifferentAmountNeedsCheck) {
  auto d = DecidePaid(PendingAttempt(), 299999, {Bill(7, 100000), Bill(9, 200000)});
  EXPECT_FALSE(d.mark_lunas);
  EXPECT_EQ(d.needs_check, CheckReason::kAmountMismatch);
}

TEST(PaymentRulesTest, BillPaidAtTheCounterMeanwhileNeedsCheck) {
  auto d = DecidePaid(PendingAttempt(), 300000, {Bill(7, 100000), Bill(9, 200000, true)});
  EXPECT_FALSE(d.mark_lunas);
  EXPECT_EQ(d.needs_check, CheckReason::kPaidMeanwhile);
}

TEST(PaymentRulesTest, BillPaidByThisSamePaymentIsNotAConflict) {
  auto d = DecidePaid(PendingAttempt(), 300000, {Bill(7, 100000, true, "T-PAY1"), Bill(9, 200000)});
  EXPECT_TRUE(d.mark_lunas);
}

TEST(PaymentRulesTest, BillPaidWithBothReferencesCountsAsThisPayment) {
  // MarkPaidOnline lets billing keep "<provider reference>/<merchant reference>".
  EXPECT_TRUE(PaidByThisAttempt(Bill(7, 100000, true, "T-PAY1/PAY1"), PendingAttempt()));
  EXPECT_TRUE(PaidByThisAttempt(Bill(7, 100000, true, "PAY1"), PendingAttempt()));
  EXPECT_FALSE(PaidByThisAttempt(Bill(7, 100000, true, "T-PAY2/PAY2"), PendingAttempt()));
  EXPECT_FALSE(PaidByThisAttempt(Bill(7, 100000, true, "/PAY1x"), PendingAttempt()));
  EXPECT_FALSE(PaidByThisAttempt(Bill(7, 100000, true, ""), PendingAttempt()));
  auto without_provider_reference = PendingAttempt();
  without_provider_reference.provider_reference.clear();
  EXPECT_FALSE(PaidByThisAttempt(Bill(7, 100000, true, "/PAY1"), without_provider_reference));
}

TEST(PaymentRulesTest, OnlyAPaymentKeptForStaffCanBeSettledAndOnlyOnce) {
  auto attempt = PendingAttempt();
  EXPECT_FALSE(CanSettle(attempt));
  attempt.status = S::kPaid;
  EXPECT_FALSE(CanSettle(attempt));
  attempt.needs_check = CheckReason::kAmountMismatch;
  EXPECT_TRUE(CanSettle(attempt));
  attempt.settled_at = kNow;
  EXPECT_FALSE(CanSettle(attempt));
}

TEST(PaymentRulesTest, BillAmountEditedAfterTheLinkNeedsCheck) {
  EXPECT_EQ(DecidePaid(PendingAttempt(), 300000, {Bill(7, 100000), Bill(9, 250000)}).needs_check,
            CheckReason::kAmountMismatch);
}

TEST(PaymentRulesTest, MissingBillNeedsCheck) {
  EXPECT_EQ(DecidePaid(PendingAttempt(), 300000, {Bill(7, 100000)}).needs_check,
            CheckReason::kBillMissing);
}

TEST(PaymentRulesTest, ValidLinkForTheSameBillsAndAmountIsReused) {
  EXPECT_TRUE(CanReuse(PendingAttempt(), {9, 7}, 300000, kNow, minutes(30)));
}

TEST(PaymentRulesTest, LinkIsNotReusedWhenAnythingDiffers) {
  auto a = PendingAttempt();
  EXPECT_FALSE(CanReuse(a, {7}, 300000, kNow, minutes(30)));
  EXPECT_FALSE(CanReuse(a, {7, 9}, 350000, kNow, minutes(30)));
  a.expires_at = kNow + minutes(20);
  EXPECT_FALSE(CanReuse(a, {7, 9}, 300000, kNow, minutes(30)));
  a = PendingAttempt();
  a.status = S::kPaid;
  EXPECT_FALSE(CanReuse(a, {7, 9}, 300000, kNow, minutes(30)));
  a = PendingAttempt();
  a.pay_url.clear();  // the create call never returned
  EXPECT_FALSE(CanReuse(a, {7, 9}, 300000, kNow, minutes(30)));
}

TEST(PaymentRulesTest, ReconciliationAsksOldPendingAttemptsNotAskedLately) {
  ReconcilePolicy policy;
  auto a = PendingAttempt();
  EXPECT_TRUE(ShouldAsk(a, kNow, policy));
  a.created_at = kNow - minutes(2);
  EXPECT_FALSE(ShouldAsk(a, kNow, policy));  // too young: its callback may still come
  a = PendingAttempt();
  a.checked_at = kNow - minutes(2);
  EXPECT_FALSE(ShouldAsk(a, kNow, policy));
  a.checked_at = kNow - minutes(5);
  EXPECT_TRUE(ShouldAsk(a, kNow, policy));
  a.status = S::kPaid;
  EXPECT_FALSE(ShouldAsk(a, kNow, policy));
}

TEST(PaymentRulesTest, ExpiresOnlyAfterGraceAndAProviderAnswerAfterExpiry) {
  ReconcilePolicy policy;
  auto a = PendingAttempt();
  a.expires_at = kNow - minutes(30);
  EXPECT_FALSE(ShouldExpire(a, kNow, policy));  // never asked
  a.checked_at = kNow - minutes(40);
  EXPECT_FALSE(ShouldExpire(a, kNow, policy));  // asked before it expired
  a.checked_at = kNow;
  EXPECT_TRUE(ShouldExpire(a, kNow, policy));
  a.expires_at = kNow - minutes(5);
  EXPECT_FALSE(ShouldExpire(a, kNow, policy));  // within the grace
}

TEST(PaymentRulesTest, MarkingIsRetriedOnlyForPaidUnmarkedAttemptsNotNeedingCheck) {
  ReconcilePolicy policy;
  auto a = PendingAttempt();
  a.status = S::kPaid;
  a.updated_at = kNow - minutes(10);
  EXPECT_TRUE(ShouldRetryMarking(a, kNow, policy));
  a.updated_at = kNow;
  EXPECT_FALSE(ShouldRetryMarking(a, kNow, policy));  // its callback is still at it
  a.updated_at = kNow - minutes(10);
  a.needs_check = CheckReason::kAmountMismatch;
  EXPECT_FALSE(ShouldRetryMarking(a, kNow, policy));
  a.needs_check = CheckReason::kNone;
  a.bill_marked_at = kNow;
  EXPECT_FALSE(ShouldRetryMarking(a, kNow, policy));
}

TEST(PaymentRulesTest, NeedsCheckReasonsRoundTripAndReadInIndonesian) {
  for (auto r :
       {CheckReason::kPaidMeanwhile, CheckReason::kAmountMismatch, CheckReason::kBillMissing}) {
    EXPECT_EQ(ParseCheckReason(CheckReasonName(r)), r);
    EXPECT_EQ(CheckReasonText(r).rfind("Perlu dicek", 0), 0u) << CheckReasonText(r);
  }
}

}  // namespace
}  // namespace billing::payment
