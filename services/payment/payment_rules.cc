// The payment decisions (payment_rules.h).
#include "payment_rules.h"

#include <algorithm>

#include "i18n/messages.h"

namespace billing::payment {

std::string_view ScopeName(Scope scope) { return scope == Scope::kBill ? "bill" : "all_unpaid"; }

std::string_view CheckReasonName(CheckReason reason) {
  switch (reason) {
    case CheckReason::kNone:
      return "";
    case CheckReason::kPaidMeanwhile:
      return "paid_meanwhile";
    case CheckReason::kAmountMismatch:
      return "amount_mismatch";
    case CheckReason::kBillMissing:
      return "bill_missing";
  }
  return "";
}

CheckReason ParseCheckReason(std::string_view name) {
  for (auto reason :
       {CheckReason::kPaidMeanwhile, CheckReason::kAmountMismatch, CheckReason::kBillMissing}) {
    if (CheckReasonName(reason) == name) return reason;
  }
  return CheckReason::kNone;
}

std::string CheckReasonText(CheckReason reason) {
  switch (reason) {
    case CheckReason::kNone:
      return "";
    case CheckReason::kPaidMeanwhile:
      return std::string(i18n::kPaymentNeedsCheck) + ": " + i18n::kPaymentPaidMeanwhile;
    case CheckReason::kAmountMismatch:
      return std::string(i18n::kPaymentNeedsCheck) + ": " + i18n::kPaymentAmountMismatch;
    case CheckReason::kBillMissing:
      return std::string(i18n::kPaymentNeedsCheck) + ": " + i18n::kPaymentBillMissing;
  }
  return "";
}

PaymentStatus ParseStatus(std::string_view name) {
  for (auto status : {PaymentStatus::kPending, PaymentStatus::kPaid, PaymentStatus::kExpired,
                      PaymentStatus::kFailed, PaymentStatus::kRefunded}) {
    if (StatusName(status) == name) return status;
  }
  return PaymentStatus::kPending;
}

std::optional<PaymentStatus> NextStatus(PaymentStatus current, PaymentStatus event) {
  using S = PaymentStatus;
  if (current == event) return std::nullopt;
  switch (current) {
    case S::kPending:
      if (event == S::kRefunded) return std::nullopt;  // nothing was paid to refund
      return event;
    case S::kExpired:
    case S::kFailed:
      if (event == S::kPaid) return event;  // paid at the last moment: keep the money
      return std::nullopt;
    case S::kPaid:
      if (event == S::kRefunded) return event;
      return std::nullopt;
    case S::kRefunded:
      return std::nullopt;
  }
  return std::nullopt;
}

bool PaidByThisAttempt(const BillView& bill, const Attempt& attempt) {
  if (!bill.paid || bill.payment_reference.empty()) return false;
  const std::string& paid_with = bill.payment_reference;
  // Billing may keep "<provider reference>/<merchant reference>" (MarkPaidOnlineRequest).
  const std::string combined = attempt.provider_reference + "/" + attempt.merchant_ref;
  return paid_with == attempt.provider_reference || paid_with == attempt.merchant_ref ||
         (!attempt.provider_reference.empty() && paid_with == combined);
}

bool CanSettle(const Attempt& attempt) {
  return attempt.needs_check != CheckReason::kNone && !attempt.settled_at;
}

bool AmountMatches(const Attempt& attempt, int64_t amount_paid) {
  return amount_paid == attempt.amount_asked ||
         (attempt.amount_charged > 0 && amount_paid == attempt.amount_charged);
}

PaidDecision DecidePaid(const Attempt& attempt, int64_t amount_paid,
                        const std::vector<BillView>& bills) {
  if (!AmountMatches(attempt, amount_paid)) return {false, CheckReason::kAmountMismatch};
  int64_t billed = 0;
  for (int64_t id : attempt.bill_ids) {
    auto bill =
        std::find_if(bills.begin(), bills.end(), [id](const BillView& b) { return b.id == id; });
    if (bill == bills.end()) return {false, CheckReason::kBillMissing};
    if (bill->paid && !PaidByThisAttempt(*bill, attempt)) {
      return {false, CheckReason::kPaidMeanwhile};
    }
    billed += bill->amount;
  }
  // A bill whose amount was edited after the link was made.
  if (billed != attempt.amount_asked) return {false, CheckReason::kAmountMismatch};
  return {true, CheckReason::kNone};
}

bool CanReuse(const Attempt& attempt, const std::vector<int64_t>& bill_ids, int64_t amount,
              TimePoint now, std::chrono::seconds margin) {
  auto sorted = bill_ids;
  std::sort(sorted.begin(), sorted.end());
  return attempt.status == PaymentStatus::kPending && !attempt.pay_url.empty() &&
         attempt.bill_ids == sorted && attempt.amount_asked == amount &&
         attempt.expires_at > now + margin;
}

bool ShouldAsk(const Attempt& attempt, TimePoint now, const ReconcilePolicy& policy) {
  if (attempt.status != PaymentStatus::kPending) return false;
  if (attempt.created_at + policy.ask_after > now) return false;
  return !attempt.checked_at || *attempt.checked_at + policy.ask_every <= now;
}

bool ShouldExpire(const Attempt& attempt, TimePoint now, const ReconcilePolicy& policy) {
  return attempt.status == PaymentStatus::kPending &&
         attempt.expires_at + policy.expiry_grace <= now && attempt.checked_at &&
         *attempt.checked_at >= attempt.expires_at;
}

bool AwaitsMarking(const Attempt& attempt) {
  return attempt.status == PaymentStatus::kPaid && !attempt.bill_marked_at &&
         attempt.needs_check == CheckReason::kNone;
}

bool ShouldRetryMarking(const Attempt& attempt, TimePoint now, const ReconcilePolicy& policy) {
  return AwaitsMarking(attempt) && attempt.updated_at + policy.ask_after <= now;
}

}  // namespace billing::payment
