// The dashboard figures (kept by triggers, migration 0002) through the gateway: they follow
// the time zone setting, and a restore brings back the figures of the restored data.
#include <gtest/gtest.h>

#include "api_test.h"

namespace billing::testing {
namespace {

using nlohmann::json;

constexpr const char* kPassphrase = "sandi cadangan 2026";

class BillingFiguresApiTest : public ApiTest {
 protected:
  static int64_t CreateCustomer(const std::string& type, int i) {
    json fields = {{"name", "Angka " + std::to_string(i)},
                   {"phone", "08123456790" + std::to_string(i)},
                   {"address", "Jl. Melati"}};
    if (type == "gas") return Admin().CreateGasCustomer(fields);
    int64_t package_id = Admin().CreatePackage({{"name", "Paket Angka " + std::to_string(i)}});
    fields["pppoe_username"] = "angka" + std::to_string(i);
    return Admin().CreateInternetCustomer(package_id, fields);
  }

  static int64_t GasSale(int64_t customer, int qty) {
    return Admin().CreateGasSale(customer, qty).value("id", int64_t{0});
  }

  static void Pay(int64_t id, const std::string& paid_at = "") {
    json body = {{"method", "cash"}};
    if (!paid_at.empty()) body["paid_at"] = paid_at;
    Admin().MarkPaid(id, body);
  }

  static void SetZone(const std::string& zone) {
    HttpResponse saved =
        Stack().Http().PostJson("/api/settings", {{"billing", {{"timezone", zone}}}}, admin_);
    EXPECT_EQ(saved.status, 200) << saved.Describe();
  }

  static std::string Figures() {
    HttpResponse stats = Stack().Http().Get("/api/transactions/stats", admin_);
    EXPECT_EQ(stats.status, 200) << stats.Describe();
    HttpResponse list = Stack().Http().Get("/api/transactions?limit=1", admin_);
    EXPECT_EQ(list.status, 200) << list.Describe();
    return stats.body + " total " + list.Json()["total"].dump();
  }

  // The same figures computed from every transaction, as the stats did before migration 0002.
  static std::string ExpectedOutstanding() {
    return Sql(
        "SELECT coalesce(sum(amount), 0) || '/' || count(*) || '/' || "
        "count(DISTINCT customer_id) FROM billing.transactions WHERE status = 'unpaid'");
  }

  static std::string Outstanding() {
    HttpResponse stats = Stack().Http().Get("/api/transactions/stats", admin_);
    EXPECT_EQ(stats.status, 200) << stats.Describe();
    json all = stats.Json();
    int64_t amount = 0, count = 0;
    for (const char* type : {"internet", "gas"}) {
      amount += all["by_type"][type]["outstanding"]["amount"].get<int64_t>();
      count += all["by_type"][type]["outstanding"]["count"].get<int64_t>();
    }
    return std::to_string(amount) + "/" + std::to_string(count) + "/" +
           all["arrears_customers"].dump();
  }
};

TEST_F(BillingFiguresApiTest, IncomeFollowsTheTimeZoneSetting) {
  int64_t gas = CreateCustomer("gas", 1);
  // Paid at 16:30 UTC on January 31: still January in Asia/Jakarta (UTC+7, 23:30), already
  // February in Asia/Jayapura (UTC+9, 01:30).
  Pay(GasSale(gas, 1), "2026-01-31T16:30:00Z");
  auto months = [&] {
    HttpResponse report = Stack().Http().Get("/api/reports/income?from=2026-01&to=2026-02", admin_);
    EXPECT_EQ(report.status, 200) << report.Describe();
    std::string text;
    json body = report.Json();
    for (const auto& month : body["items"]) {
      text += month["period"].get<std::string>() + "=" + month["gas"].dump() + " ";
    }
    return text;
  };
  SetZone("Asia/Jakarta");
  EXPECT_EQ(months(), "2026-01=22000 2026-02=0 ");
  SetZone("Asia/Jayapura");
  EXPECT_EQ(months(), "2026-01=0 2026-02=22000 ");
  EXPECT_EQ(Outstanding(), ExpectedOutstanding());
  SetZone("Asia/Jakarta");
  EXPECT_EQ(months(), "2026-01=22000 2026-02=0 ");
}

TEST_F(BillingFiguresApiTest, RestoreBringsBackTheFiguresOfTheRestoredData) {
  int64_t gas = CreateCustomer("gas", 2);
  int64_t internet = CreateCustomer("internet", 3);
  json bill = Admin().CreateBill(internet, "2026-10");
  ASSERT_TRUE(bill.contains("id"));
  Pay(GasSale(gas, 3));
  GasSale(gas, 1);
  SetZone("Asia/Makassar");
  std::string before = Figures();
  EXPECT_EQ(Outstanding(), ExpectedOutstanding());
  HttpResponse backup = Stack().Http().Request(
      "GET", "/api/backup", "",
      {{"Authorization", "Bearer " + admin_}, {"X-Backup-Passphrase", kPassphrase}});
  ASSERT_EQ(backup.status, 200) << backup.Describe();

  // Changes after the backup: another sale, a payment, a deletion, another zone.
  Pay(GasSale(gas, 5));
  Pay(bill["id"].get<int64_t>());
  SetZone("Asia/Jayapura");
  EXPECT_NE(Figures(), before);

  HttpResponse restored = Stack().Http().Request("POST", "/api/restore", backup.body,
                                                 {{"Authorization", "Bearer " + admin_},
                                                  {"Content-Type", "application/json"},
                                                  {"X-Backup-Passphrase", kPassphrase}});
  ASSERT_EQ(restored.status, 200) << restored.Describe();
  admin_ = Login("admin", "admin123");  // a restore ends every session
  EXPECT_EQ(Figures(), before);
  EXPECT_EQ(Outstanding(), ExpectedOutstanding());
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  billing::testing::UseFullStack(&argc, argv);
  return RUN_ALL_TESTS();
}
