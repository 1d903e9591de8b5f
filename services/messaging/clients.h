// What messaging needs from the billing and customer services, behind interfaces for tests.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "billing.grpc.pb.h"
#include "customer.grpc.pb.h"
#include "payment.grpc.pb.h"
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

class PaymentClient {
 public:
  virtual ~PaymentClient() = default;
  // The customer's pay / Cek Tagihan link for the bill `bill_id` (0: all their unpaid bills),
  // asked as messaging itself; "" when the payment service has none. Throws errors::Error when
  // the call fails.
  virtual std::string PortalLink(int64_t customer_id, int64_t bill_id) = 0;
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

class GrpcPaymentClient final : public PaymentClient {
 public:
  explicit GrpcPaymentClient(payment::v1::PortalService::StubInterface& stub) : stub_(stub) {}
  std::string PortalLink(int64_t customer_id, int64_t bill_id) override;

 private:
  payment::v1::PortalService::StubInterface& stub_;
};

}  // namespace billing::messaging
