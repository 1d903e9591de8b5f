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

bills::v1::Transaction GasSale(int64_t id, const std::string& invoice_no) {
  bills::v1::Transaction t = Bill(id, "2026-10", 0, "2026-10-20");
  t.set_type("gas");
  t.set_invoice_no(invoice_no);
  auto* small = t.add_items();
  small->set_name("LPG 3 kg");
  small->set_qty(2);
  small->set_unit_price(22000);
  auto* large = t.add_items();
  large->set_name("LPG 12 kg");
  large->set_qty(1);
  large->set_unit_price(210000);
  t.set_amount(254000);
  return t;
}

bills::v1::Settings DetailSettings() {
  bills::v1::Settings settings = Settings();
  for (const char* kind : {"internet_bill", "gas_invoice", "reminder", "receipt"}) {
    (*settings.mutable_templates())[kind] = "{no_invoice}\n{rincian}";
  }
  return settings;
}

TEST(MessageComposerTest, AGasSaleListsItsItemsAndItsInvoiceNumber) {
  FakeBilling billing;
  FakeCustomers customers;
  customers.type = customer::v1::CUSTOMER_TYPE_GAS;
  billing.transactions = {GasSale(9, "INV/2026/10/0042")};
  MessageComposer composer(billing, customers);
  ComposedMessage m = composer.ForTransaction(9, DetailSettings(), rpc::Caller());
  EXPECT_EQ(m.kind, MessageKind::kGasInvoice);
  EXPECT_EQ(m.body,
            "INV/2026/10/0042\n"
            "2 x LPG 3 kg @ Rp 22.000 = Rp 44.000\n"
            "1 x LPG 12 kg @ Rp 210.000 = Rp 210.000");
  EXPECT_EQ(m.params["no_invoice"], "INV/2026/10/0042");
  EXPECT_TRUE(m.empty_placeholders.empty());
}

// Several internet bills: one line each, oldest first, and their numbers joined.
TEST(MessageComposerTest, InternetBillsAreOneLineEachWithPackageAndPeriod) {
  FakeBilling billing;
  FakeCustomers customers;
  billing.transactions = {Bill(2, "2026-10", 150000, "2026-10-15"),
                          Bill(1, "2026-09", 150000, "2026-09-15")};
  billing.transactions[0].set_invoice_no("INV/2026/10/0002");
  billing.transactions[1].set_invoice_no("INV/2026/09/0001");
  MessageComposer composer(billing, customers);
  customer::v1::Customer customer = Customer(customer::v1::CUSTOMER_TYPE_INTERNET);
  customer.set_package_name("Paket 20 Mbps");
  MessageFacts facts = CustomerFacts(customer, Settings());
  AddBills(facts, billing.transactions);
  PlaceholderValues values = ValuesFor(facts);
  EXPECT_EQ(values["no_invoice"], "INV/2026/09/0001, INV/2026/10/0002");
  EXPECT_EQ(values["rincian"],
            "Internet Paket 20 Mbps 2026-09 = Rp 150.000\n"
            "Internet Paket 20 Mbps 2026-10 = Rp 150.000");
  // Without a package the line has no gap; a gas bill without items shows its description.
  customer.set_package_name("");
  auto imported = Bill(3, "2026-08", 66000, "2026-08-15");
  imported.set_type("gas");
  imported.set_description("Tunggakan gas lama");
  facts = CustomerFacts(customer, Settings());
  AddBills(facts, {billing.transactions[1], imported});
  EXPECT_EQ(ValuesFor(facts)["rincian"],
            "Internet 2026-09 = Rp 150.000\nTunggakan gas lama = Rp 66.000");
  EXPECT_EQ(ValuesFor(facts)["no_invoice"], "INV/2026/09/0001");
}

TEST(MessageComposerTest, AReceiptNamesTheBillItPaid) {
  FakeBilling billing;
  FakeCustomers customers;
  auto paid = Bill(3, "2026-08", 150000, "2026-08-15", "paid");
  paid.set_invoice_no("INV/2026/08/0003");
  billing.transactions = {paid};
  MessageComposer composer(billing, customers);
  ComposedMessage m = composer.ForTransaction(3, DetailSettings(), rpc::Caller());
  EXPECT_EQ(m.kind, MessageKind::kReceipt);
  EXPECT_EQ(m.body, "INV/2026/08/0003\nInternet 2026-08 = Rp 150.000");
}

// A broadcast row only sums the bills: the details come from the customer's unpaid bills of the
// broadcast's type.
TEST(MessageComposerTest, ABroadcastBillListsTheUnpaidBillsOfItsType) {
  FakeBilling billing;
  FakeCustomers customers;
  auto internet = Bill(1, "2026-09", 150000, "2026-09-15");
  internet.set_invoice_no("INV/2026/09/0001");
  billing.transactions = {internet, GasSale(2, "INV/2026/10/0002"),
                          Bill(3, "2026-08", 150000, "2026-08-15", "paid")};
  MessageComposer composer(billing, customers);
  bills::v1::ArrearsRow row;
  row.set_customer_id(7);
  row.set_total_owed(150000);
  auto m = composer.ForArrears(row, "bill", "internet", DetailSettings(), rpc::Caller());
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->body, "INV/2026/09/0001\nInternet 2026-09 = Rp 150.000");
  auto every = composer.ForArrears(row, "reminder", "", DetailSettings(), rpc::Caller());
  ASSERT_TRUE(every.has_value());
  EXPECT_EQ(every->params["no_invoice"], "INV/2026/09/0001, INV/2026/10/0002");
}

TEST(MessageComposerTest, APreviewNamesThePlaceholdersThatAreEmptyForTheCustomer) {
  FakeBilling billing;
  FakeCustomers customers;
  billing.transactions = {Bill(4, "2026-10", 150000, "2026-10-15")};
  MessageComposer composer(billing, customers);
  ComposedMessage m = composer.Preview(
      MessageKind::kInternetBill, 7,
      std::string("Halo {nama}\nNo. {no_invoice}\nTransfer ke {rekening}\n{link_bayar}\n"
                  "{rincian}\n{no_invoice} {paket}"),
      Settings(), rpc::Caller());
  EXPECT_EQ(m.body, "Halo Budi\nInternet 2026-10 = Rp 150.000");
  EXPECT_EQ(m.empty_placeholders,
            (std::vector<std::string>{"no_invoice", "rekening", "link_bayar", "paket"}));
}

bills::v1::BillLine* AddLine(bills::v1::Transaction& bill, const std::string& kind,
                             const std::string& label, int64_t amount) {
  auto* line = bill.add_lines();
  line->set_kind(kind);
  line->set_label(label);
  line->set_qty(1);
  line->set_unit_price(amount);
  line->set_amount(amount);
  return line;
}

// A first internet bill as billing makes it: the package pro rata, the installation fee, 10%
// off the package, PPN 11% added (or, `included`, already inside the prices).
bills::v1::Transaction FirstBill(int64_t id, bool included) {
  bills::v1::Transaction bill = Bill(id, "2026-11", 0, "2026-11-20");
  bill.set_invoice_no("INV/2026/11/0042");
  auto* package = AddLine(bill, "package", "Paket 10 Mbps 2026-11", 55000);
  package->set_unit_price(150000);
  package->set_note("pro rata 11/30 hari");
  AddLine(bill, "installation", "Biaya pemasangan", 250000);
  AddLine(bill, "discount", "Diskon 10%", -5500);
  int64_t taxable = 55000 + 250000 - 5500;
  int64_t tax = included ? 29679 : 32945;
  AddLine(bill, "tax", "PPN 11%", tax)->set_included(included);
  bill.set_discount_amount(5500);
  bill.set_tax_amount(tax);
  bill.set_amount(included ? taxable : taxable + tax);
  return bill;
}

bills::v1::Settings LineSettings() {
  bills::v1::Settings settings = Settings();
  for (const char* kind : {"internet_bill", "gas_invoice", "reminder", "receipt"}) {
    (*settings.mutable_templates())[kind] =
        "{no_invoice}\n{rincian}\nDiskon: {diskon}\nPPN: {ppn}\nTotal: {total}";
  }
  return settings;
}

TEST(MessageComposerTest, ABillWithLinesShowsEachLineItsDiscountAndItsTax) {
  FakeBilling billing;
  FakeCustomers customers;
  billing.transactions = {FirstBill(42, false)};
  MessageComposer composer(billing, customers);
  ComposedMessage m = composer.ForTransaction(42, LineSettings(), rpc::Caller());
  EXPECT_EQ(m.body,
            "INV/2026/11/0042\n"
            "Internet Paket 10 Mbps 2026-11 (pro rata 11/30 hari) = Rp 55.000\n"
            "Biaya pemasangan = Rp 250.000\n"
            "Diskon 10% = -Rp 5.500\n"
            "PPN 11% = Rp 32.945\n"
            "Diskon: Rp 5.500\n"
            "PPN: Rp 32.945\n"
            "Total: Rp 332.445");
  EXPECT_TRUE(m.empty_placeholders.empty());
}

TEST(MessageComposerTest, PpnInsideThePricesIsShownAsIncluded) {
  FakeBilling billing;
  FakeCustomers customers;
  billing.transactions = {FirstBill(42, true)};
  MessageComposer composer(billing, customers);
  ComposedMessage m = composer.ForTransaction(42, LineSettings(), rpc::Caller());
  EXPECT_EQ(m.body,
            "INV/2026/11/0042\n"
            "Internet Paket 10 Mbps 2026-11 (pro rata 11/30 hari) = Rp 55.000\n"
            "Biaya pemasangan = Rp 250.000\n"
            "Diskon 10% = -Rp 5.500\n"
            "PPN 11% (sudah termasuk) = Rp 29.679\n"
            "Diskon: Rp 5.500\n"
            "PPN: Rp 29.679 (sudah termasuk)\n"
            "Total: Rp 299.500");
}

// Gas items from the lines (not from `items`), with a discount; no PPN: its line is left out.
TEST(MessageComposerTest, AGasSaleWithLinesListsItsItemsAndDiscount) {
  FakeBilling billing;
  FakeCustomers customers;
  customers.type = customer::v1::CUSTOMER_TYPE_GAS;
  bills::v1::Transaction sale = GasSale(9, "INV/2026/10/0042");
  auto* item = AddLine(sale, "item", "LPG 3 kg", 44000);
  item->set_qty(2);
  item->set_unit_price(22000);
  AddLine(sale, "discount", "Diskon", -4000);
  sale.set_discount_amount(4000);
  sale.set_amount(40000);
  billing.transactions = {sale};
  MessageComposer composer(billing, customers);
  ComposedMessage m = composer.ForTransaction(9, LineSettings(), rpc::Caller());
  EXPECT_EQ(m.body,
            "INV/2026/10/0042\n"
            "2 x LPG 3 kg @ Rp 22.000 = Rp 44.000\n"
            "Diskon = -Rp 4.000\n"
            "Diskon: Rp 4.000\n"
            "Total: Rp 40.000");
  EXPECT_EQ(m.empty_placeholders, (std::vector<std::string>{"ppn"}));
}

// An older bill's line holds its description ("Tagihan internet periode ..."): no second
// "Internet"; a package line without a label reads as a bill without lines does.
TEST(MessageComposerTest, PackageLinesSayInternetOnce) {
  customer::v1::Customer customer = Customer(customer::v1::CUSTOMER_TYPE_INTERNET);
  customer.set_package_name("Paket 20 Mbps");
  bills::v1::Transaction old = Bill(1, "2026-09", 150000, "2026-09-15");
  AddLine(old, "package", "Tagihan internet periode 2026-09 (Paket 20 Mbps)", 150000);
  bills::v1::Transaction unnamed = Bill(2, "2026-10", 150000, "2026-10-15");
  AddLine(unnamed, "package", "", 150000);
  bills::v1::Transaction generic = Bill(3, "2026-11", 150000, "2026-11-15");
  AddLine(generic, "package", "Paket internet", 150000);
  MessageFacts facts = CustomerFacts(customer, Settings());
  AddBills(facts, {generic, unnamed, old});
  EXPECT_EQ(ValuesFor(facts)["rincian"],
            "Tagihan internet periode 2026-09 (Paket 20 Mbps) = Rp 150.000\n"
            "Internet Paket 20 Mbps 2026-10 = Rp 150.000\n"
            "Paket internet = Rp 150.000");
}

// Several bills: the discounts and the PPN add up; PPN partly added is not "sudah termasuk".
TEST(MessageComposerTest, SeveralBillsAddUpTheirDiscountsAndTaxes) {
  MessageFacts facts = CustomerFacts(Customer(customer::v1::CUSTOMER_TYPE_INTERNET), Settings());
  AddBills(facts, {FirstBill(1, true), FirstBill(2, true)});
  EXPECT_EQ(facts.total, 599000);
  EXPECT_EQ(ValuesFor(facts)["diskon"], "Rp 11.000");
  EXPECT_EQ(ValuesFor(facts)["ppn"], "Rp 59.358 (sudah termasuk)");
  facts = CustomerFacts(Customer(customer::v1::CUSTOMER_TYPE_INTERNET), Settings());
  AddBills(facts, {FirstBill(1, true), FirstBill(2, false), Bill(3, "2026-12", 150000, "")});
  EXPECT_EQ(ValuesFor(facts)["diskon"], "Rp 11.000");
  EXPECT_EQ(ValuesFor(facts)["ppn"], "Rp 62.624");
}

// A broadcast row sums the bills; their discount and PPN come from the bills themselves.
TEST(MessageComposerTest, ABroadcastSaysTheDiscountAndTaxOfItsBills) {
  FakeBilling billing;
  FakeCustomers customers;
  billing.transactions = {FirstBill(1, false)};
  MessageComposer composer(billing, customers);
  bills::v1::ArrearsRow row;
  row.set_customer_id(7);
  row.set_total_owed(332445);
  auto m = composer.ForArrears(row, "bill", "", LineSettings(), rpc::Caller());
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->params["diskon"], "Rp 5.500");
  EXPECT_EQ(m->params["ppn"], "Rp 32.945");
}

// The template editor's preview with real data fills {diskon} and {ppn} and warns of them when
// the customer's bills have none.
TEST(MessageComposerTest, APreviewKnowsTheDiscountAndTax) {
  FakeBilling billing;
  FakeCustomers customers;
  billing.transactions = {Bill(4, "2026-10", 150000, "2026-10-15")};
  MessageComposer composer(billing, customers);
  const std::string text = "Halo {nama}\nDiskon: {diskon}\nPPN: {ppn}\nTotal: {total}";
  ComposedMessage plain =
      composer.Preview(MessageKind::kInternetBill, 7, text, Settings(), rpc::Caller());
  EXPECT_EQ(plain.body, "Halo Budi\nTotal: Rp 150.000");
  EXPECT_EQ(plain.empty_placeholders, (std::vector<std::string>{"diskon", "ppn"}));
  billing.transactions = {FirstBill(4, false)};
  ComposedMessage with =
      composer.Preview(MessageKind::kInternetBill, 7, text, Settings(), rpc::Caller());
  EXPECT_EQ(with.body, "Halo Budi\nDiskon: Rp 5.500\nPPN: Rp 32.945\nTotal: Rp 332.445");
  EXPECT_TRUE(with.empty_placeholders.empty());
  // The saved default internet bill: discount and PPN before the total.
  bills::v1::Settings defaults = Settings();
  (*defaults.mutable_templates())["internet_bill"] = i18n::kTemplateInternetBill;
  ComposedMessage standard =
      composer.Preview(MessageKind::kInternetBill, 7, std::nullopt, defaults, rpc::Caller());
  EXPECT_NE(standard.body.find("Diskon: Rp 5.500\nPPN: Rp 32.945\nTotal: Rp 332.445\n"),
            std::string::npos)
      << standard.body;
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
