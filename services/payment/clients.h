// What the payment service needs from billing, over its gRPC API: the bills (BillGateway) and
// the payment settings with their secrets. Every call is made as the service itself ("payment",
// no user): billing lets only it mark a bill paid online and reveals the providers' keys to it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bill_gateway.h"
#include "billing.grpc.pb.h"
#include "portal_clients.h"

namespace billing::payment {

class GrpcBillGateway final : public BillGateway {
 public:
  explicit GrpcBillGateway(bills::v1::BillingService::StubInterface& stub)
      : stub_(stub), reads_(stub) {}

  // GetTransaction; nullopt for not_found.
  std::optional<BillView> Bill(int64_t bill_id) override;
  // ListTransactions(customer_id, status unpaid), every page.
  std::vector<BillView> UnpaidBills(int64_t customer_id) override;
  // MarkPaidOnline: "marked" | "already_paid"; not_found -> kNotFound.
  MarkResult MarkPaid(int64_t bill_id, int64_t amount, const std::string& reference) override;

  // GetSettings(reveal_secrets) -> Settings.payment, the secrets in clear.
  bills::v1::PaymentSettings PaymentSettings();

 private:
  bills::v1::BillingService::StubInterface& stub_;
  GrpcPortalBilling reads_;  // the bill reads the portal makes too
};

// A bill as the payment service sees it.
BillView ToBillView(const bills::v1::Transaction& transaction);

}  // namespace billing::payment
