// Billing as the payment service sees it, in memory: bills, their paid state, every MarkPaid
// call counted; it can be taken down (unavailable) and a bill paid "at the counter".
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "bill_gateway.h"
#include "errors/error.h"

namespace billing::payment::testing {

class FakeBillGateway final : public BillGateway {
 public:
  void Add(const BillView& bill) {
    std::lock_guard lock(mutex_);
    bills_[bill.id] = bill;
  }
  // Staff took the money at the counter.
  void PayAtCounter(int64_t bill_id) {
    std::lock_guard lock(mutex_);
    bills_.at(bill_id).paid = true;
    bills_.at(bill_id).payment_reference.clear();
  }
  void SetDown(bool down) { down_ = down; }
  // Runs at the start of every MarkPaid (a counter payment racing it, billing going away).
  void OnMark(std::function<void(int64_t bill_id)> hook) {
    std::lock_guard lock(mutex_);
    on_mark_ = std::move(hook);
  }
  int MarkCalls() const { return mark_calls_; }
  BillView Get(int64_t bill_id) const {
    std::lock_guard lock(mutex_);
    return bills_.at(bill_id);
  }

  std::optional<BillView> Bill(int64_t bill_id) override {
    Check();
    std::lock_guard lock(mutex_);
    auto it = bills_.find(bill_id);
    if (it == bills_.end()) return std::nullopt;
    return it->second;
  }

  std::vector<BillView> UnpaidBills(int64_t customer_id) override {
    Check();
    std::lock_guard lock(mutex_);
    std::vector<BillView> out;
    for (const auto& [id, bill] : bills_) {
      if (bill.customer_id == customer_id && !bill.paid) out.push_back(bill);
    }
    return out;
  }

  MarkResult MarkPaid(int64_t bill_id, int64_t /*amount*/, const std::string& reference) override {
    Check();
    std::function<void(int64_t)> hook;
    {
      std::lock_guard lock(mutex_);
      hook = on_mark_;
    }
    if (hook) hook(bill_id);
    ++mark_calls_;
    std::lock_guard lock(mutex_);
    auto it = bills_.find(bill_id);
    if (it == bills_.end()) return MarkResult::kNotFound;
    if (it->second.paid) return MarkResult::kAlreadyPaid;
    it->second.paid = true;
    it->second.payment_reference = reference;
    return MarkResult::kMarked;
  }

 private:
  void Check() const {
    if (down_) throw errors::Unavailable("billing down");
  }

  mutable std::mutex mutex_;
  std::map<int64_t, BillView> bills_;
  std::function<void(int64_t)> on_mark_;
  std::atomic<bool> down_{false};
  std::atomic<int> mark_calls_{0};
};

}  // namespace billing::payment::testing
