// The customer service in memory: every customer, and the billable stream filtered as
// ListBillable does it (live internet customers with status ACTIVE, in id order).
#pragma once

#include <algorithm>
#include <map>

#include "customer_directory.h"

namespace billing::bills::testing {

class FakeCustomerDirectory final : public CustomerDirectory {
 public:
  std::map<int64_t, customer::v1::Customer> customers;  // by id
  size_t batch_size = 2;                                // small, so tests cross batches
  int billable_calls = 0;

  std::optional<customer::v1::Customer> Find(int64_t id, const rpc::Caller&) override {
    auto found = customers.find(id);
    if (found == customers.end() || found->second.deleted()) return std::nullopt;
    return found->second;
  }

  std::vector<customer::v1::Customer> FindMany(const std::vector<int64_t>& ids,
                                               const rpc::Caller& caller) override {
    std::vector<customer::v1::Customer> found;
    for (int64_t id : ids) {
      if (auto customer = Find(id, caller)) found.push_back(*customer);
    }
    return found;
  }

  void ForEachBillable(
      const rpc::Caller&,
      const std::function<void(const std::vector<customer::v1::Customer>&)>& batch) override {
    ++billable_calls;
    std::vector<customer::v1::Customer> pending;
    for (const auto& [id, customer] : customers) {
      if (customer.deleted() || customer.type() != customer::v1::CUSTOMER_TYPE_INTERNET ||
          customer.status() != customer::v1::CUSTOMER_STATUS_ACTIVE) {
        continue;
      }
      pending.push_back(customer);
      if (pending.size() == batch_size) {
        batch(pending);
        pending.clear();
      }
    }
    if (!pending.empty()) batch(pending);
  }
};

}  // namespace billing::bills::testing
