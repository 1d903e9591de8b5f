// The default templates for every kind of customer and bill: no dangling sentence, no gap left
// by an empty value, no placeholder left over, and what each case should say is said.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "domain/message_templates.h"
#include "i18n/messages.h"
#include "message_composer.h"
#include "testing/settings_json.h"

namespace billing::messaging {
namespace {

using nlohmann::json;

const char* DefaultTemplate(MessageKind kind) {
  switch (kind) {
    case MessageKind::kInternetBill:
      return i18n::kTemplateInternetBill;
    case MessageKind::kGasInvoice:
      return i18n::kTemplateGasInvoice;
    case MessageKind::kReminder:
      return i18n::kTemplateReminder;
    case MessageKind::kReceipt:
      return i18n::kTemplateReceipt;
    case MessageKind::kIsolir:
      return i18n::kTemplateIsolir;
    case MessageKind::kReconnect:
      return i18n::kTemplateReconnect;
  }
  return "";
}

// One combination of what a customer and their bills may or may not have.
struct Case {
  bool gas = false;            // a gas customer (bills with items) or an internet one
  bool bank_accounts = false;  // settings.bank_accounts set
  bool pay_link = false;       // online payment on
  bool bills = false;          // the message is about bills (a preview may have none)
  bool invoice_no = false;     // the bills have invoice numbers (older ones do not)
  bool login = false;          // PPPoE username / password and package set

  std::string Describe() const {
    return std::string(gas ? "gas" : "internet") + (bank_accounts ? " +bank" : " -bank") +
           (pay_link ? " +link" : " -link") + (bills ? " +bills" : " -bills") +
           (invoice_no ? " +invoice" : " -invoice") + (login ? " +login" : " -login");
  }
};

std::vector<Case> EveryCase() {
  std::vector<Case> cases;
  for (int bits = 0; bits < 64; ++bits) {
    cases.push_back({(bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0,
                     (bits & 16) != 0, (bits & 32) != 0});
  }
  return cases;
}

bills::v1::Settings SettingsFor(const Case& c) {
  json accounts = json::array();
  if (c.bank_accounts) {
    accounts = {{{"bank", "BCA"}, {"number", "1234567890"}, {"holder", "Sejahtera"}},
                {{"bank", "BRI"}, {"number", "0099"}, {"holder", "Sri"}}};
  }
  return testing::SettingsFrom(
      {{"business", {{"name", "Sejahtera Net"}}}, {"bank_accounts", accounts}});
}

customer::v1::Customer CustomerFor(const Case& c) {
  customer::v1::Customer customer;
  customer.set_id(7);
  customer.set_name("Budi Santoso");
  customer.set_phone("6281234567890");
  customer.set_type(c.gas ? customer::v1::CUSTOMER_TYPE_GAS : customer::v1::CUSTOMER_TYPE_INTERNET);
  if (c.login && !c.gas) {
    customer.set_pppoe_username("budi@net");
    customer.set_pppoe_password("rahasia1");
    customer.set_package_name("Paket 20 Mbps");
  }
  return customer;
}

std::vector<bills::v1::Transaction> BillsFor(const Case& c) {
  std::vector<bills::v1::Transaction> bills;
  if (!c.bills) return bills;
  for (int i = 1; i <= 2; ++i) {
    bills::v1::Transaction bill;
    bill.set_id(i);
    bill.set_customer_id(7);
    bill.set_type(c.gas ? "gas" : "internet");
    bill.set_period("2026-0" + std::to_string(6 + i));
    bill.set_due_date("2026-0" + std::to_string(6 + i) + "-10");
    bill.set_status("unpaid");
    if (c.invoice_no)
      bill.set_invoice_no("INV/2026/0" + std::to_string(6 + i) + "/000" + std::to_string(i));
    if (c.gas) {
      auto* item = bill.add_items();
      item->set_name("LPG 3 kg");
      item->set_qty(2);
      item->set_unit_price(22000);
      bill.set_amount(44000);
    } else {
      bill.set_amount(150000);
    }
    bills.push_back(bill);
  }
  return bills;
}

ComposedMessage ComposeDefault(MessageKind kind, const Case& c) {
  bills::v1::Settings settings = SettingsFor(c);
  customer::v1::Customer customer = CustomerFor(c);
  MessageFacts facts = CustomerFacts(customer, settings);
  AddBills(facts, BillsFor(c));
  facts.total_owed = facts.total;
  if (IsNotice(kind)) facts.reason = "Tunggakan 2 bulan";
  if (c.pay_link) facts.pay_link = "https://tagihan.example.net/portal/l/tok";
  return Compose(kind, customer, facts, settings, std::string(DefaultTemplate(kind)));
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (true) {
    size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end == std::string::npos ? end : end - start));
    if (end == std::string::npos) return lines;
    start = end + 1;
  }
}

bool EndsWith(const std::string& text, const std::string& tail) {
  return text.size() >= tail.size() &&
         text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

// Everything that betrays an empty value in the middle of text.
void ExpectNoDanglingText(const std::string& body, const std::string& where) {
  EXPECT_EQ(body.find('{'), std::string::npos) << where << "\n" << body;
  EXPECT_EQ(body.find('}'), std::string::npos) << where << "\n" << body;
  std::vector<std::string> lines = Lines(body);
  ASSERT_FALSE(lines.empty());
  EXPECT_FALSE(lines.front().empty()) << where << ": starts with a blank line\n" << body;
  EXPECT_FALSE(lines.back().empty()) << where << ": ends with a blank line\n" << body;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    std::string at = where + ", line " + std::to_string(i + 1) + " \"" + line + "\"";
    EXPECT_FALSE(EndsWith(line, " .")) << at;
    EXPECT_FALSE(EndsWith(line, " ,")) << at;
    EXPECT_FALSE(EndsWith(line, ":")) << at;
    EXPECT_FALSE(EndsWith(line, " ")) << at;  // also ": " with nothing after it
    EXPECT_EQ(line.find("  "), std::string::npos) << at;
    EXPECT_EQ(line.find(" ."), std::string::npos) << at;
    EXPECT_EQ(line.find(" ,"), std::string::npos) << at;
    EXPECT_EQ(line.find("()"), std::string::npos) << at;
    EXPECT_EQ(line.find(": ."), std::string::npos) << at;
    EXPECT_FALSE(i > 0 && line.empty() && lines[i - 1].empty()) << at << ": doubled blank line";
  }
}

bool Has(const std::string& body, const std::string& part) {
  return body.find(part) != std::string::npos;
}

TEST(DefaultTemplatesTest, NoKindLeavesDanglingTextForAnyCustomer) {
  for (const char* name : domain::kTemplateKinds) {
    MessageKind kind = *ParseKind(name);
    for (const Case& c : EveryCase()) {
      ComposedMessage message = ComposeDefault(kind, c);
      ExpectNoDanglingText(message.body, std::string(name) + " (" + c.Describe() + ")");
    }
  }
}

// Left out lines take only what was empty: each fact that is there is said.
TEST(DefaultTemplatesTest, WhatIsKnownIsSaid) {
  for (const char* name : domain::kTemplateKinds) {
    MessageKind kind = *ParseKind(name);
    for (const Case& c : EveryCase()) {
      std::string body = ComposeDefault(kind, c).body;
      std::string where = std::string(name) + " (" + c.Describe() + ")\n" + body;
      EXPECT_EQ(body.rfind(IsNotice(kind) ? "Yth. Budi Santoso," : "Halo Budi Santoso,", 0), 0u)
          << where;
      EXPECT_TRUE(EndsWith(body, "\nSejahtera Net")) << where;
      bool asks_for_money = domain::HasPayLink(name);
      EXPECT_EQ(Has(body, "BCA 1234567890 a.n. Sejahtera, BRI 0099 a.n. Sri"),
                c.bank_accounts && kind != MessageKind::kReceipt && kind != MessageKind::kReconnect)
          << where;
      EXPECT_EQ(Has(body, "Bayar online / cek tagihan: https://tagihan.example.net/portal/l/tok"),
                c.pay_link && asks_for_money)
          << where;
      bool shows_invoice = kind != MessageKind::kIsolir && kind != MessageKind::kReconnect;
      EXPECT_EQ(Has(body, "No. Invoice: INV/2026/07/0001, INV/2026/08/0002"),
                c.bills && c.invoice_no && shows_invoice)
          << where;
      EXPECT_EQ(Has(body, "No. Invoice"), c.bills && c.invoice_no && shows_invoice) << where;
      bool lists_lines = kind == MessageKind::kGasInvoice || kind == MessageKind::kReceipt;
      EXPECT_EQ(Has(body,
                    "2 x LPG 3 kg @ Rp 22.000 = Rp 44.000\n2 x LPG 3 kg @ Rp 22.000 = "
                    "Rp 44.000\n"),
                c.gas && c.bills && lists_lines)
          << where;
      if (kind == MessageKind::kInternetBill || kind == MessageKind::kIsolir ||
          kind == MessageKind::kReconnect) {
        EXPECT_EQ(Has(body, "Username PPPoE: budi@net"), c.login && !c.gas) << where;
      }
    }
  }
}

TEST(DefaultTemplatesTest, TheInternetBillReadsAsALetter) {
  Case c{.gas = false,
         .bank_accounts = true,
         .pay_link = true,
         .bills = true,
         .invoice_no = true,
         .login = true};
  EXPECT_EQ(ComposeDefault(MessageKind::kInternetBill, c).body,
            "Halo Budi Santoso,\n\n"
            "Berikut tagihan internet Anda.\n"
            "No. Invoice: INV/2026/07/0001, INV/2026/08/0002\n"
            "Layanan: Paket 20 Mbps\n"
            "Periode: 2026-07, 2026-08\n"
            "Total: Rp 300.000\n"
            "Jatuh tempo: 10 Juli 2026\n\n"
            "Username PPPoE: budi@net\n"
            "Password: rahasia1\n\n"
            "Pembayaran dapat ditransfer ke BCA 1234567890 a.n. Sejahtera, BRI 0099 a.n. Sri\n"
            "Bayar online / cek tagihan: https://tagihan.example.net/portal/l/tok\n\n"
            "Terima kasih,\n"
            "Sejahtera Net");
}

// A gas invoice with nothing to offer but cash: the lines about paying go, with their gap.
TEST(DefaultTemplatesTest, TheGasInvoiceWithoutBankOrLink) {
  Case c{.gas = true, .bills = true, .invoice_no = true};
  EXPECT_EQ(ComposeDefault(MessageKind::kGasInvoice, c).body,
            "Halo Budi Santoso,\n\n"
            "Berikut faktur pembelian gas Anda.\n"
            "No. Invoice: INV/2026/07/0001, INV/2026/08/0002\n"
            "2 x LPG 3 kg @ Rp 22.000 = Rp 44.000\n"
            "2 x LPG 3 kg @ Rp 22.000 = Rp 44.000\n"
            "Total: Rp 88.000\n"
            "Jatuh tempo: 10 Juli 2026\n\n"
            "Terima kasih,\n"
            "Sejahtera Net");
}

// The reminder of issue 17: no "Mohon segera melakukan pembayaran ke ." without a bank account.
TEST(DefaultTemplatesTest, TheReminderWithoutABankAccount) {
  Case c{.bills = true};
  EXPECT_EQ(ComposeDefault(MessageKind::kReminder, c).body,
            "Halo Budi Santoso,\n\n"
            "Kami mengingatkan tunggakan Anda sebesar Rp 300.000. Mohon segera melakukan "
            "pembayaran.\n\n"
            "Abaikan pesan ini jika Anda sudah membayar. Terima kasih,\n"
            "Sejahtera Net");
}

}  // namespace
}  // namespace billing::messaging
