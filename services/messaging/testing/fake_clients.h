// billing and customer as messaging sees them, in memory: the settings, transactions and
// customers the test fills in.
#pragma once

#include <map>
#include <mutex>
#include <vector>

#include "clients.h"

namespace billing::messaging::testing {

class FakeBillingClient final : public BillingClient {
 public:
  bills::v1::Settings Settings() override {
    std::lock_guard lock(mutex_);
    return settings;
  }
  std::optional<bills::v1::Transaction> Transaction(int64_t id, const rpc::Caller&) override {
    std::lock_guard lock(mutex_);
    for (const auto& t : transactions) {
      if (t.id() == id) return t;
    }
    return std::nullopt;
  }
  std::vector<bills::v1::Transaction> Transactions(int64_t customer_id, const std::string& status,
                                                   const rpc::Caller&) override {
    std::lock_guard lock(mutex_);
    std::vector<bills::v1::Transaction> out;
    for (const auto& t : transactions) {
      if ((customer_id == 0 || t.customer_id() == customer_id) &&
          (status.empty() || t.status() == status)) {
        out.push_back(t);
      }
    }
    return out;
  }
  std::vector<bills::v1::ArrearsRow> Arrears(const std::string&, const rpc::Caller&) override {
    return {};
  }

  // Set before the code under test runs.
  bills::v1::Settings settings;
  std::vector<bills::v1::Transaction> transactions;

 private:
  std::mutex mutex_;
};

class FakeCustomerClient final : public CustomerClient {
 public:
  std::optional<customer::v1::Customer> Find(int64_t id, const rpc::Caller&) override {
    auto found = customers.find(id);
    if (found == customers.end()) return std::nullopt;
    return found->second;
  }
  std::map<int64_t, customer::v1::Customer> customers;
};

}  // namespace billing::messaging::testing
