// JSON of payment links, attempts and the portal's pages (docs/portal-api.md).
#include "routes/payment_views.h"

#include "routes/json_views.h"

namespace billing::gateway {
namespace {

using nlohmann::json;

// An empty text is "not set" (null) in the portal's answers.
json TextOrNull(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }

json PortalCustomerJson(const payment::v1::PortalCustomer& c) {
  bool isolated = c.status() == "isolated";
  return {{"number", c.number()},
          {"name", c.name()},
          {"type", c.type()},
          {"status", c.status()},
          {"isolation_reason", isolated ? TextOrNull(c.isolation_reason()) : json(nullptr)}};
}

json ShopJson(const payment::v1::PortalShop& shop) {
  return {{"name", shop.name()}, {"phone", shop.phone()}, {"address", shop.address()}};
}

json UnpaidBillJson(const payment::v1::PortalBill& bill) {
  return {{"id", bill.id()},         {"number", bill.number()},
          {"period", bill.period()}, {"description", bill.description()},
          {"amount", bill.amount()}, {"due_date", bill.due_date()}};
}

json PaidBillJson(const payment::v1::PortalBill& bill) {
  return {{"id", bill.id()},         {"number", bill.number()},
          {"period", bill.period()}, {"description", bill.description()},
          {"amount", bill.amount()}, {"paid_at", TimeOrNull(bill.paid_at())},
          {"method", bill.method()}};
}

}  // namespace

json PaymentLinkJson(const payment::v1::PaymentLink& link) {
  return {{"url", link.url()},
          {"provider", link.provider()},
          {"reference", link.reference()},
          {"amount", link.amount()},
          {"expires_at", TimeOrNull(link.expires_at())},
          {"reused", link.reused()}};
}

json AttemptJson(const payment::v1::Attempt& a) {
  return {{"id", a.id()},
          {"reference", a.reference()},
          {"provider", a.provider()},
          {"provider_reference", a.provider_reference()},
          {"customer_id", a.customer_id()},
          {"scope", a.scope()},
          {"bill_ids", a.bill_ids()},
          {"amount_asked", a.amount_asked()},
          {"amount_charged", a.amount_charged()},
          {"amount_paid", a.amount_paid()},
          {"pay_url", a.pay_url()},
          {"status", a.status()},
          {"expires_at", TimeOrNull(a.expires_at())},
          {"created_at", TimeOrNull(a.created_at())},
          {"updated_at", TimeOrNull(a.updated_at())},
          {"paid_at", TimeOrNull(a.paid_at())},
          {"bill_marked_at", TimeOrNull(a.bill_marked_at())},
          {"needs_check", a.needs_check()},
          {"needs_check_text", a.needs_check_text()},
          {"checked_by", a.checked_by()},
          {"checked_note", a.checked_note()},
          {"checked_at", TimeOrNull(a.checked_at())}};
}

json AttemptListJson(const payment::v1::ListAttemptsReply& reply) {
  json items = json::array();
  for (const auto& attempt : reply.items()) items.push_back(AttemptJson(attempt));
  return {{"items", std::move(items)}, {"total", reply.total()}};
}

json PortalSessionJson(const payment::v1::PortalSession& session) {
  return {{"token", session.token()}, {"expires_at", session.expires_at()}};
}

json PortalPageJson(const payment::v1::PortalPage& page) {
  json unpaid = json::array();
  for (const auto& bill : page.unpaid()) unpaid.push_back(UnpaidBillJson(bill));
  json paid = json::array();
  for (const auto& bill : page.paid()) paid.push_back(PaidBillJson(bill));
  json accounts = json::array();
  for (const auto& account : page.bank_accounts()) {
    accounts.push_back(
        {{"bank", account.bank()}, {"number", account.number()}, {"holder", account.holder()}});
  }
  return {{"customer", PortalCustomerJson(page.customer())},
          {"unpaid", std::move(unpaid)},
          {"paid", std::move(paid)},
          {"bank_accounts", std::move(accounts)},
          {"shop", ShopJson(page.shop())},
          {"online_payment", page.online_payment()},
          {"time_zone", page.time_zone()}};
}

json PortalBillJson(const payment::v1::PortalBillReply& reply) {
  const auto& bill = reply.bill();
  bool paid = bill.status() == "paid";
  return {{"id", bill.id()},
          {"number", bill.number()},
          {"period", bill.period()},
          {"description", bill.description()},
          {"amount", bill.amount()},
          {"due_date", bill.due_date()},
          {"status", bill.status()},
          {"paid_at", paid ? TimeOrNull(bill.paid_at()) : json(nullptr)},
          {"method", paid ? TextOrNull(bill.method()) : json(nullptr)},
          {"reference", paid ? TextOrNull(bill.reference()) : json(nullptr)},
          {"customer",
           {{"number", reply.customer().number()},
            {"name", reply.customer().name()},
            {"address", reply.customer().address()}}},
          {"shop", ShopJson(reply.shop())}};
}

json PortalPaymentStatusJson(const payment::v1::PortalPaymentStatus& status) {
  return {
      {"reference", status.reference()}, {"status", status.status()}, {"amount", status.amount()}};
}

}  // namespace billing::gateway
