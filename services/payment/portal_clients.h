// What the portal needs from its neighbours (customer, billing, messaging), behind interfaces
// for tests (testing/fake_portal_clients.h), and their gRPC implementations. Every call is made
// with the payment service's own identity (no user).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "billing.grpc.pb.h"
#include "customer.grpc.pb.h"
#include "messaging.grpc.pb.h"

namespace billing::payment {

// A customer as the portal shows it.
struct PortalCustomerView {
  int64_t id = 0;
  std::string name;
  std::string phone;  // normalised "62..."
  std::string address;
  std::string type;    // "internet" | "gas"
  std::string status;  // "active" | "isolated" | "inactive"
};

class PortalCustomers {
 public:
  virtual ~PortalCustomers() = default;
  // nullopt when there is no such customer or it was deleted. Throws errors::Error
  // (unavailable) when the customer service cannot be reached.
  virtual std::optional<PortalCustomerView> Find(int64_t customer_id) = 0;
};

class PortalBilling {
 public:
  virtual ~PortalBilling() = default;
  // nullopt when there is no such transaction.
  virtual std::optional<bills::v1::Transaction> Transaction(int64_t id) = 0;
  // Every transaction of the customer with `status` ("unpaid" | "paid"), all pages.
  virtual std::vector<bills::v1::Transaction> Transactions(int64_t customer_id,
                                                           const std::string& status) = 0;
  // The business settings (secrets masked).
  virtual bills::v1::Settings Settings() = 0;
};

class PortalCodeSender {
 public:
  virtual ~PortalCodeSender() = default;
  // Sends the sign-in code to the customer's WhatsApp. Throws errors::Error on failure.
  virtual void Send(int64_t customer_id, const std::string& phone, const std::string& code,
                    int valid_minutes) = 0;
};

class GrpcPortalCustomers final : public PortalCustomers {
 public:
  explicit GrpcPortalCustomers(customer::v1::CustomerService::StubInterface& stub) : stub_(stub) {}
  std::optional<PortalCustomerView> Find(int64_t customer_id) override;

 private:
  customer::v1::CustomerService::StubInterface& stub_;
};

class GrpcPortalBilling final : public PortalBilling {
 public:
  explicit GrpcPortalBilling(bills::v1::BillingService::StubInterface& stub) : stub_(stub) {}
  std::optional<bills::v1::Transaction> Transaction(int64_t id) override;
  std::vector<bills::v1::Transaction> Transactions(int64_t customer_id,
                                                   const std::string& status) override;
  bills::v1::Settings Settings() override;

 private:
  bills::v1::BillingService::StubInterface& stub_;
};

class GrpcPortalCodeSender final : public PortalCodeSender {
 public:
  explicit GrpcPortalCodeSender(messaging::v1::MessagingService::StubInterface& stub)
      : stub_(stub) {}
  void Send(int64_t customer_id, const std::string& phone, const std::string& code,
            int valid_minutes) override;

 private:
  messaging::v1::MessagingService::StubInterface& stub_;
};

}  // namespace billing::payment
