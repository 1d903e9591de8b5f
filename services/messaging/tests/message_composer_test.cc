// Composition: which template, which bills, and the errors staff see.
#include "message_composer.h"

#include <gtest/gtest.h>

#include "errors/error.h"
#include "i18n/messages.h"
#include "testing/settings_json.h"

namespace billing::messaging {
namespace {

using nlohmann::json;

bills::v1::Settings Settings() {
  return testing::SettingsFrom(
      {{"business", {{"name", "Sejahtera Net"}}},
       {"bank_accounts", json::array()},
       {"templates",
        {{"internet_bill", "Tagihan {nama} {periode} {total} {username}/{password}"},
         {"gas_invoice", "Faktur gas {nama} {total}"},
         {"reminder", "Tunggakan {nama} {tunggakan} sejak {jatuh_tempo}"},
         {"receipt", "Terima kasih {nama}, {total} diterima"},
         {"isolir", "Isolir {nama} ({username}): {alasan}; tunggakan {tunggakan}"},
         {"reconnect", "Aktif {nama}: {alasan}"}}}});
}

customer::v1::Customer Customer(customer::v1::CustomerType type) {
  customer::v1::Customer c;
  c.set_id(7);
  c.set_type(type);
  c.set_name("Budi");
  c.set_phone("6281234567890");
  c.set_pppoe_username("budi");
  c.set_pppoe_password("rahasia");
  return c;
}

bills::v1::Transaction Bill(int64_t id, const std::string& period, int64_t amount,
                            const std::string& due, const std::string& status = "unpaid") {
  bills::v1::Transaction t;
  t.set_id(id);
  t.set_customer_id(7);
  t.set_type("internet");
  t.set_period(period);
  t.set_amount(amount);
  t.set_due_date(due);
  t.set_status(status);
  return t;
}

class FakeBilling final : public BillingClient {
 public:
  bills::v1::Settings Settings() override { return messaging::Settings(); }
  std::optional<bills::v1::Transaction> Transaction(int64_t id, const rpc::Caller&) override {
    for (const auto& t : transactions) {
      if (t.id() == id) return t;
    }
    return std::nullopt;
  }
  std::vector<bills::v1::Transaction> Transactions(int64_t, const std::string& status,
                                                   const rpc::Caller&) override {
    std::vector<bills::v1::Transaction> out;
    for (const auto& t : transactions) {
      if (status.empty() || t.status() == status) out.push_back(t);
    }
    return out;
  }
  std::vector<bills::v1::ArrearsRow> Arrears(const std::string&, const rpc::Caller&) override {
    return {};
  }
  std::vector<bills::v1::Transaction> transactions;
};

class FakeCustomers final : public CustomerClient {
 public:
  std::optional<customer::v1::Customer> Find(int64_t id, const rpc::Caller&) override {
    if (id != 7) return std::nullopt;
    customer::v1::Customer c = Customer(type);
    c.set_phone(phone);
    return c;
  }
  customer::v1::CustomerType type = customer::v1::CUSTOMER_TYPE_INTERNET;
  std::string phone = "6281234567890";
};

TEST(MessageComposerTest, CustomerBillsGoInOneMessageWithTheBillTemplate) {
  FakeBilling billing;
  FakeCustomers customers;
  billing.transactions = {Bill(2, "2026-10", 150000, "2026-10-15"),
                          Bill(1, "2026-09", 150000, "2026-09-15"),
                          Bill(3, "2026-08", 150000, "2026-08-15", "paid")};
  MessageComposer composer(billing, customers);
  ComposedMessage m = composer.ForCustomer(7, Settings(), rpc::Caller());
  EXPECT_EQ(m.kind, MessageKind::kInternetBill);
  EXPECT_EQ(m.body, "Tagihan Budi 2026-09, 2026-10 Rp 300.000 budi/rahasia");
  EXPECT_EQ(m.phone, "6281234567890");
  EXPECT_EQ(m.transaction_id, 0);
  EXPECT_EQ(m.params["total"], "Rp 300.000");
}

TEST(MessageComposerTest, APaidTransactionGetsAReceipt) {
  FakeBilling billing;
  FakeCustomers customers;
  auto paid = Bill(3, "2026-08", 150000, "2026-08-15", "paid");
  paid.set_paid_amount(140000);
  billing.transactions = {paid};
  MessageComposer composer(billing, customers);
  ComposedMessage m = composer.ForTransaction(3, Settings(), rpc::Caller());
  EXPECT_EQ(m.kind, MessageKind::kReceipt);
  EXPECT_EQ(m.body, "Terima kasih Budi, Rp 140.000 diterima");
  EXPECT_EQ(m.transaction_id, 3);
}

TEST(MessageComposerTest, ErrorsStaffCanActOn) {
  FakeBilling billing;
  FakeCustomers customers;
  MessageComposer composer(billing, customers);
  try {
    composer.ForCustomer(7, Settings(), rpc::Caller());
    ADD_FAILURE();
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.code(), errors::Code::kFailedPrecondition);
  }
  try {
    composer.ForCustomer(8, Settings(), rpc::Caller());
    ADD_FAILURE();
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.code(), errors::Code::kNotFound);
  }
  try {
    composer.Preview(MessageKind::kReminder, 7, std::string("Halo {name}"), Settings(),
                     rpc::Caller());
    ADD_FAILURE();
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.code(), errors::Code::kInvalidArgument);
    EXPECT_EQ(e.fields().count("template"), 1u);
  }
}

TEST(MessageComposerTest, GasCustomersGetTheInvoiceAndPreviewWorksWithoutBills) {
  FakeBilling billing;
  FakeCustomers customers;
  customers.type = customer::v1::CUSTOMER_TYPE_GAS;
  MessageComposer composer(billing, customers);
  ComposedMessage m =
      composer.Preview(BillKindFor("gas"), 7, std::nullopt, Settings(), rpc::Caller());
  EXPECT_EQ(m.kind, MessageKind::kGasInvoice);
  EXPECT_EQ(m.body, "Faktur gas Budi Rp 0");
}

TEST(MessageComposerTest, NoticeFillsTheReasonAndGoesToTheNormalisedPhone) {
  FakeBilling billing;
  FakeCustomers customers;
  customers.phone = "0812-3456-7890";
  billing.transactions = {Bill(1, "2026-09", 150000, "2026-09-15"),
                          Bill(2, "2026-08", 150000, "2026-08-15", "paid")};
  MessageComposer composer(billing, customers);
  ComposedMessage m =
      composer.Notice(MessageKind::kIsolir, 7, "Telat bayar", Settings(), rpc::Caller());
  EXPECT_EQ(m.kind, MessageKind::kIsolir);
  EXPECT_EQ(m.body, "Isolir Budi (budi): Telat bayar; tunggakan Rp 150.000");
  EXPECT_EQ(m.phone, "6281234567890");
  EXPECT_EQ(m.params["alasan"], "Telat bayar");
  ComposedMessage back = composer.Notice(MessageKind::kReconnect, 7, "", Settings(), rpc::Caller());
  EXPECT_EQ(back.kind, MessageKind::kReconnect);
  EXPECT_EQ(back.body, "Aktif Budi: -");
}

TEST(MessageComposerTest, NoticeRefusesGasCustomersAndCustomersWithoutAPhone) {
  FakeBilling billing;
  FakeCustomers customers;
  MessageComposer composer(billing, customers);
  auto code_of = [&](int64_t customer_id, const bills::v1::Settings& settings) {
    try {
      composer.Notice(MessageKind::kIsolir, customer_id, "x", settings, rpc::Caller());
    } catch (const errors::Error& e) {
      return e.code();
    }
    return errors::Code::kInternal;  // no error at all: never what a case below expects
  };
  customers.type = customer::v1::CUSTOMER_TYPE_GAS;
  EXPECT_EQ(code_of(7, Settings()), errors::Code::kFailedPrecondition);
  customers.type = customer::v1::CUSTOMER_TYPE_INTERNET;
  customers.phone = "";
  EXPECT_EQ(code_of(7, Settings()), errors::Code::kInvalidArgument);
  customers.phone = "12";
  EXPECT_EQ(code_of(7, Settings()), errors::Code::kInvalidArgument);
  customers.phone = "6281234567890";
  EXPECT_EQ(code_of(8, Settings()), errors::Code::kNotFound);
  bills::v1::Settings without = Settings();
  without.mutable_templates()->erase("isolir");
  EXPECT_EQ(code_of(7, without), errors::Code::kFailedPrecondition);
}

TEST(MessageComposerTest, PreviewOfANoticeShowsASampleReason) {
  FakeBilling billing;
  FakeCustomers customers;
  MessageComposer composer(billing, customers);
  ComposedMessage m =
      composer.Preview(MessageKind::kReconnect, 7, std::nullopt, Settings(), rpc::Caller());
  EXPECT_EQ(m.body, std::string("Aktif Budi: ") + i18n::kNoticePreviewReason);
  try {
    composer.Preview(MessageKind::kReminder, 7, std::string("{alasan}"), Settings(), rpc::Caller());
    ADD_FAILURE() << "{alasan} belongs to the notices only";
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.code(), errors::Code::kInvalidArgument);
  }
}

// The payment service as messaging sees it: records what was asked, answers `url` or fails.
class FakePayments final : public PaymentClient {
 public:
  std::string PortalLink(int64_t customer_id, int64_t bill_id) override {
    asked.emplace_back(customer_id, bill_id);
    if (fail) throw errors::Unavailable("payment down");
    return url;
  }
  std::string url = "https://tagihan.example.net/portal/l/tok";
  bool fail = false;
  std::vector<std::pair<int64_t, int64_t>> asked;
};

bills::v1::Settings OnlineSettings() {
  bills::v1::Settings settings = Settings();
  (*settings.mutable_templates())["internet_bill"] =
      "Tagihan {nama}\nBayar online: {link_bayar}\nOK";
  (*settings.mutable_templates())["reminder"] = "Tunggakan {nama}\nBayar: {link_bayar}";
  (*settings.mutable_templates())["receipt"] = "Terima kasih {nama}";
  settings.mutable_payment()->set_public_url("https://tagihan.example.net");
  return settings;
}

TEST(MessageComposerTest, CustomerNameIsEmptyForAnUnknownCustomer) {
  FakeBilling billing;
  FakeCustomers customers;
  MessageComposer composer(billing, customers);
  EXPECT_EQ(composer.CustomerName(7, rpc::Caller()), "Budi");
  EXPECT_EQ(composer.CustomerName(8, rpc::Caller()), "");
}

TEST(MessageComposerTest, BillsCarryThePayLinkOfTheirBill) {
  FakeBilling billing;
  FakeCustomers customers;
  FakePayments payments;
  billing.transactions = {Bill(4, "2026-10", 150000, "2026-10-15")};
  MessageComposer composer(billing, customers, payments);
  ComposedMessage m = composer.ForTransaction(4, OnlineSettings(), rpc::Caller());
  EXPECT_EQ(m.body, "Tagihan Budi\nBayar online: https://tagihan.example.net/portal/l/tok\nOK");
  EXPECT_EQ(m.params["link_bayar"], "https://tagihan.example.net/portal/l/tok");
  ASSERT_EQ(payments.asked.size(), 1u);
  EXPECT_EQ(payments.asked[0], std::make_pair(int64_t{7}, int64_t{4}));
  // Several bills: the link for all of them (bill 0).
  billing.transactions.push_back(Bill(5, "2026-11", 150000, "2026-11-15"));
  composer.ForCustomer(7, OnlineSettings(), rpc::Caller());
  EXPECT_EQ(payments.asked.back(), std::make_pair(int64_t{7}, int64_t{0}));
}

TEST(MessageComposerTest, WithoutALinkThePayLineIsDropped) {
  FakeBilling billing;
  FakeCustomers customers;
  FakePayments payments;
  billing.transactions = {Bill(4, "2026-10", 150000, "2026-10-15")};
  MessageComposer composer(billing, customers, payments);
  payments.fail = true;
  EXPECT_EQ(composer.ForTransaction(4, OnlineSettings(), rpc::Caller()).body, "Tagihan Budi\nOK");
  payments.fail = false;
  payments.url = "";
  EXPECT_EQ(composer.ForTransaction(4, OnlineSettings(), rpc::Caller()).body, "Tagihan Budi\nOK");
  // No public address: online payment is off, the payment service is not even asked.
  payments.asked.clear();
  payments.url = "https://x.example/l";
  bills::v1::Settings off = OnlineSettings();
  off.mutable_payment()->set_public_url("");
  EXPECT_EQ(composer.ForTransaction(4, off, rpc::Caller()).body, "Tagihan Budi\nOK");
  EXPECT_TRUE(payments.asked.empty());
}

TEST(MessageComposerTest, PreviewAndRemindersShowThePayLinkReceiptsNever) {
  FakeBilling billing;
  FakeCustomers customers;
  FakePayments payments;
  billing.transactions = {Bill(4, "2026-10", 150000, "2026-10-15")};
  MessageComposer composer(billing, customers, payments);
  ComposedMessage preview =
      composer.Preview(MessageKind::kReminder, 7, std::nullopt, OnlineSettings(), rpc::Caller());
  EXPECT_EQ(preview.body, "Tunggakan Budi\nBayar: https://tagihan.example.net/portal/l/tok");
  auto reminder =
      composer.Reminder(7, billing.transactions, 150000, OnlineSettings(), rpc::Caller());
  ASSERT_TRUE(reminder.has_value());
  EXPECT_EQ(reminder->body, "Tunggakan Budi\nBayar: https://tagihan.example.net/portal/l/tok");
  payments.asked.clear();
  auto paid = Bill(6, "2026-09", 150000, "2026-09-15", "paid");
  auto receipt = composer.Receipt(paid, OnlineSettings(), rpc::Caller());
  ASSERT_TRUE(receipt.has_value());
  EXPECT_EQ(receipt->body, "Terima kasih Budi");
  EXPECT_EQ(receipt->params.count("link_bayar"), 0u);
  EXPECT_TRUE(payments.asked.empty());
}

}  // namespace
}  // namespace billing::messaging
