// Transactions, payments, the bill run, figures, reports and settings through the gateway,
// against the real auth, customer and billing services, PostgreSQL and Redis.
#include <algorithm>
#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "api_test.h"

namespace billing::testing {
namespace {

using nlohmann::json;

std::string TransactionsTable() {
  return Sql(
      "SELECT coalesce(string_agg(id || ':' || status || ':' || amount || ':' || "
      "coalesce(paid_amount, -1), ',' ORDER BY id), '') FROM billing.transactions");
}

class TransactionsApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    package_id_ = Admin().CreatePackage({{"name", "Paket 10 Mbps"}, {"speed", "10 Mbps"}});
    ASSERT_GT(package_id_, 0);
  }

  static int64_t NewInternetCustomer(const std::string& name, int due_day = 15,
                                     std::optional<int64_t> fee = std::nullopt) {
    json fields = {{"name", name}, {"address", "Jl. Melati 1"}, {"due_day", due_day}};
    if (fee) fields["monthly_fee"] = *fee;
    return Staff().CreateInternetCustomer(package_id_, fields);
  }

  static int64_t NewGasCustomer(const std::string& name) {
    return Staff().CreateGasCustomer(
        {{"name", name}, {"phone", "081298765432"}, {"gas_price", 22000}});
  }

  static json NewBill(int64_t customer_id, const std::string& period) {
    return Staff().CreateBill(customer_id, period);
  }

  static inline int64_t package_id_ = 0;
};

TEST_F(TransactionsApiTest, InternetBillTakesTheFeeAndDueDayOfTheCustomer) {
  int64_t customer = NewInternetCustomer("Budi Santoso", 15);
  json bill = NewBill(customer, "2026-10");
  EXPECT_EQ(bill["customer_id"], customer);
  EXPECT_EQ(bill["customer_name"], "Budi Santoso");
  EXPECT_EQ(bill["type"], "internet");
  EXPECT_EQ(bill["amount"], 150000);
  EXPECT_EQ(bill["due_date"], "2026-10-15");
  EXPECT_EQ(bill["status"], "unpaid");
  EXPECT_TRUE(bill["paid_at"].is_null());
  EXPECT_EQ(bill["created_by"], "staff");

  std::string before = TransactionsTable();
  HttpResponse again = Stack().Http().PostJson(
      "/api/transactions", {{"customer_id", customer}, {"period", "2026-10"}}, staff_);
  EXPECT_TRUE(ExpectErrorShape(again, 409, "already_exists"));
  EXPECT_EQ(TransactionsTable(), before);
}

TEST_F(TransactionsApiTest, GasSaleTotalIsComputedByTheServer) {
  int64_t customer = NewGasCustomer("Warung Bu Sri");
  HttpResponse sale =
      Stack().Http().PostJson("/api/transactions",
                              {{"customer_id", customer},
                               {"items",
                                {{{"name", "LPG 3 kg"}, {"qty", 2}, {"unit_price", 22000}},
                                 {{"name", "LPG 12 kg"}, {"qty", 1}, {"unit_price", 210000}}}}},
                              staff_);
  ASSERT_EQ(sale.status, 201) << sale.Describe();
  EXPECT_EQ(sale.Json()["amount"], 254000);
  EXPECT_EQ(sale.Json()["type"], "gas");
  EXPECT_EQ(sale.Json()["items"].size(), 2u);
}

TEST_F(TransactionsApiTest, BadInputIsRejectedAndChangesNothing) {
  int64_t internet = NewInternetCustomer("Citra");
  int64_t gas = NewGasCustomer("Pangkalan Joko");
  std::string before = TransactionsTable();
  struct Case {
    json body;
    int status;
    const char* code;
  };
  std::vector<Case> cases = {
      {json::object(), 400, "invalid_argument"},
      {{{"customer_id", "1"}}, 400, "invalid_argument"},
      {{{"customer_id", 99999999}, {"period", "2026-10"}}, 404, "not_found"},
      {{{"customer_id", internet}}, 400, "invalid_argument"},
      {{{"customer_id", internet}, {"period", "2026-13"}}, 400, "invalid_argument"},
      {{{"customer_id", internet}, {"period", "2026-10"}, {"amount", -5}}, 400, "invalid_argument"},
      {{{"customer_id", internet}, {"period", "2026-10"}, {"amount", 1.5}},
       400,
       "invalid_argument"},
      {{{"customer_id", internet}, {"period", "2026-10"}, {"due_date", "2026-02-30"}},
       400,
       "invalid_argument"},
      {{{"customer_id", gas}}, 400, "invalid_argument"},
      {{{"customer_id", gas}, {"items", "LPG"}}, 400, "invalid_argument"},
      {{{"customer_id", gas}, {"items", {{{"name", "LPG"}, {"qty", 0}, {"unit_price", 1000}}}}},
       400,
       "invalid_argument"},
      {{{"customer_id", gas}, {"items", {{{"name", "LPG"}, {"qty", 1}, {"unit_price", -1}}}}},
       400,
       "invalid_argument"},
      {{{"customer_id", gas},
        {"items",
         {{{"name", "x'; DROP TABLE billing.transactions; --"}, {"qty", "1"}, {"unit_price", 1}}}}},
       400,
       "invalid_argument"},
  };
  for (const auto& c : cases) {
    EXPECT_TRUE(ExpectErrorShape(Stack().Http().PostJson("/api/transactions", c.body, staff_),
                                 c.status, c.code))
        << c.body.dump();
  }
  HttpHeaders headers = {{"Authorization", "Bearer " + staff_},
                         {"Content-Type", "application/json"}};
  EXPECT_TRUE(ExpectErrorShape(
      Stack().Http().Request("POST", "/api/transactions", "{\"customer_id\": ", headers), 400,
      "invalid_argument"));
  EXPECT_TRUE(ExpectErrorShape(
      Stack().Http().Request("POST", "/api/transactions",
                             json{{"description", std::string(2 << 20, 'x')}}.dump(), headers),
      413, "payload_too_large"));
  EXPECT_EQ(TransactionsTable(), before);
}

TEST_F(TransactionsApiTest, ListFiltersAndPages) {
  int64_t customer = NewInternetCustomer("Dedi Filter");
  NewBill(customer, "2026-07");
  NewBill(customer, "2026-08");
  HttpResponse list = Stack().Http().Get(
      "/api/transactions?customer_id=" + std::to_string(customer) + "&limit=1", staff_);
  ASSERT_EQ(list.status, 200) << list.Describe();
  EXPECT_EQ(list.Json()["total"], 2);
  EXPECT_EQ(list.Json()["items"].size(), 1u);
  EXPECT_EQ(list.Json()["items"][0]["period"], "2026-08");  // newest first
  HttpResponse by_period = Stack().Http().Get(
      "/api/transactions?period=2026-07&status=unpaid&type=internet&q=Dedi", staff_);
  ASSERT_EQ(by_period.status, 200);
  EXPECT_EQ(by_period.Json()["total"], 1);
  for (const char* bad : {"status=lunas", "type=pulsa", "period=07-2026", "limit=0", "limit=100000",
                          "offset=-1", "customer_id=abc"}) {
    EXPECT_TRUE(
        ExpectErrorShape(Stack().Http().Get(std::string("/api/transactions?") + bad, staff_), 400,
                         "invalid_argument"))
        << bad;
  }
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Get("/api/transactions"), 401, "unauthenticated"));
}

TEST_F(TransactionsApiTest, ConcurrentMarkLunasRecordsExactlyOnePayment) {
  int64_t customer = NewInternetCustomer("Eko Bersamaan");
  int64_t id = NewBill(customer, "2026-10")["id"];
  std::string path = "/api/transactions/" + std::to_string(id) + "/mark-lunas";
  std::atomic<int> ok{0}, conflict{0}, other{0};
  std::vector<std::thread> staff;
  for (int i = 0; i < 8; ++i) {
    staff.emplace_back([&, i] {
      HttpResponse response = Stack().Http().PostJson(
          path, {{"method", i % 2 == 0 ? "cash" : "transfer"}}, i % 2 == 0 ? staff_ : admin_);
      if (response.status == 200) {
        ++ok;
      } else if (ExpectErrorShape(response, 409, "failed_precondition")) {
        ++conflict;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : staff) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(conflict.load(), 7);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(Sql("SELECT status || ':' || paid_amount FROM billing.transactions WHERE id = " +
                std::to_string(id)),
            "paid:150000");
  EXPECT_EQ(Sql("SELECT count(*) FROM events.outbox WHERE action = 'mark_lunas' AND entity_id = '" +
                std::to_string(id) + "'"),
            "1");
}

TEST_F(TransactionsApiTest, MarkLunasRecordsMethodAmountAndWhoTookIt) {
  int64_t customer = NewInternetCustomer("Fajar");
  int64_t id = NewBill(customer, "2026-10")["id"];
  std::string path = "/api/transactions/" + std::to_string(id) + "/mark-lunas";
  std::string before = TransactionsTable();
  for (const json& bad :
       {json::object(), json{{"method", "bitcoin"}}, json{{"method", "cash"}, {"amount", -1}},
        json{{"method", "cash"}, {"amount", "150000"}},
        json{{"method", "cash"}, {"paid_at", "2099-01-01"}},
        json{{"method", "cash"}, {"paid_at", "kemarin"}}}) {
    EXPECT_TRUE(
        ExpectErrorShape(Stack().Http().PostJson(path, bad, staff_), 400, "invalid_argument"))
        << bad.dump();
  }
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().PostJson("/api/transactions/99999999/mark-lunas",
                                                       {{"method", "cash"}}, staff_),
                               404, "not_found"));
  EXPECT_EQ(TransactionsTable(), before);

  HttpResponse paid = Stack().Http().PostJson(
      path, {{"method", "transfer"}, {"amount", 140000}, {"paid_at", "2026-11-01"}}, staff_);
  ASSERT_EQ(paid.status, 200) << paid.Describe();
  EXPECT_EQ(paid.Json()["status"], "paid");
  EXPECT_EQ(paid.Json()["paid_amount"], 140000);
  EXPECT_EQ(paid.Json()["payment_method"], "transfer");
  EXPECT_EQ(paid.Json()["paid_by"], "staff");
  EXPECT_EQ(paid.Json()["paid_at"], "2026-11-01T05:00:00Z");  // noon in Jakarta
}

TEST_F(TransactionsApiTest, OnlyAdminsDeletePaidTransactions) {
  int64_t customer = NewInternetCustomer("Gita");
  int64_t unpaid = NewBill(customer, "2026-05")["id"];
  int64_t paid = NewBill(customer, "2026-06")["id"];
  ASSERT_EQ(Stack()
                .Http()
                .PostJson("/api/transactions/" + std::to_string(paid) + "/mark-lunas",
                          {{"method", "cash"}}, staff_)
                .status,
            200);

  EXPECT_TRUE(
      ExpectErrorShape(Stack().Http().Delete("/api/transactions/" + std::to_string(paid), staff_),
                       403, "permission_denied"));
  EXPECT_EQ(Sql("SELECT count(*) FROM billing.transactions WHERE id = " + std::to_string(paid)),
            "1");
  EXPECT_EQ(Stack().Http().Delete("/api/transactions/" + std::to_string(unpaid), staff_).status,
            200);
  EXPECT_EQ(Stack().Http().Delete("/api/transactions/" + std::to_string(paid), admin_).status, 200);
  EXPECT_TRUE(
      ExpectErrorShape(Stack().Http().Delete("/api/transactions/" + std::to_string(paid), admin_),
                       404, "not_found"));
  EXPECT_EQ(Sql("SELECT count(*) FROM events.outbox WHERE action = 'delete' AND entity = "
                "'transaction' AND entity_id IN ('" +
                std::to_string(unpaid) + "', '" + std::to_string(paid) +
                "') AND actor_username IN ('staff', 'admin')"),
            "2");
}

TEST_F(TransactionsApiTest, BillRunBillsEveryActiveInternetCustomerOnce) {
  NewInternetCustomer("Hadi Run", 5);
  NewInternetCustomer("Indah Run", 20);
  int64_t inactive = NewInternetCustomer("Joko Nonaktif");
  ASSERT_EQ(
      Stack()
          .Http()
          .PutJson("/api/customers/" + std::to_string(inactive), {{"status", "inactive"}}, staff_)
          .status,
      200);
  const std::string period = "2031-01";
  std::string expected = Sql(
      "SELECT count(*) FROM customer.customers WHERE type = 'internet' AND status = 'active' AND "
      "deleted_at IS NULL AND monthly_fee > 0");

  EXPECT_TRUE(
      ExpectErrorShape(Stack().Http().PostJson("/api/billing/run", {{"period", period}}, staff_),
                       403, "permission_denied"));
  EXPECT_TRUE(
      ExpectErrorShape(Stack().Http().PostJson("/api/billing/run", {{"period", "2031-1"}}, admin_),
                       400, "invalid_argument"));
  EXPECT_EQ(Sql("SELECT count(*) FROM billing.transactions WHERE period = '" + period + "'"), "0");

  HttpResponse first = Stack().Http().PostJson("/api/billing/run", {{"period", period}}, admin_);
  ASSERT_EQ(first.status, 200) << first.Describe();
  EXPECT_EQ(first.Json()["period"], period);
  EXPECT_EQ(std::to_string(first.Json()["created"].get<int64_t>()), expected);
  EXPECT_EQ(Sql("SELECT count(*) FROM billing.transactions WHERE period = '" + period + "'"),
            expected);
  EXPECT_EQ(Sql("SELECT due_date FROM billing.transactions WHERE period = '" + period +
                "' AND customer_name = 'Indah Run'"),
            "2031-01-20");
  EXPECT_EQ(Sql("SELECT count(*) FROM billing.transactions WHERE period = '" + period +
                "' AND customer_id = " + std::to_string(inactive)),
            "0");

  HttpResponse second = Stack().Http().PostJson("/api/billing/run", {{"period", period}}, admin_);
  ASSERT_EQ(second.status, 200);
  EXPECT_EQ(second.Json()["created"], 0);
  EXPECT_EQ(Sql("SELECT count(*) FROM billing.transactions WHERE period = '" + period + "'"),
            expected);
}

TEST_F(TransactionsApiTest, StatsFollowPayments) {
  int64_t customer = NewInternetCustomer("Kiki Stats");
  int64_t id = NewBill(customer, "2026-09")["id"];
  json before = Stack().Http().Get("/api/transactions/stats", staff_).Json();
  ASSERT_EQ(Stack()
                .Http()
                .PostJson("/api/transactions/" + std::to_string(id) + "/mark-lunas",
                          {{"method", "cash"}}, staff_)
                .status,
            200);
  HttpResponse response = Stack().Http().Get("/api/transactions/stats", staff_);
  ASSERT_EQ(response.status, 200) << response.Describe();
  json after = response.Json();
  EXPECT_EQ(after["today"]["income"].get<int64_t>() - before["today"]["income"].get<int64_t>(),
            150000);
  EXPECT_EQ(after["month"]["income"].get<int64_t>() - before["month"]["income"].get<int64_t>(),
            150000);
  EXPECT_EQ(before["outstanding"]["amount"].get<int64_t>() -
                after["outstanding"]["amount"].get<int64_t>(),
            150000);
  EXPECT_EQ(after["by_type"]["internet"]["today"]["income"].get<int64_t>() -
                before["by_type"]["internet"]["today"]["income"].get<int64_t>(),
            150000);
  ASSERT_EQ(after["monthly"].size(), 12u);
  EXPECT_EQ(after["monthly"][11]["income"].get<int64_t>() -
                before["monthly"][11]["income"].get<int64_t>(),
            150000);
  EXPECT_TRUE(after.contains("arrears_customers"));
}

TEST_F(TransactionsApiTest, ReportsAsJsonAndCsv) {
  int64_t customer = NewInternetCustomer("=HYPERLINK(\"http://x\")");
  NewBill(customer, "2026-03");
  NewBill(customer, "2026-04");
  HttpResponse arrears = Stack().Http().Get("/api/reports/arrears?type=internet", staff_);
  ASSERT_EQ(arrears.status, 200) << arrears.Describe();
  json rows = arrears.Json()["items"];
  auto row = std::find_if(rows.begin(), rows.end(),
                          [&](const json& r) { return r["customer_id"] == customer; });
  ASSERT_NE(row, rows.end());
  EXPECT_EQ((*row)["bills_owed"], 2);
  EXPECT_EQ((*row)["total_owed"], 300000);
  EXPECT_EQ((*row)["oldest_due_date"], "2026-03-15");

  HttpResponse csv = Stack().Http().Get("/api/reports/arrears?type=internet&format=csv", staff_);
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.headers["content-type"].find("text/csv"), std::string::npos);
  EXPECT_EQ(csv.body.rfind("\xEF\xBB\xBF\"ID Pelanggan\",\"Nama Pelanggan\"", 0), 0u) << csv.body;
  EXPECT_NE(csv.body.find("\"'=HYPERLINK(\"\"http://x\"\")\""), std::string::npos) << csv.body;
  EXPECT_NE(csv.body.find("\r\n"), std::string::npos);

  HttpResponse income =
      Stack().Http().Get("/api/reports/income?from=2026-01&to=2026-12&format=csv", staff_);
  ASSERT_EQ(income.status, 200);
  EXPECT_NE(income.body.find("\"Periode\",\"Internet\",\"Gas\",\"Total\",\"PPN\"\r\n\"2026-01\""),
            std::string::npos)
      << income.body;
  HttpResponse income_json =
      Stack().Http().Get("/api/reports/income?from=2026-01&to=2026-12", staff_);
  ASSERT_EQ(income_json.status, 200);
  EXPECT_EQ(income_json.Json()["items"].size(), 12u);

  for (const char* bad :
       {"/api/reports/income?from=2026-13", "/api/reports/income?from=2026-05&to=2026-01",
        "/api/reports/arrears?type=pulsa", "/api/reports/arrears?format=xls"}) {
    EXPECT_TRUE(ExpectErrorShape(Stack().Http().Get(bad, staff_), 400, "invalid_argument")) << bad;
  }
}

TEST_F(TransactionsApiTest, DeletingACustomerKeepsTheirHistory) {
  int64_t customer = NewInternetCustomer("Lina Pindah");
  int64_t id = NewBill(customer, "2026-02")["id"];
  ASSERT_EQ(Stack().Http().Delete("/api/customers/" + std::to_string(customer), staff_).status,
            200);
  HttpResponse list =
      Stack().Http().Get("/api/transactions?customer_id=" + std::to_string(customer), staff_);
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.Json()["total"], 1);
  EXPECT_EQ(list.Json()["items"][0]["customer_name"], "Lina Pindah");
  HttpResponse one = Stack().Http().Get("/api/transactions/" + std::to_string(id), staff_);
  EXPECT_EQ(one.Json()["customer_name"], "Lina Pindah");
  HttpResponse arrears = Stack().Http().Get("/api/reports/arrears", staff_);
  EXPECT_NE(arrears.body.find("Lina Pindah"), std::string::npos);
}

TEST_F(TransactionsApiTest, SettingsReadByAllChangedByAdminsOnly) {
  HttpResponse read = Stack().Http().Get("/api/settings", staff_);
  ASSERT_EQ(read.status, 200) << read.Describe();
  EXPECT_EQ(read.Json()["billing"]["timezone"], "Asia/Jakarta");
  std::string before = read.body;

  EXPECT_TRUE(ExpectErrorShape(
      Stack().Http().PostJson("/api/settings", {{"business", {{"name", "X"}}}}, staff_), 403,
      "permission_denied"));
  HttpResponse unknown = Stack().Http().PostJson(
      "/api/settings", {{"business", {{"name", "X"}, {"warna", "merah"}}}}, admin_);
  EXPECT_TRUE(ExpectErrorShape(unknown, 400, "invalid_argument"));
  EXPECT_EQ(unknown.Json()["error"]["fields"].count("business.warna"), 1u);
  EXPECT_TRUE(ExpectErrorShape(
      Stack().Http().PostJson("/api/settings", {{"billing", {{"run_day", 0}}}}, admin_), 400,
      "invalid_argument"));
  EXPECT_EQ(Stack().Http().Get("/api/settings", staff_).body, before);

  HttpResponse saved = Stack().Http().PostJson(
      "/api/settings",
      {{"business", {{"name", "Sejahtera Net"}}},
       {"bank_accounts",
        {{{"bank", "BRI"}, {"number", "0123-01-000123-50-1"}, {"holder", "Sejahtera"}}}},
       {"whatsapp", {{"token", "rahasia-token-123"}}}},
      admin_);
  ASSERT_EQ(saved.status, 200) << saved.Describe();
  json after = Stack().Http().Get("/api/settings", staff_).Json();
  EXPECT_EQ(after["business"]["name"], "Sejahtera Net");
  EXPECT_EQ(after["billing"]["timezone"], "Asia/Jakarta");
  EXPECT_EQ(after["bank_accounts"][0]["bank"], "BRI");
  EXPECT_EQ(after["whatsapp"]["token"], "***");
  EXPECT_EQ(saved.body.find("rahasia-token-123"), std::string::npos);
}

// The defaults, template kinds, placeholders and time zones the web reads are the ones billing
// serves (and so messaging gets) and validates, and messaging fills in every listed placeholder.
TEST_F(TransactionsApiTest, SettingsSchemaIsWhatTheServicesUse) {
  Sql("DELETE FROM billing.settings");  // nothing saved yet: every value is a default
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Get("/api/settings/schema"), 401, "unauthenticated"));
  HttpResponse answer = Stack().Http().Get("/api/settings/schema", staff_);
  ASSERT_EQ(answer.status, 200) << answer.Describe();
  json schema = answer.Json();
  json settings = Stack().Http().Get("/api/settings", staff_).Json();
  EXPECT_EQ(schema["defaults"], settings);
  EXPECT_EQ(settings["whatsapp"]["reminder_days_before"], 3);
  EXPECT_NE(std::find(schema["time_zones"].begin(), schema["time_zones"].end(),
                      settings["billing"]["timezone"]),
            schema["time_zones"].end());

  int64_t customer = NewInternetCustomer("Sekar Contoh");
  ASSERT_EQ(schema["template_kinds"].size(), settings["templates"].size());
  for (const json& entry : schema["template_kinds"]) {
    std::string kind = entry["kind"];
    EXPECT_EQ(settings["templates"].count(kind), 1u) << kind;
    std::string every;
    for (const json& name : entry["placeholders"]) every += "{" + name.get<std::string>() + "}|";
    HttpResponse saved =
        Stack().Http().PostJson("/api/settings", {{"templates", {{kind, every}}}}, admin_);
    EXPECT_EQ(saved.status, 200) << kind << ": " << saved.Describe();
    HttpResponse preview = Stack().Http().PostJson(
        "/api/whatsapp/preview", {{"kind", kind}, {"customer_id", customer}}, staff_);
    ASSERT_EQ(preview.status, 200) << kind << ": " << preview.Describe();
    EXPECT_EQ(preview.Json()["text"].get<std::string>().find('{'), std::string::npos) << kind;
  }
  EXPECT_TRUE(ExpectErrorShape(
      Stack().Http().PostJson("/api/settings", {{"templates", {{"receipt", "{alasan}"}}}}, admin_),
      400, "invalid_argument"));
  Sql("DELETE FROM billing.settings");
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  billing::testing::UseFullStack(&argc, argv);
  return RUN_ALL_TESTS();
}
