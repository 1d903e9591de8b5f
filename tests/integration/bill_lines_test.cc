// Bill lines (issue 17) through the gateway: a customer's standing discount and installation
// fee, the first month pro rata and PPN (added or included) as the settings say, a bill's own
// discount, and reports and exports whose totals are the sums of the lines.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "api_test.h"

namespace billing::testing {
namespace {

using nlohmann::json;

// The amount is the sum of the lines, leaving out an included tax.
int64_t SumOfLines(const json& transaction) {
  int64_t sum = 0;
  for (const auto& line : transaction["lines"]) {
    if (!line["included"].get<bool>()) sum += line["amount"].get<int64_t>();
  }
  return sum;
}

std::vector<std::string> KindsOf(const json& transaction) {
  std::vector<std::string> kinds;
  for (const auto& line : transaction["lines"]) kinds.push_back(line["kind"]);
  return kinds;
}

// A CSV line split on commas outside quotes, quotes removed.
std::vector<std::string> CsvCells(const std::string& line) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      cells.emplace_back();
    } else if (c != '\r') {
      cells.back() += c;
    }
  }
  return cells;
}

class BillLinesTest : public ApiTest {
 protected:
  void Configure(const json& patch) {
    HttpResponse saved = Stack().Http().PostJson("/api/settings", patch, admin_);
    ASSERT_EQ(saved.status, 200) << saved.Describe();
  }
};

TEST_F(BillLinesTest, TheFirstBillHasProRataInstallationDiscountAndPpnAndLaterOnesDoNot) {
  Configure({{"billing", {{"prorata_first_month", true}}},
             {"tax", {{"enabled", true}, {"rate", 11}, {"mode", "added"}}}});
  int64_t package = Admin().CreatePackage({{"price", 150000}, {"name", "Paket 10 Mbps"}});
  int64_t customer = Admin().CreateInternetCustomer(package, {{"installed_at", "2026-11-20"},
                                                              {"discount_type", "percent"},
                                                              {"discount_value", 10},
                                                              {"installation_fee", 250000}});
  HttpResponse shown = Stack().Http().Get("/api/customers/" + std::to_string(customer), staff_);
  ASSERT_EQ(shown.status, 200);
  EXPECT_EQ(shown.Json()["discount_type"], "percent");
  EXPECT_EQ(shown.Json()["discount_value"], 10);
  EXPECT_EQ(shown.Json()["installation_fee"], 250000);

  // 150,000 x 11/30 = 55,000; -10% = 5,500; + 250,000 = 299,500; + PPN 11% = 32,945.
  json first = Staff().CreateBill(customer, "2026-11");
  EXPECT_EQ(KindsOf(first),
            (std::vector<std::string>{"package", "installation", "discount", "tax"}));
  EXPECT_EQ(first["lines"][0]["label"], "Paket 10 Mbps 2026-11");
  EXPECT_EQ(first["lines"][0]["unit_price"], 150000);
  EXPECT_EQ(first["lines"][0]["amount"], 55000);
  EXPECT_EQ(first["lines"][0]["note"], "pro rata 11/30 hari");
  EXPECT_EQ(first["lines"][2]["label"], "Diskon 10%");
  EXPECT_EQ(first["lines"][3]["label"], "PPN 11%");
  EXPECT_EQ(first["discount_amount"], 5500);
  EXPECT_EQ(first["tax_amount"], 32945);
  EXPECT_EQ(first["amount"], 332445);
  EXPECT_EQ(SumOfLines(first), 332445);
  // Stored as shown.
  EXPECT_EQ(Sql("SELECT amount || '/' || tax_amount || '/' || discount_amount || '/' || "
                "jsonb_array_length(lines) FROM billing.transactions WHERE id = " +
                first["id"].dump()),
            "332445/32945/5500/4");

  // December: the whole month, no installation fee, the discount and PPN stay.
  json second = Staff().CreateBill(customer, "2026-12");
  EXPECT_EQ(KindsOf(second), (std::vector<std::string>{"package", "discount", "tax"}));
  EXPECT_EQ(second["amount"], 149850);  // (150,000 - 15,000) x 1.11
  EXPECT_EQ(SumOfLines(second), 149850);

  // The bill run gives a customer without a bill the installation fee, and nobody twice.
  int64_t fresh = Admin().CreateInternetCustomer(package, {{"installation_fee", 100000}});
  HttpResponse run = Stack().Http().PostJson("/api/billing/run", {{"period", "2027-01"}}, admin_);
  ASSERT_EQ(run.status, 200) << run.Describe();
  EXPECT_EQ(Sql("SELECT amount FROM billing.transactions WHERE period = '2027-01' AND "
                "customer_id = " +
                std::to_string(fresh)),
            std::to_string((150000 + 100000) * 111 / 100));
  EXPECT_EQ(Sql("SELECT amount FROM billing.transactions WHERE period = '2027-01' AND "
                "customer_id = " +
                std::to_string(customer)),
            "149850");
  EXPECT_EQ(Sql("SELECT count(*) FROM billing.transactions, jsonb_array_elements(lines) l "
                "WHERE l ->> 'kind' = 'installation'"),
            "2");
}

TEST_F(BillLinesTest, ABillsOwnDiscountReplacesTheCustomersAndBadOnesChangeNothing) {
  int64_t package = Admin().CreatePackage({{"price", 200000}});
  int64_t customer = Admin().CreateInternetCustomer(
      package, {{"discount_type", "fixed"}, {"discount_value", 20000}});
  json standing = Staff().CreateBill(customer, "2026-05");
  EXPECT_EQ(standing["amount"], 180000);
  EXPECT_EQ(standing["lines"][1]["label"], "Diskon");
  json none = Staff().CreateBill(customer, "2026-06", {{"discount", {{"type", "none"}}}});
  EXPECT_EQ(none["amount"], 200000);
  EXPECT_EQ(none["lines"].size(), 1u);
  json percent =
      Staff().CreateBill(customer, "2026-07", {{"discount", {{"type", "percent"}, {"value", 25}}}});
  EXPECT_EQ(percent["amount"], 150000);
  EXPECT_EQ(percent["discount_amount"], 50000);

  std::string before = Sql("SELECT count(*) FROM billing.transactions");
  struct Bad {
    json discount;
    const char* field;
  };
  for (const Bad& bad :
       std::vector<Bad>{{{{"type", "half"}}, "discount.type"},
                        {{{"type", "percent"}, {"value", 0}}, "discount.value"},
                        {{{"type", "percent"}, {"value", 101}}, "discount.value"},
                        {{{"type", "fixed"}, {"value", -1}}, "discount.value"},
                        {{{"value", 10}}, "discount.type"},
                        {{{"type", "fixed"}, {"value", "sepuluh"}}, "discount.value"},
                        {json("10%"), "discount"}}) {
    HttpResponse refused = Stack().Http().PostJson(
        "/api/transactions",
        {{"customer_id", customer}, {"period", "2026-08"}, {"discount", bad.discount}}, staff_);
    EXPECT_TRUE(ExpectErrorShape(refused, 400, "invalid_argument")) << bad.discount;
    EXPECT_TRUE(refused.Json()["error"]["fields"].contains(bad.field))
        << bad.discount << " " << refused.body;
  }
  EXPECT_EQ(Sql("SELECT count(*) FROM billing.transactions"), before);

  // The customer's own terms are checked by the customer service.
  for (const json& fields :
       {json{{"discount_type", "half"}}, json{{"discount_type", "percent"}, {"discount_value", 0}},
        json{{"installation_fee", -1}}, json{{"discount_type", "none"}, {"discount_value", 5}}}) {
    HttpResponse refused =
        Stack().Http().PutJson("/api/customers/" + std::to_string(customer), fields, staff_);
    EXPECT_TRUE(ExpectErrorShape(refused, 400, "invalid_argument")) << fields;
  }
  HttpResponse gas = Stack().Http().PostJson("/api/customers",
                                             {{"type", "gas"},
                                              {"name", "Warung Sari"},
                                              {"phone", "081234567890"},
                                              {"installation_fee", 5}},
                                             staff_);
  EXPECT_TRUE(ExpectErrorShape(gas, 400, "invalid_argument"));
  EXPECT_TRUE(gas.Json()["error"]["fields"].contains("installation_fee")) << gas.body;
}

TEST_F(BillLinesTest, IncludedPpnOnGasAndReportsAndExportsAddUpToTheLines) {
  // Staff may not change the tax, and a bad rate is refused by name.
  EXPECT_TRUE(ExpectErrorShape(
      Stack().Http().PostJson("/api/settings", {{"tax", {{"enabled", true}}}}, staff_), 403,
      "permission_denied"));
  HttpResponse bad_rate =
      Stack().Http().PostJson("/api/settings", {{"tax", {{"rate", 11.125}}}}, admin_);
  EXPECT_TRUE(ExpectErrorShape(bad_rate, 400, "invalid_argument"));
  EXPECT_TRUE(bad_rate.Json()["error"]["fields"].contains("tax.rate")) << bad_rate.body;
  HttpResponse settings = Stack().Http().Get("/api/settings", admin_);
  ASSERT_EQ(settings.status, 200);
  EXPECT_EQ(settings.Json()["tax"]["enabled"], false);  // off by default

  // Gas without on_gas: no tax; with it, included: 111,000 holds 11,000 of PPN.
  Configure({{"tax", {{"enabled", true}, {"rate", 11}, {"mode", "included"}}}});
  int64_t gas = Admin().CreateGasCustomer();
  json untaxed = Staff().CreateGasSale(gas, 2, 22000);
  EXPECT_EQ(untaxed["tax_amount"], 0);
  EXPECT_EQ(untaxed["amount"], 44000);
  Configure({{"tax", {{"on_gas", true}}}});
  json taxed = Staff().CreateTransaction(
      {{"customer_id", gas},
       {"items", {{{"name", "LPG 12 kg"}, {"qty", 1}, {"unit_price", 111000}}}}});
  EXPECT_EQ(taxed["amount"], 111000);
  EXPECT_EQ(taxed["tax_amount"], 11000);
  EXPECT_EQ(KindsOf(taxed), (std::vector<std::string>{"item", "tax"}));
  EXPECT_TRUE(taxed["lines"][1]["included"].get<bool>());
  EXPECT_EQ(SumOfLines(taxed), 111000);

  // Added PPN on an internet bill; pay both taxed bills and the untaxed sale in May 2026.
  Configure({{"tax", {{"mode", "added"}}}});
  int64_t package = Admin().CreatePackage({{"price", 100000}});
  int64_t customer = Admin().CreateInternetCustomer(package, {{"installation_fee", 50000}});
  json bill = Staff().CreateBill(customer, "2026-05");
  EXPECT_EQ(bill["amount"], 166500);  // (100,000 + 50,000) x 1.11
  for (const json* paid : {&untaxed, &taxed, &bill}) {
    Staff().MarkPaid((*paid)["id"].get<int64_t>(),
                     {{"method", "cash"}, {"paid_at", "2026-05-20T10:00:00+07:00"}});
  }
  HttpResponse report = Stack().Http().Get("/api/reports/income?from=2026-05&to=2026-05", staff_);
  ASSERT_EQ(report.status, 200) << report.Describe();
  json may = report.Json()["items"][0];
  EXPECT_EQ(may["total"], 44000 + 111000 + 166500);
  EXPECT_EQ(may["gas"], 44000 + 111000);
  EXPECT_EQ(may["tax"], 11000 + 16500);
  EXPECT_EQ(report.Json()["totals"]["tax"], 27500);
  HttpResponse report_csv =
      Stack().Http().Get("/api/reports/income?from=2026-05&to=2026-05&format=csv", staff_);
  ASSERT_EQ(report_csv.status, 200);
  EXPECT_NE(report_csv.body.find("\"2026-05\",\"166500\",\"155000\",\"321500\",\"27500\""),
            std::string::npos)
      << report_csv.body;

  // The export's parts add up to each amount: subtotal + installation - discount + added PPN.
  HttpResponse exported = Stack().Http().Get("/api/transactions/export?format=csv", staff_);
  ASSERT_EQ(exported.status, 200);
  std::vector<std::string> rows;
  for (size_t start = 0; start < exported.body.size();) {
    size_t end = exported.body.find('\n', start);
    if (end == std::string::npos) end = exported.body.size();
    rows.push_back(exported.body.substr(start, end - start));
    start = end + 1;
  }
  ASSERT_EQ(rows.size(), 4u) << exported.body;  // titles and three transactions
  std::vector<std::string> titles = CsvCells(rows[0]);
  auto column = [&](const std::string& title) {
    for (size_t i = 0; i < titles.size(); ++i) {
      if (titles[i].find(title) != std::string::npos) return i;
    }
    ADD_FAILURE() << "no column " << title << " in " << rows[0];
    return size_t{0};
  };
  size_t subtotal = column("Subtotal"), fee = column("Biaya Pemasangan"),
         discount = column("Diskon"), tax = column("PPN"), amount = column("Jumlah"),
         number = column("No. Invoice");
  int checked = 0;
  for (size_t i = 1; i < rows.size(); ++i) {
    auto cells = CsvCells(rows[i]);
    int64_t parts =
        std::stoll(cells[subtotal]) + std::stoll(cells[fee]) - std::stoll(cells[discount]);
    if (cells[number] != taxed["invoice_no"].get<std::string>()) parts += std::stoll(cells[tax]);
    EXPECT_EQ(parts, std::stoll(cells[amount])) << rows[i];
    ++checked;
  }
  EXPECT_EQ(checked, 3);
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  billing::testing::UseFullStack(&argc, argv);
  return RUN_ALL_TESTS();
}
