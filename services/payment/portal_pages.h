// PortalPages: what a signed-in portal customer sees and does, limited to their own data: their
// page (bills, bank accounts), one bill to print, pay links for a bill or for everything
// unpaid (through Payments), and the state of their own payment. Every call resolves the
// portal session first (PortalAccess).
#pragma once

#include <cstdint>
#include <string>

#include "domain/clock.h"
#include "payment.pb.h"
#include "payment_store.h"
#include "payments.h"
#include "portal_access.h"
#include "portal_clients.h"

namespace billing::payment {

// The pay links the portal hands out; PaymentsPayLinks delegates to Payments.
class PortalPayLinks {
 public:
  virtual ~PortalPayLinks() = default;
  // As Payments::LinkForBill / LinkForUnpaid.
  virtual PaymentLink ForBill(int64_t bill_id) = 0;
  virtual PaymentLink ForUnpaid(int64_t customer_id) = 0;
};

class PaymentsPayLinks final : public PortalPayLinks {
 public:
  explicit PaymentsPayLinks(Payments& payments) : payments_(payments) {}
  PaymentLink ForBill(int64_t bill_id) override { return payments_.LinkForBill(bill_id); }
  PaymentLink ForUnpaid(int64_t customer_id) override {
    return payments_.LinkForUnpaid(customer_id);
  }

 private:
  Payments& payments_;
};

class PortalPages final {
 public:
  PortalPages(PortalAccess& access, PortalCustomers& customers, PortalBilling& billing,
              PortalPayLinks& pay_links, PaymentStore& attempts, const domain::Clock& clock);

  // Each throws errors::Error(unauthenticated) for a missing, expired or revoked session, and
  // not_found for a bill or reference that is not the session customer's own.
  v1::PortalPage Me(const std::string& session);
  v1::PortalBillReply Bill(const std::string& session, int64_t bill_id);
  // Also failed_precondition (already paid / nothing unpaid), unavailable (online payment off
  // or the provider down), resource_exhausted (too many pay requests in this session).
  PaymentLink PayBill(const std::string& session, int64_t bill_id);
  PaymentLink PayAll(const std::string& session);
  v1::PortalPaymentStatus PaymentStatus(const std::string& session, const std::string& reference);

 private:
  // The session's customer, who must still exist.
  PortalCustomerView Visitor(const std::string& session, PortalVisitor* visitor = nullptr);
  bills::v1::Transaction OwnBill(int64_t customer_id, int64_t bill_id);
  // Counts a pay request and refuses when online payment is off.
  void BeforePay(const PortalVisitor& visitor);

  PortalAccess& access_;
  PortalCustomers& customers_;
  PortalBilling& billing_;
  PortalPayLinks& pay_links_;
  PaymentStore& attempts_;
  const domain::Clock& clock_;
};

}  // namespace billing::payment
