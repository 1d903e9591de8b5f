// PaymentStore: the payment attempts and the audit of received callbacks, behind a narrow
// interface (PostgreSQL in payment_repository.h, in memory in testing/).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "payment_records.h"
#include "rpc/caller.h"

namespace billing::payment {

// The event an Update writes with its change (the outbox row), in Indonesian for people.
struct AttemptEvent {
  std::string action;  // "payment_link", "payment_paid", "payment_expired", ...
  std::string summary;
};

class PaymentStore {
 public:
  virtual ~PaymentStore() = default;

  // Stores a pending attempt (before the provider is called, so a callback that outruns the
  // create call finds it). Throws errors::Error(already_exists) for a merchant_ref in use.
  virtual Attempt Insert(const NewAttempt& attempt) = 0;

  virtual std::optional<Attempt> Find(const std::string& merchant_ref) = 0;

  // A customer's attempts that are pending, newest first (for reusing a link).
  virtual std::vector<Attempt> Pending(int64_t customer_id) = 0;

  // A bill's attempts, newest first (what staff see on the bill).
  virtual std::vector<Attempt> ForBill(int64_t bill_id) = 0;

  // Paid attempts kept for staff ("perlu dicek"), newest first.
  virtual std::vector<Attempt> NeedingCheck() = 0;

  // Attempts matching `filter`, newest first, one page of them and the total.
  virtual AttemptPage List(const AttemptFilter& filter, int limit, int offset) = 0;

  // Staff settled a "perlu dicek" attempt: in one transaction, locks it, checks that it still
  // waits for staff (CanSettle), records who, the note and when, with the outbox row acted by
  // `by`. Throws errors::Error: not_found (no such attempt), failed_precondition (not waiting).
  virtual Attempt Settle(const Settlement& settlement, const rpc::Caller& by) = 0;

  // Every attempt reconciliation may act on: pending, or paid with the bill(s) not marked yet.
  virtual std::vector<Attempt> Open() = 0;

  // Exactly once under concurrency: in one transaction, locks the attempt (SELECT ... FOR
  // UPDATE), lets `edit` change the locked copy and, when it returns an event, writes the
  // change and its outbox row together. Returns the attempt as written, nullopt when `edit`
  // returned nullopt (nothing written). `edit` may run more than once (a retried deadlock) and
  // must not act outside the copy. Throws errors::Error(not_found) for an unknown reference.
  virtual std::optional<Attempt> Update(
      const std::string& merchant_ref,
      const std::function<std::optional<AttemptEvent>(Attempt&)>& edit) = 0;

  // When reconciliation last asked the provider (no outbox row: nothing happened).
  virtual void MarkChecked(const std::string& merchant_ref, TimePoint at) = 0;

  virtual void RecordCallback(const ReceivedCallback& callback) = 0;

  // Deletes the rows of callbacks that changed nothing (refused, unknown provider or reference)
  // received before `before`: anyone can post those. Accepted callbacks stay.
  virtual void PruneRefusedCallbacks(TimePoint before) = 0;
};

}  // namespace billing::payment
