// What messaging needs from the billing and customer services, behind interfaces for tests.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "billing.grpc.pb.h"
#include "customer.grpc.pb.h"
#include "rpc/caller.h"

namespace billing::messaging {

class BillingClient {
 public:
  virtual ~BillingClient() = default;
  // Billing's settings with secrets (every field filled, billing's defaults included), read as
  // an internal caller (no identity).
  virtual bills::v1::Settings Settings() = 0;
  // nullopt when there is no such transaction.
  virtual std::optional<bills::v1::Transaction> Transaction(int64_t id,
                                                            const rpc::Caller& caller) = 0;
  // Every matching transaction (all pages); empty filters match everything.
  virtual std::vector<bills::v1::Transaction> Transactions(int64_t customer_id,
                                                           const std::string& status,
                                                           const rpc::Caller& caller) = 0;
  virtual std::vector<bills::v1::ArrearsRow> Arrears(const std::string& type,
                                                     const rpc::Caller& caller) = 0;
};

class CustomerClient {
 public:
  virtual ~CustomerClient() = default;
  // nullopt when there is no such (non-deleted) customer.
  virtual std::optional<customer::v1::Customer> Find(int64_t id, const rpc::Caller& caller) = 0;
};

class GrpcBillingClient final : public BillingClient {
 public:
  explicit GrpcBillingClient(bills::v1::BillingService::StubInterface& stub) : stub_(stub) {}
  bills::v1::Settings Settings() override;
  std::optional<bills::v1::Transaction> Transaction(int64_t id, const rpc::Caller& caller) override;
  std::vector<bills::v1::Transaction> Transactions(int64_t customer_id, const std::string& status,
                                                   const rpc::Caller& caller) override;
  std::vector<bills::v1::ArrearsRow> Arrears(const std::string& type,
                                             const rpc::Caller& caller) override;

 private:
  bills::v1::BillingService::StubInterface& stub_;
};

class GrpcCustomerClient final : public CustomerClient {
 public:
  explicit GrpcCustomerClient(customer::v1::CustomerService::StubInterface& stub) : stub_(stub) {}
  std::optional<customer::v1::Customer> Find(int64_t id, const rpc::Caller& caller) override;

 private:
  customer::v1::CustomerService::StubInterface& stub_;
};

}  // namespace billing::messaging
