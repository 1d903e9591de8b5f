// PaymentStore in memory, with the database's rules: merchant_ref unique, Update serialised per
// store (as the row lock serialises it per attempt), an event per written change.
#pragma once

#include <algorithm>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "errors/error.h"
#include "payment_rules.h"
#include "payment_store.h"

namespace billing::payment::testing {

class FakePaymentStore final : public PaymentStore {
 public:
  Attempt Insert(const NewAttempt& n) override {
    std::lock_guard lock(mutex_);
    if (attempts_.count(n.merchant_ref) > 0) throw errors::AlreadyExists("merchant_ref in use");
    Attempt a;
    a.id = static_cast<int64_t>(attempts_.size()) + 1;
    a.merchant_ref = n.merchant_ref;
    a.provider = n.provider;
    a.customer_id = n.customer_id;
    a.scope = n.scope;
    a.bill_ids = n.bill_ids;
    a.amount_asked = n.amount_asked;
    a.expires_at = n.expires_at;
    a.created_at = n.created_at;
    a.updated_at = n.created_at;
    attempts_[a.merchant_ref] = a;
    return a;
  }

  std::optional<Attempt> Find(const std::string& merchant_ref) override {
    std::lock_guard lock(mutex_);
    auto it = attempts_.find(merchant_ref);
    if (it == attempts_.end()) return std::nullopt;
    return it->second;
  }

  std::vector<Attempt> Pending(int64_t customer_id) override {
    return Select([&](const Attempt& a) {
      return a.customer_id == customer_id && a.status == PaymentStatus::kPending;
    });
  }

  std::vector<Attempt> ForBill(int64_t bill_id) override {
    return Select([&](const Attempt& a) {
      return std::find(a.bill_ids.begin(), a.bill_ids.end(), bill_id) != a.bill_ids.end();
    });
  }

  std::vector<Attempt> NeedingCheck() override {
    return Select([](const Attempt& a) { return a.needs_check != CheckReason::kNone; });
  }

  AttemptPage List(const AttemptFilter& filter, int limit, int offset) override {
    auto all = Select([&](const Attempt& a) {
      if (filter.bill_id != 0 &&
          std::find(a.bill_ids.begin(), a.bill_ids.end(), filter.bill_id) == a.bill_ids.end()) {
        return false;
      }
      if (filter.customer_id != 0 && a.customer_id != filter.customer_id) return false;
      return !filter.needs_check || CanSettle(a);
    });
    AttemptPage page;
    page.total = static_cast<int64_t>(all.size());
    for (size_t i = static_cast<size_t>(offset);
         i < all.size() && page.items.size() < static_cast<size_t>(limit); ++i) {
      page.items.push_back(all[i]);
    }
    return page;
  }

  Attempt Settle(const Settlement& settlement, const rpc::Caller& by) override {
    std::lock_guard lock(mutex_);
    for (auto& [ref, a] : attempts_) {
      if (a.id != settlement.attempt_id) continue;
      if (!CanSettle(a)) throw errors::FailedPrecondition("not waiting for staff");
      a.settled_by = by.username;
      a.settled_note = settlement.note;
      a.settled_at = settlement.at;
      events_.push_back({"payment_settled", settlement.note});
      return a;
    }
    throw errors::NotFound("no such attempt");
  }

  std::vector<Attempt> Open() override {
    return Select([](const Attempt& a) {
      return a.status == PaymentStatus::kPending ||
             (a.status == PaymentStatus::kPaid && !a.bill_marked_at &&
              a.needs_check == CheckReason::kNone);
    });
  }

  std::optional<Attempt> Update(
      const std::string& merchant_ref,
      const std::function<std::optional<AttemptEvent>(Attempt&)>& edit) override {
    std::lock_guard lock(mutex_);
    auto it = attempts_.find(merchant_ref);
    if (it == attempts_.end()) throw errors::NotFound("unknown reference");
    Attempt copy = it->second;
    auto event = edit(copy);
    if (!event) return std::nullopt;
    it->second = copy;
    events_.push_back(*event);
    return copy;
  }

  void MarkChecked(const std::string& merchant_ref, TimePoint at) override {
    std::lock_guard lock(mutex_);
    auto it = attempts_.find(merchant_ref);
    if (it != attempts_.end()) it->second.checked_at = at;
  }

  void RecordCallback(const ReceivedCallback& callback) override {
    std::lock_guard lock(mutex_);
    callbacks_.push_back(callback);
  }

  void PruneRefusedCallbacks(TimePoint before) override {
    std::lock_guard lock(mutex_);
    std::erase_if(callbacks_, [before](const ReceivedCallback& c) {
      return c.received_at < before && c.verdict.rfind("accepted:", 0) != 0;
    });
  }

  // For the tests.
  std::vector<AttemptEvent> Events() const {
    std::lock_guard lock(mutex_);
    return events_;
  }
  std::vector<ReceivedCallback> Callbacks() const {
    std::lock_guard lock(mutex_);
    return callbacks_;
  }
  size_t Size() const {
    std::lock_guard lock(mutex_);
    return attempts_.size();
  }

 private:
  template <typename Predicate>
  std::vector<Attempt> Select(Predicate keep) {
    std::lock_guard lock(mutex_);
    std::vector<Attempt> out;
    for (const auto& [ref, a] : attempts_) {
      if (keep(a)) out.push_back(a);
    }
    std::sort(out.begin(), out.end(),
              [](const Attempt& x, const Attempt& y) { return x.id > y.id; });
    return out;
  }

  mutable std::mutex mutex_;
  std::map<std::string, Attempt> attempts_;
  std::vector<AttemptEvent> events_;
  std::vector<ReceivedCallback> callbacks_;
};

}  // namespace billing::payment::testing
