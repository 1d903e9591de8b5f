// The default templates for every kind of customer and bill: no dangling sentence, no gap left
// by an empty value, no placeholder left over, and what each case should say is said.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "domain/message_templates.h"
#include "domain/rupiah.h"
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

enum class Tax { kNone, kAdded, kIncluded };

// One combination of what a customer and their bills may or may not have.
struct Case {
  bool gas = false;            // a gas customer (bills with items) or an internet one
  bool bank_accounts = false;  // settings.bank_accounts set
  bool pay_link = false;       // online payment on
  bool bills = false;          // the message is about bills (a preview may have none)
  bool invoice_no = false;     // the bills have invoice numbers (older ones do not)
  bool login = false;          // PPPoE username / password and package set
  bool discount = false;       // 10% off the package or the items
  Tax tax = Tax::kNone;        // PPN 11%
  bool installation = false;   // internet: the first bill has the installation fee, pro rata

  std::string Describe() const {
    return std::string(gas ? "gas" : "internet") + (bank_accounts ? " +bank" : " -bank") +
           (pay_link ? " +link" : " -link") + (bills ? " +bills" : " -bills") +
           (invoice_no ? " +invoice" : " -invoice") + (login ? " +login" : " -login") +
           (discount ? " +discount" : " -discount") +
           (tax == Tax::kNone    ? " -tax"
            : tax == Tax::kAdded ? " +tax"
                                 : " +tax-included") +
           (installation ? " +installation" : " -installation");
  }
};

std::vector<Case> EveryCase() {
  std::vector<Case> cases;
  for (int bits = 0; bits < 256; ++bits) {
    for (Tax tax : {Tax::kNone, Tax::kAdded, Tax::kIncluded}) {
      cases.push_back({(bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0,
                       (bits & 16) != 0, (bits & 32) != 0, (bits & 64) != 0, tax,
                       (bits & 128) != 0});
    }
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

void AddLine(bills::v1::Transaction& bill, const std::string& kind, const std::string& label,
             int64_t qty, int64_t unit_price, int64_t amount, const std::string& note = "") {
  auto* line = bill.add_lines();
  line->set_kind(kind);
  line->set_label(label);
  line->set_qty(qty);
  line->set_unit_price(unit_price);
  line->set_amount(amount);
  line->set_note(note);
}

// round(a / b), half up, as billing rounds.
int64_t Round(int64_t a, int64_t b) { return (2 * a + b) / (2 * b); }

// Two bills of July and August 2026, with their lines as billing makes them.
std::vector<bills::v1::Transaction> BillsFor(const Case& c) {
  std::vector<bills::v1::Transaction> bills;
  if (!c.bills) return bills;
  for (int i = 1; i <= 2; ++i) {
    bills::v1::Transaction bill;
    bill.set_id(i);
    bill.set_customer_id(7);
    bill.set_type(c.gas ? "gas" : "internet");
    std::string period = "2026-0" + std::to_string(6 + i);
    bill.set_period(period);
    bill.set_due_date(period + "-10");
    bill.set_status("unpaid");
    if (c.invoice_no)
      bill.set_invoice_no("INV/2026/0" + std::to_string(6 + i) + "/000" + std::to_string(i));
    int64_t base = 0;
    if (c.gas) {
      auto* item = bill.add_items();
      item->set_name("LPG 3 kg");
      item->set_qty(2);
      item->set_unit_price(22000);
      AddLine(bill, "item", "LPG 3 kg", 2, 22000, 44000);
      base = 44000;
    } else if (c.installation && i == 1) {
      // Installed on 21 July: 11 of July's 31 days.
      base = Round(150000 * 11, 31);
      AddLine(bill, "package", "Paket 20 Mbps " + period, 1, 150000, base, "pro rata 11/31 hari");
    } else {
      AddLine(bill, "package", "Paket 20 Mbps " + period, 1, 150000, 150000);
      base = 150000;
    }
    int64_t installation = !c.gas && c.installation && i == 1 ? 250000 : 0;
    if (installation > 0) {
      AddLine(bill, "installation", "Biaya pemasangan", 1, installation, installation);
    }
    int64_t discount = c.discount ? Round(base * 10, 100) : 0;
    if (discount > 0) AddLine(bill, "discount", "Diskon 10%", 1, -discount, -discount);
    int64_t taxable = base - discount + installation;
    int64_t tax = 0;
    if (c.tax != Tax::kNone) {
      bool included = c.tax == Tax::kIncluded;
      tax = included ? Round(taxable * 11, 111) : Round(taxable * 11, 100);
      AddLine(bill, "tax", "PPN 11%", 1, tax, tax);
      bill.mutable_lines()->rbegin()->set_included(included);
    }
    bill.set_discount_amount(discount);
    bill.set_tax_amount(tax);
    bill.set_amount(c.tax == Tax::kAdded ? taxable + tax : taxable);
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

size_t Count(const std::string& body, const std::string& part) {
  size_t count = 0;
  for (size_t at = body.find(part); at != std::string::npos; at = body.find(part, at + 1)) {
    ++count;
  }
  return count;
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
      bool has_lines = c.bills && lists_lines;
      EXPECT_EQ(Count(body, "2 x LPG 3 kg @ Rp 22.000 = Rp 44.000\n"), c.gas && has_lines ? 2u : 0u)
          << where;
      EXPECT_EQ(Count(body, "Internet Paket 20 Mbps 2026-0"), !c.gas && has_lines ? 2u : 0u)
          << where;
      EXPECT_EQ(Has(body, "Internet Paket 20 Mbps 2026-07 (pro rata 11/31 hari) = Rp 53.226\n"),
                !c.gas && has_lines && c.installation)
          << where;
      EXPECT_EQ(Has(body, "Biaya pemasangan = Rp 250.000\n"), !c.gas && has_lines && c.installation)
          << where;
      EXPECT_EQ(Count(body, "Diskon 10% = -Rp "), has_lines && c.discount ? 2u : 0u) << where;
      EXPECT_EQ(Count(body, "PPN 11% = Rp "), has_lines && c.tax == Tax::kAdded ? 2u : 0u) << where;
      EXPECT_EQ(Count(body, "PPN 11% (sudah termasuk) = Rp "),
                has_lines && c.tax == Tax::kIncluded ? 2u : 0u)
          << where;
      // The internet bill sums the discount and PPN (its own lines, before the total); the
      // kinds with {rincian} show them as lines, so they have no sums.
      bool sums = kind == MessageKind::kInternetBill && c.bills;
      int64_t discount = 0;
      int64_t tax = 0;
      for (const auto& bill : BillsFor(c)) {
        discount += bill.discount_amount();
        tax += bill.tax_amount();
      }
      EXPECT_EQ(Has(body, "\nDiskon: Rp " + domain::FormatThousands(discount) + "\n"),
                sums && c.discount)
          << where;
      EXPECT_EQ(Has(body, "Diskon:"), sums && c.discount) << where;
      std::string ppn = "\nPPN: Rp " + domain::FormatThousands(tax) +
                        (c.tax == Tax::kIncluded ? " (sudah termasuk)" : "") + "\nTotal: ";
      EXPECT_EQ(Has(body, ppn), sums && c.tax != Tax::kNone) << where;
      EXPECT_EQ(Has(body, "PPN:"), sums && c.tax != Tax::kNone) << where;
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

// A first bill with the installation fee, pro rata, 10% off and PPN added to a second one: the
// discount and PPN before the total; the package and period as in every bill.
TEST(DefaultTemplatesTest, TheInternetBillSaysItsDiscountAndPpn) {
  Case c{.bills = true,
         .invoice_no = true,
         .login = true,
         .discount = true,
         .tax = Tax::kAdded,
         .installation = true};
  EXPECT_EQ(ComposeDefault(MessageKind::kInternetBill, c).body,
            "Halo Budi Santoso,\n\n"
            "Berikut tagihan internet Anda.\n"
            "No. Invoice: INV/2026/07/0001, INV/2026/08/0002\n"
            "Layanan: Paket 20 Mbps\n"
            "Periode: 2026-07, 2026-08\n"
            "Diskon: Rp 20.323\n"
            "PPN: Rp 47.619\n"
            "Total: Rp 480.522\n"
            "Jatuh tempo: 10 Juli 2026\n\n"
            "Username PPPoE: budi@net\n"
            "Password: rahasia1\n\n"
            "Terima kasih,\n"
            "Sejahtera Net");
  c.discount = false;
  c.tax = Tax::kIncluded;
  c.installation = false;
  std::string included = ComposeDefault(MessageKind::kInternetBill, c).body;
  EXPECT_TRUE(Has(included,
                  "\nPeriode: 2026-07, 2026-08\nPPN: Rp 29.730 (sudah termasuk)\n"
                  "Total: Rp 300.000\n"))
      << included;
}

// A receipt lists every line of the bills it paid, PPN inside the prices marked as such.
TEST(DefaultTemplatesTest, TheReceiptListsTheBillsLines) {
  Case c{.bills = true,
         .invoice_no = true,
         .discount = true,
         .tax = Tax::kIncluded,
         .installation = true};
  EXPECT_EQ(ComposeDefault(MessageKind::kReceipt, c).body,
            "Halo Budi Santoso,\n\n"
            "Pembayaran sebesar Rp 432.903 sudah kami terima.\n"
            "No. Invoice: INV/2026/07/0001, INV/2026/08/0002\n"
            "Internet Paket 20 Mbps 2026-07 (pro rata 11/31 hari) = Rp 53.226\n"
            "Biaya pemasangan = Rp 250.000\n"
            "Diskon 10% = -Rp 5.323\n"
            "PPN 11% (sudah termasuk) = Rp 29.522\n"
            "Internet Paket 20 Mbps 2026-08 = Rp 150.000\n"
            "Diskon 10% = -Rp 15.000\n"
            "PPN 11% (sudah termasuk) = Rp 13.378\n\n"
            "Terima kasih!\n"
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
