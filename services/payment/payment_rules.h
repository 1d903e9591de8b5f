// The payment decisions as plain functions: an attempt's state machine, what a verified PAID
// means for the bill(s), when a link is reused, and what reconciliation asks or closes.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "payment_records.h"

namespace billing::payment {

// pending -> paid | expired | failed; paid -> refunded. A late EXPIRED or FAILED never undoes
// PAID; a PAID after a link expired or failed is taken (money arrived, it must not be lost);
// the same status again changes nothing. Returns the next status, nullopt when nothing changes.
std::optional<PaymentStatus> NextStatus(PaymentStatus current, PaymentStatus event);

// What a verified PAID means for the bill(s) the attempt pays.
struct PaidDecision {
  bool mark_lunas = false;                       // mark every bill lunas (online, sistem)
  CheckReason needs_check = CheckReason::kNone;  // otherwise why staff must look at it
};

// Whether `amount_paid` is what was asked, or what the provider charged (a fee the customer
// carries included).
bool AmountMatches(const Attempt& attempt, int64_t amount_paid);

// `bills` as billing knows them now. The amount paid must equal what was asked (or what the
// provider charged, a fee the customer carries included); every bill must still exist and be
// unpaid, or paid already through this very payment (a retry after a crash), and still add up
// to what was asked.
PaidDecision DecidePaid(const Attempt& attempt, int64_t amount_paid,
                        const std::vector<BillView>& bills);

// Whether a bill (or all of them) paid through this attempt counts as lunas by it already.
bool PaidByThisAttempt(const BillView& bill, const Attempt& attempt);

// Whether staff can settle the attempt now: paid money kept for them ("perlu dicek") and not
// settled before.
bool CanSettle(const Attempt& attempt);

// A pending attempt's link is handed out again for the same bill(s) and amount while it stays
// valid for at least `margin` more.
bool CanReuse(const Attempt& attempt, const std::vector<int64_t>& bill_ids, int64_t amount,
              TimePoint now, std::chrono::seconds margin);

struct ReconcilePolicy {
  std::chrono::seconds ask_after{std::chrono::minutes(5)};  // age before the first question
  std::chrono::seconds ask_every{std::chrono::minutes(5)};  // between questions
  std::chrono::seconds expiry_grace{std::chrono::minutes(10)};
};

// Whether reconciliation asks the provider about `attempt` now: pending, older than ask_after,
// not asked within ask_every.
bool ShouldAsk(const Attempt& attempt, TimePoint now, const ReconcilePolicy& policy);

// Whether a pending attempt is closed as expired: its link expired more than expiry_grace ago
// and the provider, asked after it expired, still did not report it paid.
bool ShouldExpire(const Attempt& attempt, TimePoint now, const ReconcilePolicy& policy);

// Whether a paid attempt still has to mark its bill(s) lunas (the marking failed or the process
// stopped between the transition and the marking).
bool AwaitsMarking(const Attempt& attempt);

// Whether reconciliation marks a paid attempt's bill(s) again: it awaits marking and its
// transition is older than ask_after (the callback that made it is done with it by then).
bool ShouldRetryMarking(const Attempt& attempt, TimePoint now, const ReconcilePolicy& policy);

}  // namespace billing::payment
