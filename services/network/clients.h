// What the network service needs from the customer, billing and messaging services, behind
// interfaces so the policy can be tested without them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "billing.grpc.pb.h"
#include "customer.grpc.pb.h"
#include "messaging.grpc.pb.h"
#include "network_records.h"
#include "rpc/caller.h"

namespace billing::network {

class CustomerDirectory {
 public:
  virtual ~CustomerDirectory() = default;
  // The suite's internet packages (each one's RouterOS profile and rate limit).
  virtual std::vector<customer::v1::Package> Packages() = 0;
  // The customer as a subscriber on `packages` (deleted ones too); nullopt when unknown or not
  // internet.
  virtual std::optional<SubscriberRecord> Load(
      int64_t customer_id, const std::vector<customer::v1::Package>& packages) = 0;
  // Those of `customer_ids` that are internet customers (deleted ones too), as subscribers on
  // `packages`, in one round trip per few thousand.
  virtual std::vector<SubscriberRecord> LoadMany(
      const std::vector<int64_t>& customer_ids,
      const std::vector<customer::v1::Package>& packages) = 0;
  // Every live internet customer.
  virtual std::vector<SubscriberRecord> LoadAll() = 0;
  // Isolir / reconnect through the customer service (audited there, with `caller`).
  virtual void SetStatus(int64_t customer_id, const std::string& status, const std::string& reason,
                         const rpc::Caller& caller) = 0;
};

class BillingLedger {
 public:
  virtual ~BillingLedger() = default;
  // Customers with an unpaid internet bill past due + grace days (one customer or all);
  // `today` gets the business date.
  virtual std::vector<int64_t> Overdue(int grace_days, int64_t customer_id, std::string* today) = 0;
  // The customer a transaction belongs to; 0 when there is no such transaction.
  virtual int64_t TransactionCustomer(int64_t transaction_id) = 0;
};

class Notifier {
 public:
  virtual ~Notifier() = default;
  // Queues the WhatsApp notice once per key.
  virtual void Notice(int64_t customer_id, const std::string& kind, const std::string& key,
                      const std::string& reason) = 0;
};

class GrpcCustomerDirectory final : public CustomerDirectory {
 public:
  explicit GrpcCustomerDirectory(customer::v1::CustomerService::StubInterface& stub)
      : stub_(stub) {}
  std::vector<customer::v1::Package> Packages() override;
  std::optional<SubscriberRecord> Load(int64_t customer_id,
                                       const std::vector<customer::v1::Package>& packages) override;
  std::vector<SubscriberRecord> LoadMany(
      const std::vector<int64_t>& customer_ids,
      const std::vector<customer::v1::Package>& packages) override;
  std::vector<SubscriberRecord> LoadAll() override;
  void SetStatus(int64_t customer_id, const std::string& status, const std::string& reason,
                 const rpc::Caller& caller) override;

 private:
  customer::v1::CustomerService::StubInterface& stub_;
};

class GrpcBillingLedger final : public BillingLedger {
 public:
  explicit GrpcBillingLedger(bills::v1::BillingService::StubInterface& stub) : stub_(stub) {}
  std::vector<int64_t> Overdue(int grace_days, int64_t customer_id, std::string* today) override;
  int64_t TransactionCustomer(int64_t transaction_id) override;

 private:
  bills::v1::BillingService::StubInterface& stub_;
};

class GrpcNotifier final : public Notifier {
 public:
  explicit GrpcNotifier(messaging::v1::MessagingService::StubInterface& stub) : stub_(stub) {}
  void Notice(int64_t customer_id, const std::string& kind, const std::string& key,
              const std::string& reason) override;

 private:
  messaging::v1::MessagingService::StubInterface& stub_;
};

// The subscriber the routers should see for a customer and the packages of the suite.
SubscriberRecord ToSubscriber(const customer::v1::Customer& customer,
                              const std::vector<customer::v1::Package>& packages);

}  // namespace billing::network
