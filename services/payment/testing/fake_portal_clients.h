// The portal's neighbours in memory, for tests: customers, billing's bills and settings, and a
// code sender that keeps what it sent. Each can be taken down (unavailable).
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "errors/error.h"
#include "portal_clients.h"

namespace billing::payment::testing {

class FakePortalCustomers final : public PortalCustomers {
 public:
  void Add(const PortalCustomerView& customer) {
    std::lock_guard lock(mutex_);
    customers_[customer.id] = customer;
  }
  void Remove(int64_t id) {
    std::lock_guard lock(mutex_);
    customers_.erase(id);
  }
  void SetStatus(int64_t id, const std::string& status) {
    std::lock_guard lock(mutex_);
    customers_.at(id).status = status;
  }
  std::optional<PortalCustomerView> Find(int64_t customer_id) override {
    std::lock_guard lock(mutex_);
    ++calls_;
    auto found = customers_.find(customer_id);
    if (found == customers_.end()) return std::nullopt;
    return found->second;
  }
  int Calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
  }

 private:
  mutable std::mutex mutex_;
  std::map<int64_t, PortalCustomerView> customers_;
  int calls_ = 0;
};

class FakePortalBilling final : public PortalBilling {
 public:
  FakePortalBilling() {
    settings_.mutable_business()->set_name("Warung Net");
    settings_.mutable_business()->set_phone("0812 0000 1111");
    settings_.mutable_business()->set_address("Jl. Melati 2");
    auto* account = settings_.add_bank_accounts();
    account->set_bank("BRI");
    account->set_number("0123-01-000123-50-1");
    account->set_holder("Warung Net");
    settings_.mutable_billing()->set_timezone("Asia/Jakarta");
    settings_.mutable_payment()->set_provider("tripay");
    settings_.mutable_payment()->set_public_url("https://tagihan.example.net");
  }

  void Add(const bills::v1::Transaction& bill) {
    std::lock_guard lock(mutex_);
    bills_[bill.id()] = bill;
  }
  bills::v1::Settings& MutableSettings() { return settings_; }

  std::optional<bills::v1::Transaction> Transaction(int64_t id) override {
    std::lock_guard lock(mutex_);
    auto found = bills_.find(id);
    if (found == bills_.end()) return std::nullopt;
    return found->second;
  }
  std::vector<bills::v1::Transaction> Transactions(int64_t customer_id,
                                                   const std::string& status) override {
    std::lock_guard lock(mutex_);
    std::vector<bills::v1::Transaction> matching;
    for (const auto& [id, bill] : bills_) {
      if (bill.customer_id() == customer_id && (status.empty() || bill.status() == status)) {
        matching.push_back(bill);
      }
    }
    return matching;
  }
  bills::v1::Settings Settings() override {
    std::lock_guard lock(mutex_);
    return settings_;
  }

 private:
  std::mutex mutex_;
  std::map<int64_t, bills::v1::Transaction> bills_;
  bills::v1::Settings settings_;
};

class FakePortalCodeSender final : public PortalCodeSender {
 public:
  struct Sent {
    int64_t customer_id = 0;
    std::string phone;
    std::string code;
    int valid_minutes = 0;
  };

  void Send(int64_t customer_id, const std::string& phone, const std::string& code,
            int valid_minutes) override {
    std::lock_guard lock(mutex_);
    if (down_) throw errors::Unavailable("messaging down");
    sent_.push_back({customer_id, phone, code, valid_minutes});
  }
  void SetDown(bool down) {
    std::lock_guard lock(mutex_);
    down_ = down;
  }
  std::vector<Sent> SentCodes() const {
    std::lock_guard lock(mutex_);
    return sent_;
  }
  std::string LastCode() const {
    std::lock_guard lock(mutex_);
    return sent_.empty() ? "" : sent_.back().code;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<Sent> sent_;
  bool down_ = false;
};

}  // namespace billing::payment::testing
