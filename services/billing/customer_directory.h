// What billing needs from the customer service, behind an interface for tests.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "customer.grpc.pb.h"
#include "rpc/caller.h"

namespace billing::bills {

class CustomerDirectory {
 public:
  virtual ~CustomerDirectory() = default;
  // nullopt when there is no such (non-deleted) customer.
  virtual std::optional<customer::v1::Customer> Find(int64_t id, const rpc::Caller& caller) = 0;
  // The live customers of `ids` (unknown ones left out), in id order; any number of ids.
  virtual std::vector<customer::v1::Customer> FindMany(const std::vector<int64_t>& ids,
                                                       const rpc::Caller& caller) = 0;
  // Calls `batch` for every batch of active internet customers, in id order.
  virtual void ForEachBillable(
      const rpc::Caller& caller,
      const std::function<void(const std::vector<customer::v1::Customer>&)>& batch) = 0;
};

class GrpcCustomerDirectory final : public CustomerDirectory {
 public:
  explicit GrpcCustomerDirectory(customer::v1::CustomerService::StubInterface& stub)
      : stub_(stub) {}
  std::optional<customer::v1::Customer> Find(int64_t id, const rpc::Caller& caller) override;
  std::vector<customer::v1::Customer> FindMany(const std::vector<int64_t>& ids,
                                               const rpc::Caller& caller) override;
  void ForEachBillable(
      const rpc::Caller& caller,
      const std::function<void(const std::vector<customer::v1::Customer>&)>& batch) override;

 private:
  customer::v1::CustomerService::StubInterface& stub_;
};

}  // namespace billing::bills
