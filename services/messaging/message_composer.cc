// Message composition: which bills a message is about and which template it uses.
#include "message_composer.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "domain/customer_kind.h"
#include "domain/message_templates.h"
#include "domain/phone.h"
#include "errors/error.h"
#include "i18n/messages.h"
#include "log/log.h"

namespace billing::messaging {
namespace {

// No payment service: every {link_bayar} is empty.
class NoPaymentClient final : public PaymentClient {
 public:
  std::string PortalLink(int64_t, int64_t) override { return ""; }
};

PaymentClient& NoPayments() {
  static auto* none = new NoPaymentClient();
  return *none;
}

int64_t Sum(const std::vector<bills::v1::Transaction>& bills) {
  int64_t total = 0;
  for (const auto& bill : bills) total += bill.amount();
  return total;
}

}  // namespace

MessageKind BillKindFor(const std::string& customer_type) {
  return customer_type == "gas" ? MessageKind::kGasInvoice : MessageKind::kInternetBill;
}

namespace {

// The bill message of a customer's type (a bill's own type is a word: BillKindFor).
MessageKind BillKindOf(const customer::v1::Customer& customer) {
  return BillKindFor(std::string(domain::CustomerTypeName(customer.type())));
}

}  // namespace

MessageFacts CustomerFacts(const customer::v1::Customer& customer,
                           const bills::v1::Settings& settings) {
  MessageFacts facts;
  facts.customer_name = customer.name();
  facts.pppoe_username = customer.pppoe_username();
  facts.pppoe_password = customer.pppoe_password();
  facts.package_name = customer.package_name();
  facts.business_name = settings.business().name();
  for (const auto& account : settings.bank_accounts()) {
    facts.bank_accounts.push_back(
        {{"bank", account.bank()}, {"number", account.number()}, {"holder", account.holder()}});
  }
  return facts;
}

void AddBills(MessageFacts& facts, const std::vector<bills::v1::Transaction>& bills) {
  std::set<std::string> periods;
  for (const auto& bill : bills) {
    if (!bill.period().empty()) periods.insert(bill.period());
    if (!bill.due_date().empty() && (facts.due_date.empty() || bill.due_date() < facts.due_date)) {
      facts.due_date = bill.due_date();
    }
  }
  facts.periods.assign(periods.begin(), periods.end());
  facts.total = Sum(bills);
  AddBillDetails(facts, bills);
}

namespace {

// "Internet <paket> <periode>" for a bill without lines (facts.package_name: the customer's).
std::string InternetBillLabel(const MessageFacts& facts, const bills::v1::Transaction& bill) {
  std::string label = i18n::kBillLineInternet;
  if (!facts.package_name.empty()) label += " " + facts.package_name;
  if (!bill.period().empty()) label += " " + bill.period();
  return label;
}

bool MentionsInternet(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text.find("internet") != std::string::npos;
}

// One of billing's lines as {rincian} shows it. A package line reads "Internet <label>" (the
// label holds the package and period) unless the label says internet already (an older bill's
// description, "Tagihan internet periode ..."); only items show qty and unit price.
BillLine LineOf(const bills::v1::BillLine& line, const MessageFacts& facts,
                const bills::v1::Transaction& bill) {
  BillLine out{line.label(), 0, 0, line.amount(), line.note()};
  if (line.kind() == "item") {
    if (out.label.empty()) out.label = i18n::kGasSaleDescription;
    out.qty = line.qty();
    out.unit_price = line.unit_price();
  } else if (line.kind() == "package") {
    if (out.label.empty()) {
      out.label = InternetBillLabel(facts, bill);
    } else if (!MentionsInternet(out.label)) {
      out.label = std::string(i18n::kBillLineInternet) + " " + out.label;
    }
  } else if (line.kind() == "tax" && line.included()) {
    out.note = out.note.empty() ? i18n::kBillLineTaxIncluded
                                : out.note + ", " + i18n::kBillLineTaxIncluded;
  }
  return out;
}

// A bill from before billing sent lines: its items, or one line for the whole bill.
void AddLinesOfOldBill(MessageFacts& facts, const bills::v1::Transaction& bill) {
  for (const auto& item : bill.items()) {
    facts.bill_lines.push_back({item.name(), item.qty(), item.unit_price(), 0, ""});
  }
  if (bill.items_size() > 0) return;
  std::string label;
  if (bill.type() == "internet") {
    label = InternetBillLabel(facts, bill);
  } else {
    label = bill.description().empty() ? i18n::kGasSaleDescription : bill.description();
  }
  facts.bill_lines.push_back({label, 0, 0, bill.amount(), ""});
}

// Whether the bill's PPN is inside its prices (a tax line says so) rather than added.
bool TaxIncluded(const bills::v1::Transaction& bill) {
  return std::any_of(bill.lines().begin(), bill.lines().end(),
                     [](const auto& line) { return line.kind() == "tax" && line.included(); });
}

}  // namespace

void AddBillDetails(MessageFacts& facts, const std::vector<bills::v1::Transaction>& bills) {
  std::vector<const bills::v1::Transaction*> oldest_first;
  oldest_first.reserve(bills.size());
  for (const auto& bill : bills) oldest_first.push_back(&bill);
  std::sort(oldest_first.begin(), oldest_first.end(),
            [](const auto* a, const auto* b) { return a->id() < b->id(); });
  for (const auto* bill : oldest_first) {
    facts.invoice_numbers.push_back(bill->invoice_no());
    if (bill->lines_size() == 0) {
      AddLinesOfOldBill(facts, *bill);
    } else {
      for (const auto& line : bill->lines()) facts.bill_lines.push_back(LineOf(line, facts, *bill));
    }
    facts.discount += bill->discount_amount();
    if (TaxIncluded(*bill)) {
      facts.tax_included += bill->tax_amount();
    } else {
      facts.tax_added += bill->tax_amount();
    }
  }
}

ComposedMessage Compose(MessageKind kind, const customer::v1::Customer& customer,
                        const MessageFacts& facts, const bills::v1::Settings& settings,
                        const std::optional<std::string>& template_text) {
  std::string field = std::string("templates.") + KindName(kind);
  std::string text;
  if (template_text) {
    text = *template_text;
  } else if (auto found = settings.templates().find(KindName(kind));
             found != settings.templates().end()) {
    text = found->second;
  }
  if (text.empty()) throw errors::FailedPrecondition(i18n::kTemplateEmpty);
  std::optional<std::string> phone = domain::NormalizePhone(customer.phone());
  if (!phone) {
    throw errors::InvalidArgument(i18n::kCustomerWithoutPhone,
                                  {{"customer_id", i18n::kInvalidPhone}});
  }
  MessageFacts filled = facts;
  // {link_bayar} exists exactly for the kinds that ask for money.
  if (!domain::HasPayLink(KindName(kind))) {
    filled.pay_link.reset();
  } else if (!filled.pay_link) {
    filled.pay_link = "";
  }
  PlaceholderValues values = ValuesFor(filled);
  ComposedMessage message;
  message.kind = kind;
  message.customer_id = customer.id();
  message.customer_name = customer.name();
  message.phone = *phone;
  message.body = Render(text, values, template_text ? "template" : field);
  message.empty_placeholders = EmptyPlaceholders(text, values);
  for (const auto& [name, value] : values) message.params[name] = value;
  return message;
}

MessageComposer::MessageComposer(BillingClient& billing, CustomerClient& customers)
    : MessageComposer(billing, customers, NoPayments()) {}

void MessageComposer::AddPayLink(MessageFacts& facts, MessageKind kind, int64_t customer_id,
                                 int64_t bill_id, const bills::v1::Settings& settings) {
  if (!domain::HasPayLink(KindName(kind))) return;
  facts.pay_link = "";
  // Without a public address there is no portal and no pay link to ask for.
  if (settings.payment().public_url().empty()) return;
  try {
    facts.pay_link = payments_.PortalLink(customer_id, bill_id);
  } catch (const std::exception& e) {
    log::Warn("no pay link for a message", {{"customer_id", customer_id}, {"error", e.what()}});
  }
}

std::string MessageComposer::CustomerName(int64_t customer_id, const rpc::Caller& caller) {
  try {
    auto customer = customers_.Find(customer_id, caller);
    return customer ? customer->name() : "";
  } catch (const std::exception& e) {
    log::Warn("customer name not read", {{"customer_id", customer_id}, {"error", e.what()}});
    return "";
  }
}

customer::v1::Customer MessageComposer::RequireCustomer(int64_t id, const rpc::Caller& caller) {
  auto customer = customers_.Find(id, caller);
  if (!customer) throw errors::NotFound(i18n::kCustomerNotFound);
  return *customer;
}

int64_t MessageComposer::TotalOwed(int64_t customer_id, const rpc::Caller& caller) {
  return Sum(billing_.Transactions(customer_id, "unpaid", caller));
}

ComposedMessage MessageComposer::ForCustomer(int64_t customer_id,
                                             const bills::v1::Settings& settings,
                                             const rpc::Caller& caller) {
  customer::v1::Customer customer = RequireCustomer(customer_id, caller);
  auto unpaid = billing_.Transactions(customer_id, "unpaid", caller);
  if (unpaid.empty()) throw errors::FailedPrecondition(i18n::kNoUnpaidBills);
  MessageFacts facts = CustomerFacts(customer, settings);
  AddBills(facts, unpaid);
  facts.total_owed = facts.total;
  MessageKind kind = BillKindOf(customer);
  AddPayLink(facts, kind, customer.id(), unpaid.size() == 1 ? unpaid.front().id() : 0, settings);
  ComposedMessage message = Compose(kind, customer, facts, settings);
  if (unpaid.size() == 1) message.transaction_id = unpaid.front().id();
  return message;
}

ComposedMessage MessageComposer::ForTransaction(int64_t transaction_id,
                                                const bills::v1::Settings& settings,
                                                const rpc::Caller& caller) {
  auto transaction = billing_.Transaction(transaction_id, caller);
  if (!transaction) throw errors::NotFound(i18n::kTransactionNotFound);
  customer::v1::Customer customer = RequireCustomer(transaction->customer_id(), caller);
  MessageFacts facts = CustomerFacts(customer, settings);
  AddBills(facts, {*transaction});
  bool paid = transaction->status() == "paid";
  if (paid && transaction->paid_amount() > 0) facts.total = transaction->paid_amount();
  facts.total_owed = TotalOwed(customer.id(), caller);
  MessageKind kind = paid ? MessageKind::kReceipt : BillKindFor(transaction->type());
  AddPayLink(facts, kind, customer.id(), transaction->id(), settings);
  ComposedMessage message = Compose(kind, customer, facts, settings);
  message.transaction_id = transaction->id();
  return message;
}

std::optional<ComposedMessage> MessageComposer::ForArrears(const bills::v1::ArrearsRow& row,
                                                           const std::string& broadcast_kind,
                                                           const std::string& bill_type,
                                                           const bills::v1::Settings& settings,
                                                           const rpc::Caller& caller) {
  auto customer = customers_.Find(row.customer_id(), caller);
  if (!customer || customer->phone().empty()) return std::nullopt;
  MessageFacts facts = CustomerFacts(*customer, settings);
  facts.periods.assign(row.periods().begin(), row.periods().end());
  facts.total = row.total_owed();
  facts.total_owed = row.total_owed();
  facts.due_date = row.oldest_due_date();
  // The row sums the bills; their invoice numbers and lines come from the bills themselves.
  std::vector<bills::v1::Transaction> unpaid;
  for (auto& bill : billing_.Transactions(customer->id(), "unpaid", caller)) {
    if (bill_type.empty() || bill.type() == bill_type) unpaid.push_back(std::move(bill));
  }
  AddBillDetails(facts, unpaid);
  MessageKind kind = broadcast_kind == "bill" ? BillKindOf(*customer) : MessageKind::kReminder;
  AddPayLink(facts, kind, customer->id(), 0, settings);
  return Compose(kind, *customer, facts, settings);
}

std::optional<ComposedMessage> MessageComposer::Reminder(
    int64_t customer_id, const std::vector<bills::v1::Transaction>& bills, int64_t total_owed,
    const bills::v1::Settings& settings, const rpc::Caller& caller) {
  auto customer = customers_.Find(customer_id, caller);
  if (!customer || customer->phone().empty()) return std::nullopt;
  MessageFacts facts = CustomerFacts(*customer, settings);
  AddBills(facts, bills);
  facts.total_owed = total_owed;
  AddPayLink(facts, MessageKind::kReminder, customer->id(),
             bills.size() == 1 ? bills.front().id() : 0, settings);
  ComposedMessage message = Compose(MessageKind::kReminder, *customer, facts, settings);
  if (bills.size() == 1) message.transaction_id = bills.front().id();
  return message;
}

std::optional<ComposedMessage> MessageComposer::Receipt(const bills::v1::Transaction& paid,
                                                        const bills::v1::Settings& settings,
                                                        const rpc::Caller& caller) {
  auto customer = customers_.Find(paid.customer_id(), caller);
  if (!customer || customer->phone().empty()) return std::nullopt;
  MessageFacts facts = CustomerFacts(*customer, settings);
  AddBills(facts, {paid});
  if (paid.paid_amount() > 0) facts.total = paid.paid_amount();
  facts.total_owed = TotalOwed(customer->id(), caller);
  ComposedMessage message = Compose(MessageKind::kReceipt, *customer, facts, settings);
  message.transaction_id = paid.id();
  return message;
}

ComposedMessage MessageComposer::Notice(MessageKind kind, int64_t customer_id,
                                        const std::string& reason,
                                        const bills::v1::Settings& settings,
                                        const rpc::Caller& caller) {
  customer::v1::Customer customer = RequireCustomer(customer_id, caller);
  if (customer.type() != customer::v1::CUSTOMER_TYPE_INTERNET) {
    throw errors::FailedPrecondition(i18n::kNoticeInternetOnly);
  }
  // The bills are what an isolir is about; a template may name them ({tunggakan}, {periode}).
  auto unpaid = billing_.Transactions(customer_id, "unpaid", caller);
  MessageFacts facts = CustomerFacts(customer, settings);
  AddBills(facts, unpaid);
  facts.total_owed = facts.total;
  facts.reason = reason;
  AddPayLink(facts, kind, customer.id(), 0, settings);
  return Compose(kind, customer, facts, settings);
}

ComposedMessage MessageComposer::Preview(MessageKind kind, int64_t customer_id,
                                         const std::optional<std::string>& template_text,
                                         const bills::v1::Settings& settings,
                                         const rpc::Caller& caller) {
  customer::v1::Customer customer = RequireCustomer(customer_id, caller);
  auto all = billing_.Transactions(customer_id, "", caller);
  std::vector<bills::v1::Transaction> unpaid;
  std::copy_if(all.begin(), all.end(), std::back_inserter(unpaid),
               [](const auto& t) { return t.status() == "unpaid"; });
  MessageFacts facts = CustomerFacts(customer, settings);
  facts.total_owed = Sum(unpaid);
  if (IsNotice(kind)) facts.reason = i18n::kNoticePreviewReason;
  if (kind == MessageKind::kReceipt) {
    auto paid =
        std::find_if(all.begin(), all.end(), [](const auto& t) { return t.status() == "paid"; });
    if (paid != all.end()) {
      AddBills(facts, {*paid});
      facts.total = paid->paid_amount() > 0 ? paid->paid_amount() : paid->amount();
    }
  } else if (!unpaid.empty()) {
    AddBills(facts, unpaid);
  } else if (!all.empty()) {
    AddBills(facts, {all.front()});
  } else {
    facts.total = customer.type() == customer::v1::CUSTOMER_TYPE_GAS ? customer.gas_price()
                                                                     : customer.monthly_fee();
  }
  AddPayLink(facts, kind, customer.id(), unpaid.size() == 1 ? unpaid.front().id() : 0, settings);
  return Compose(kind, customer, facts, settings, template_text);
}

}  // namespace billing::messaging
