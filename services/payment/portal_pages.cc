// PortalPages (portal_pages.h).
#include "portal_pages.h"

#include "domain/customer_number.h"
#include "domain/period.h"
#include "errors/error.h"
#include "i18n/portal_messages.h"
#include "portal_rules.h"

namespace billing::payment {
namespace {

void ToProto(const PortalCustomerView& customer, const std::string& isolation_reason,
             v1::PortalCustomer* out) {
  out->set_number(domain::FormatCustomerNumber(customer.id));
  out->set_name(customer.name);
  out->set_type(customer.type);
  out->set_status(customer.status);
  out->set_isolation_reason(isolation_reason);
  out->set_address(customer.address);
}

void ToProto(const bills::v1::Transaction& bill, v1::PortalBill* out) {
  out->set_id(bill.id());
  out->set_number(bill.invoice_no());  // allocated by billing when the bill was made
  out->set_period(bill.period());
  out->set_description(bill.description());
  out->set_amount(bill.amount());
  out->set_due_date(bill.due_date());
  out->set_status(bill.status() == "paid" ? "paid" : "unpaid");
  if (bill.status() == "paid") {
    out->set_paid_at(bill.paid_at());
    out->set_method(bill.payment_method());
    out->set_reference(bill.payment_reference());
  }
}

void ToProto(const bills::v1::Settings& settings, v1::PortalShop* out) {
  out->set_name(settings.business().name());
  out->set_phone(settings.business().phone());
  out->set_address(settings.business().address());
}

bool OnlinePayment(const bills::v1::Settings& settings) {
  const auto& provider = settings.payment().provider();
  return !provider.empty() && provider != "none";
}

}  // namespace

PortalPages::PortalPages(PortalAccess& access, PortalCustomers& customers, PortalBilling& billing,
                         PortalPayLinks& pay_links, PaymentStore& attempts,
                         const domain::Clock& clock)
    : access_(access),
      customers_(customers),
      billing_(billing),
      pay_links_(pay_links),
      attempts_(attempts),
      clock_(clock) {}

PortalCustomerView PortalPages::Visitor(const std::string& session, PortalVisitor* visitor) {
  PortalVisitor resolved = access_.Resolve(session);
  auto customer = customers_.Find(resolved.customer_id);
  // A customer deleted meanwhile has no portal any more.
  if (!customer) throw errors::Unauthenticated(i18n::kPortalSessionInvalid);
  if (visitor != nullptr) *visitor = resolved;
  return *customer;
}

bills::v1::Transaction PortalPages::OwnBill(int64_t customer_id, int64_t bill_id) {
  std::optional<bills::v1::Transaction> bill;
  if (bill_id > 0) bill = billing_.Transaction(bill_id);
  // Another customer's bill answers exactly as one that does not exist.
  if (!bill || bill->customer_id() != customer_id) {
    throw errors::NotFound(i18n::kPortalBillNotFound);
  }
  return *bill;
}

v1::PortalPage PortalPages::Me(const std::string& session) {
  PortalCustomerView customer = Visitor(session);
  const auto settings = billing_.Settings();
  const auto now = clock_.Now();
  auto unpaid = OldestDueFirst(billing_.Transactions(customer.id, "unpaid"));
  auto paid = PaidInLastYear(billing_.Transactions(customer.id, "paid"), now);
  const std::string today = domain::DateAt(now, settings.billing().timezone());

  v1::PortalPage page;
  ToProto(customer, IsolationReason(customer.status, unpaid, today), page.mutable_customer());
  for (const auto& bill : unpaid) ToProto(bill, page.add_unpaid());
  for (const auto& bill : paid) ToProto(bill, page.add_paid());
  for (const auto& account : settings.bank_accounts()) {
    auto* out = page.add_bank_accounts();
    out->set_bank(account.bank());
    out->set_number(account.number());
    out->set_holder(account.holder());
  }
  ToProto(settings, page.mutable_shop());
  page.set_online_payment(OnlinePayment(settings));
  page.set_time_zone(settings.billing().timezone());
  return page;
}

v1::PortalBillReply PortalPages::Bill(const std::string& session, int64_t bill_id) {
  PortalCustomerView customer = Visitor(session);
  auto bill = OwnBill(customer.id, bill_id);
  const auto settings = billing_.Settings();
  v1::PortalBillReply reply;
  ToProto(bill, reply.mutable_bill());
  std::string reason;
  if (customer.status == "isolated") {
    auto unpaid = billing_.Transactions(customer.id, "unpaid");
    reason = IsolationReason(customer.status, unpaid,
                             domain::DateAt(clock_.Now(), settings.billing().timezone()));
  }
  ToProto(customer, reason, reply.mutable_customer());
  ToProto(settings, reply.mutable_shop());
  return reply;
}

void PortalPages::BeforePay(const PortalVisitor& visitor) {
  access_.Throttle("pay_session:" + visitor.session_hash, access_.limits().pays_per_session);
  if (!OnlinePayment(billing_.Settings())) {
    throw errors::Unavailable(i18n::kPortalOnlinePaymentOff);
  }
}

PaymentLink PortalPages::PayBill(const std::string& session, int64_t bill_id) {
  PortalVisitor visitor;
  PortalCustomerView customer = Visitor(session, &visitor);
  OwnBill(customer.id, bill_id);
  BeforePay(visitor);
  return pay_links_.ForBill(bill_id);
}

PaymentLink PortalPages::PayAll(const std::string& session) {
  PortalVisitor visitor;
  PortalCustomerView customer = Visitor(session, &visitor);
  BeforePay(visitor);
  return pay_links_.ForUnpaid(customer.id);
}

v1::PortalPaymentStatus PortalPages::PaymentStatus(const std::string& session,
                                                   const std::string& reference) {
  PortalVisitor visitor = access_.Resolve(session);
  std::optional<Attempt> attempt;
  if (!reference.empty() && reference.size() <= 100) attempt = attempts_.Find(reference);
  if (!attempt || attempt->customer_id != visitor.customer_id) {
    throw errors::NotFound(i18n::kPortalPaymentNotFound);
  }
  v1::PortalPaymentStatus reply;
  reply.set_reference(attempt->merchant_ref);
  reply.set_status(PortalPaymentStatusName(attempt->status));
  reply.set_amount(attempt->amount_charged > 0 ? attempt->amount_charged : attempt->amount_asked);
  return reply;
}

}  // namespace billing::payment
