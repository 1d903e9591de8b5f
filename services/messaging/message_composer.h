// Builds ready-to-queue messages: gathers customer and bill facts, renders the template.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "clients.h"
#include "template_renderer.h"

namespace billing::messaging {

struct ComposedMessage {
  MessageKind kind = MessageKind::kReminder;
  int64_t customer_id = 0;
  std::string customer_name;
  int64_t transaction_id = 0;  // 0 = about several bills or none
  std::string phone;           // 62...
  std::string body;
  nlohmann::json params = nlohmann::json::object();  // placeholder values
  // The placeholders the template uses that came out empty (what a preview warns of).
  std::vector<std::string> empty_placeholders;
};

// Facts of a customer and the business (no bills yet).
MessageFacts CustomerFacts(const customer::v1::Customer& customer,
                           const bills::v1::Settings& settings);
// Adds the bills a message is about (periods, total, earliest due date, and AddBillDetails).
void AddBills(MessageFacts& facts, const std::vector<bills::v1::Transaction>& bills);
// Adds only the bills' invoice numbers, lines, discount and PPN ({no_invoice}, {rincian},
// {diskon}, {ppn}), oldest bill first. The lines are billing's (package "Internet <label>",
// items, installation fee, discount, PPN "(sudah termasuk)" when included); a bill without lines
// (from before them) gets an item line for each item, or one line for the whole bill (an
// internet bill reads "Internet <paket> <periode>", using facts.package_name).
void AddBillDetails(MessageFacts& facts, const std::vector<bills::v1::Transaction>& bills);
// Renders `kind` (the saved template, or `template_text`) for `customer`, to the customer's
// phone normalised (invalid_argument when there is no valid one).
ComposedMessage Compose(MessageKind kind, const customer::v1::Customer& customer,
                        const MessageFacts& facts, const bills::v1::Settings& settings,
                        const std::optional<std::string>& template_text = std::nullopt);
// The bill kind for a customer type: internet_bill or gas_invoice.
MessageKind BillKindFor(const std::string& customer_type);

class MessageComposer final {
 public:
  // `payments` gives {link_bayar}; without it the placeholder is always empty.
  MessageComposer(BillingClient& billing, CustomerClient& customers);
  MessageComposer(BillingClient& billing, CustomerClient& customers, PaymentClient& payments)
      : billing_(billing), customers_(customers), payments_(payments) {}

  // The customer's unpaid bills in one message; failed_precondition when there are none.
  ComposedMessage ForCustomer(int64_t customer_id, const bills::v1::Settings& settings,
                              const rpc::Caller& caller);
  // One transaction: its bill/invoice, or a receipt once it is paid.
  ComposedMessage ForTransaction(int64_t transaction_id, const bills::v1::Settings& settings,
                                 const rpc::Caller& caller);
  // A broadcast message for one arrears row ("reminder" or "bill") of the report filtered by
  // `bill_type` ("" = every type); nullopt when the customer is gone.
  std::optional<ComposedMessage> ForArrears(const bills::v1::ArrearsRow& row,
                                            const std::string& broadcast_kind,
                                            const std::string& bill_type,
                                            const bills::v1::Settings& settings,
                                            const rpc::Caller& caller);
  // An automatic reminder about `bills` (unpaid, of one customer), owing `total_owed`.
  std::optional<ComposedMessage> Reminder(int64_t customer_id,
                                          const std::vector<bills::v1::Transaction>& bills,
                                          int64_t total_owed, const bills::v1::Settings& settings,
                                          const rpc::Caller& caller);
  // A receipt for a paid transaction.
  std::optional<ComposedMessage> Receipt(const bills::v1::Transaction& paid,
                                         const bills::v1::Settings& settings,
                                         const rpc::Caller& caller);
  // A network notice (isolir / reconnect) to an internet customer, `reason` filling {alasan}.
  // not_found, failed_precondition for a gas customer, invalid_argument without a valid phone.
  ComposedMessage Notice(MessageKind kind, int64_t customer_id, const std::string& reason,
                         const bills::v1::Settings& settings, const rpc::Caller& caller);
  // The customer's name ("" when there is no such customer or it cannot be read now).
  std::string CustomerName(int64_t customer_id, const rpc::Caller& caller);
  // What `kind` would say to the customer now, with the saved or the given template.
  ComposedMessage Preview(MessageKind kind, int64_t customer_id,
                          const std::optional<std::string>& template_text,
                          const bills::v1::Settings& settings, const rpc::Caller& caller);

 private:
  customer::v1::Customer RequireCustomer(int64_t id, const rpc::Caller& caller);
  int64_t TotalOwed(int64_t customer_id, const rpc::Caller& caller);
  // Sets facts.pay_link for a kind that has {link_bayar}: the payment service's link for the
  // bill (0: all unpaid bills), "" when online payment has no public address or the call fails.
  void AddPayLink(MessageFacts& facts, MessageKind kind, int64_t customer_id, int64_t bill_id,
                  const bills::v1::Settings& settings);

  BillingClient& billing_;
  CustomerClient& customers_;
  PaymentClient& payments_;
};

}  // namespace billing::messaging
