// The gas shop's REST API through the gateway (gateway/routes/shop_routes.cc): products and
// their special prices with the roles, stock movements, the daily stock report and the buyer log
// as JSON and CSV, a NIK's usage, and gas sales with products and a NIK. Bad input is a 400 in
// the one error shape. The shop's rules themselves are tested in gas_shop_test.cc.
#include <string>

#include <gtest/gtest.h>

#include "api_test.h"

namespace billing::testing {
namespace {

using nlohmann::json;

constexpr const char* kNik = "3201011203900001";

class ShopApiTest : public ApiTest {
 protected:
  static json Lpg3(const json& fields = json::object()) {
    return Merged({{"name", "LPG 3 kg"},
                   {"kind", "lpg_3kg"},
                   {"price", 22000},
                   {"cylinder_price", 150000},
                   {"purchase_price", 18000},
                   {"low_stock", 3},
                   {"subsidised", true}},
                  fields);
  }

  int64_t CreateProduct(const json& body) {
    HttpResponse created = Stack().Http().PostJson("/api/products", body, admin_);
    EXPECT_EQ(created.status, 201) << created.Describe();
    return created.status == 201 ? created.Json()["id"].get<int64_t>() : 0;
  }

  json Product(int64_t id) {
    HttpResponse shown = Stack().Http().Get("/api/products/" + std::to_string(id), staff_);
    EXPECT_EQ(shown.status, 200) << shown.Describe();
    return shown.status == 200 ? shown.Json() : json::object();
  }

  HttpResponse Move(const json& body, const std::string& token) {
    return Stack().Http().PostJson("/api/stock/movements", body, token);
  }
};

TEST_F(ShopApiTest, AdminsKeepTheProductsEveryoneReadsThem) {
  int64_t id = CreateProduct(Lpg3());
  ASSERT_GT(id, 0);
  json product = Product(id);
  EXPECT_EQ(product["name"], "LPG 3 kg");
  EXPECT_EQ(product["kind"], "lpg_3kg");
  EXPECT_EQ(product["price"], 22000);
  EXPECT_EQ(product["cylinder_price"], 150000);
  EXPECT_EQ(product["purchase_price"], 18000);
  EXPECT_EQ(product["low_stock"], 3);
  EXPECT_EQ(product["subsidised"], true);
  EXPECT_EQ(product["active"], true);        // left out: sold
  EXPECT_EQ(product["tracks_stock"], true);  // left out: counted
  EXPECT_EQ(product["full"], 0);
  EXPECT_EQ(product["empty"], 0);
  EXPECT_TRUE(product["created_at"].is_string());

  // Staff read but do not write.
  EXPECT_EQ(Stack().Http().PostJson("/api/products", Lpg3({{"name", "X"}}), staff_).status, 403);
  EXPECT_EQ(Stack().Http().PutJson("/api/products/" + std::to_string(id), Lpg3(), staff_).status,
            403);
  EXPECT_EQ(Stack().Http().Delete("/api/products/" + std::to_string(id), staff_).status, 403);

  // A replacement, then the list with only the active ones.
  HttpResponse updated = Stack().Http().PutJson(
      "/api/products/" + std::to_string(id), Lpg3({{"price", 23000}, {"active", false}}), admin_);
  ASSERT_EQ(updated.status, 200) << updated.Describe();
  EXPECT_EQ(updated.Json()["price"], 23000);
  int64_t other = CreateProduct(Lpg3({{"name", "LPG 12 kg"}, {"kind", "lpg_12kg"}}));
  HttpResponse all = Stack().Http().Get("/api/products", staff_);
  ASSERT_EQ(all.status, 200) << all.Describe();
  EXPECT_EQ(all.Json()["items"].size(), 2u);
  HttpResponse active = Stack().Http().Get("/api/products?active=1", staff_);
  ASSERT_EQ(active.status, 200) << active.Describe();
  ASSERT_EQ(active.Json()["items"].size(), 1u);
  EXPECT_EQ(active.Json()["items"][0]["id"], other);

  // Bad input: 400 in the one shape, each field named.
  HttpResponse wrong = Stack().Http().PostJson(
      "/api/products", {{"name", "LPG"}, {"price", "mahal"}, {"low_stock", 1.5}}, admin_);
  ASSERT_EQ(wrong.status, 400) << wrong.Describe();
  EXPECT_EQ(wrong.Json()["error"]["code"], "invalid_argument");
  EXPECT_EQ(wrong.Json()["error"]["fields"].count("price"), 1u);
  EXPECT_EQ(wrong.Json()["error"]["fields"].count("low_stock"), 1u);
  EXPECT_EQ(Stack().Http().Get("/api/products?active=kadang", staff_).status, 400);
  EXPECT_EQ(Stack().Http().Get("/api/products?customer_id=x", staff_).status, 400);
  EXPECT_EQ(Stack().Http().Get("/api/products/abc", staff_).status, 400);

  // A product never sold nor moved can go.
  EXPECT_EQ(Stack().Http().Delete("/api/products/" + std::to_string(other), admin_).status, 200);
  EXPECT_EQ(Stack().Http().Get("/api/products/" + std::to_string(other), staff_).status, 404);
}

TEST_F(ShopApiTest, ACustomersSpecialPriceIsListedWithTheirNameAndPricesTheirSales) {
  int64_t id = CreateProduct(Lpg3());
  int64_t warung = Admin().CreateGasCustomer({{"name", "Warung Bu Tini"}});
  int64_t other = Admin().CreateGasCustomer();
  std::string path = "/api/products/" + std::to_string(id) + "/prices/" + std::to_string(warung);

  EXPECT_EQ(Stack().Http().PutJson(path, {{"price", 20000}}, staff_).status, 403);
  HttpResponse missing = Stack().Http().PutJson(path, json::object(), admin_);
  ASSERT_EQ(missing.status, 400) << missing.Describe();
  EXPECT_EQ(missing.Json()["error"]["fields"]["price"], "Wajib diisi");
  EXPECT_EQ(Stack().Http().PutJson(path, {{"price", "20rb"}}, admin_).status, 400);
  HttpResponse set = Stack().Http().PutJson(path, {{"price", 20000}}, admin_);
  ASSERT_EQ(set.status, 200) << set.Describe();

  HttpResponse listed =
      Stack().Http().Get("/api/products/prices?product_id=" + std::to_string(id), staff_);
  ASSERT_EQ(listed.status, 200) << listed.Describe();
  ASSERT_EQ(listed.Json()["items"].size(), 1u);
  EXPECT_EQ(listed.Json()["items"][0]["customer_id"], warung);
  EXPECT_EQ(listed.Json()["items"][0]["customer_name"], "Warung Bu Tini");
  EXPECT_EQ(listed.Json()["items"][0]["product_name"], "LPG 3 kg");
  EXPECT_EQ(listed.Json()["items"][0]["price"], 20000);

  // The sale form's list is priced for the customer.
  auto price_for = [&](int64_t customer) {
    HttpResponse list = Stack().Http().Get(
        "/api/products?active=1&customer_id=" + std::to_string(customer), staff_);
    EXPECT_EQ(list.status, 200) << list.Describe();
    return list.Json()["items"][0]["price"].get<int64_t>();
  };
  EXPECT_EQ(price_for(warung), 20000);
  EXPECT_EQ(price_for(other), 22000);

  EXPECT_EQ(Stack().Http().Delete(path, admin_).status, 200);
  EXPECT_EQ(price_for(warung), 22000);
}

TEST_F(ShopApiTest, MovementsSalesTheReportAndTheBuyerLog) {
  int64_t id = CreateProduct(Lpg3());
  int64_t buyer = Admin().CreateGasCustomer({{"name", "Bu Siti"}, {"nik", kNik}});

  // A delivery by staff: 10 full in at the purchase price.
  HttpResponse delivery =
      Move({{"product_id", id}, {"kind", "delivery"}, {"full_delta", 10}}, staff_);
  ASSERT_EQ(delivery.status, 201) << delivery.Describe();
  EXPECT_EQ(delivery.Json()["kind"], "delivery");
  EXPECT_EQ(delivery.Json()["full_delta"], 10);
  EXPECT_EQ(delivery.Json()["unit_price"], 18000);
  EXPECT_EQ(delivery.Json()["amount"], 180000);
  EXPECT_TRUE(delivery.Json()["transaction_id"].is_null());
  // Corrections are for admins; counts of the wrong type are named.
  EXPECT_EQ(
      Move({{"product_id", id}, {"kind", "correction"}, {"full_delta", -1}, {"note", "x"}}, staff_)
          .status,
      403);
  HttpResponse typed =
      Move({{"product_id", id}, {"kind", "delivery"}, {"full_delta", "10"}}, staff_);
  ASSERT_EQ(typed.status, 400) << typed.Describe();
  EXPECT_EQ(typed.Json()["error"]["fields"].count("full_delta"), 1u);
  HttpResponse no_kind = Move({{"product_id", id}}, staff_);
  ASSERT_EQ(no_kind.status, 400) << no_kind.Describe();
  EXPECT_EQ(no_kind.Json()["error"]["fields"]["kind"], "Wajib diisi");

  // A sale of 2 refills with the product only (its name and price from the product) and the NIK.
  HttpResponse sold = Stack().Http().PostJson(
      "/api/transactions",
      {{"customer_id", buyer}, {"nik", kNik}, {"items", {{{"product_id", id}, {"qty", 2}}}}},
      staff_);
  ASSERT_EQ(sold.status, 201) << sold.Describe();
  json sale = sold.Json();
  EXPECT_EQ(sale["nik"], kNik);
  ASSERT_EQ(sale["items"].size(), 1u);
  EXPECT_EQ(sale["items"][0]["product_id"], id);
  EXPECT_EQ(sale["items"][0]["new_cylinder"], false);
  EXPECT_EQ(sale["items"][0]["name"], "LPG 3 kg");
  EXPECT_EQ(sale["amount"], 44000);
  json product = Product(id);
  EXPECT_EQ(product["full"], 8);
  EXPECT_EQ(product["empty"], 2);
  // A free-text line still needs its name; an item's product of the wrong type is named.
  HttpResponse unnamed = Stack().Http().PostJson(
      "/api/transactions",
      {{"customer_id", buyer}, {"items", {{{"qty", 1}, {"unit_price", 5000}}}}}, staff_);
  ASSERT_EQ(unnamed.status, 400) << unnamed.Describe();
  EXPECT_EQ(unnamed.Json()["error"]["fields"].count("items.0.name"), 1u);
  HttpResponse bad_item = Stack().Http().PostJson(
      "/api/transactions",
      {{"customer_id", buyer},
       {"nik", 3201011203900001},
       {"items", {{{"product_id", "LPG"}, {"qty", 1}, {"new_cylinder", "ya"}}}}},
      staff_);
  ASSERT_EQ(bad_item.status, 400) << bad_item.Describe();
  EXPECT_EQ(bad_item.Json()["error"]["fields"].count("items.0.product_id"), 1u);
  EXPECT_EQ(bad_item.Json()["error"]["fields"].count("items.0.new_cylinder"), 1u);
  EXPECT_EQ(bad_item.Json()["error"]["fields"].count("nik"), 1u);
  // More than the stock: refused, nothing moves.
  HttpResponse too_many = Stack().Http().PostJson(
      "/api/transactions",
      {{"customer_id", buyer}, {"nik", kNik}, {"items", {{{"product_id", id}, {"qty", 9}}}}},
      staff_);
  ASSERT_EQ(too_many.status, 409) << too_many.Describe();
  EXPECT_EQ(too_many.Json()["error"]["code"], "failed_precondition");
  EXPECT_EQ(Product(id)["full"], 8);

  // The movements, newest first, filtered and paged.
  HttpResponse moves =
      Stack().Http().Get("/api/stock/movements?product_id=" + std::to_string(id), staff_);
  ASSERT_EQ(moves.status, 200) << moves.Describe();
  ASSERT_EQ(moves.Json()["total"], 2);
  EXPECT_EQ(moves.Json()["items"][0]["kind"], "sale");
  EXPECT_EQ(moves.Json()["items"][0]["transaction_id"], sale["id"]);
  EXPECT_EQ(moves.Json()["items"][1]["kind"], "delivery");
  HttpResponse deliveries =
      Stack().Http().Get("/api/stock/movements?kind=delivery&limit=1", staff_);
  ASSERT_EQ(deliveries.status, 200) << deliveries.Describe();
  EXPECT_EQ(deliveries.Json()["items"].size(), 1u);
  EXPECT_EQ(Stack().Http().Get("/api/stock/movements?limit=0", staff_).status, 400);

  // Today's report row, then as CSV with Indonesian headers.
  std::string today = moves.Json()["items"][0]["created_at"].get<std::string>().substr(0, 10);
  std::string query = "from=" + today + "&to=" + today + "&product_id=" + std::to_string(id);
  HttpResponse report = Stack().Http().Get("/api/stock/report?" + query, staff_);
  ASSERT_EQ(report.status, 200) << report.Describe();
  ASSERT_EQ(report.Json()["items"].size(), 1u);
  json day = report.Json()["items"][0];
  EXPECT_EQ(day["date"], today);
  EXPECT_EQ(day["full"], json({{"opening", 0}, {"in", 10}, {"out", 2}, {"closing", 8}}));
  EXPECT_EQ(day["empty"], json({{"opening", 0}, {"in", 2}, {"out", 0}, {"closing", 2}}));
  HttpResponse csv = Stack().Http().Get("/api/stock/report?format=csv&" + query, staff_);
  ASSERT_EQ(csv.status, 200) << csv.Describe();
  EXPECT_NE(csv.headers["content-disposition"].find("stok-gas-"), std::string::npos);
  EXPECT_NE(csv.body.find("\"Tanggal\",\"Produk\",\"Isi Awal\",\"Isi Masuk\",\"Isi Keluar\""),
            std::string::npos)
      << csv.body;
  EXPECT_NE(csv.body.find("\"" + today + "\",\"LPG 3 kg\",\"0\",\"10\",\"2\",\"8\""),
            std::string::npos)
      << csv.body;
  EXPECT_EQ(Stack().Http().Get("/api/stock/report?format=pdf&" + query, staff_).status, 400);

  // The buyer log of the month and the NIK's usage.
  std::string month = today.substr(0, 7);
  HttpResponse log = Stack().Http().Get("/api/shop/buyer-log?month=" + month, staff_);
  ASSERT_EQ(log.status, 200) << log.Describe();
  ASSERT_EQ(log.Json()["entries"].size(), 1u);
  EXPECT_EQ(log.Json()["entries"][0]["nik"], kNik);
  EXPECT_EQ(log.Json()["entries"][0]["customer_name"], "Bu Siti");
  EXPECT_EQ(log.Json()["entries"][0]["qty"], 2);
  EXPECT_EQ(log.Json()["entries"][0]["invoice_no"], sale["invoice_no"]);
  ASSERT_EQ(log.Json()["totals"].size(), 1u);
  EXPECT_EQ(log.Json()["totals"][0]["qty"], 2);
  HttpResponse log_csv =
      Stack().Http().Get("/api/shop/buyer-log?format=csv&month=" + month, staff_);
  ASSERT_EQ(log_csv.status, 200) << log_csv.Describe();
  EXPECT_NE(log_csv.body.find("\"Tanggal\",\"Jam\",\"NIK\",\"Nama\",\"Produk\",\"Jumlah\","
                              "\"No. Invoice\""),
            std::string::npos)
      << log_csv.body;
  // The NIK as text a spreadsheet keeps whole, then the per-NIK totals.
  EXPECT_NE(log_csv.body.find("\"3201 0112 0390 0001\",\"Bu Siti\",\"LPG 3 kg\",\"2\""),
            std::string::npos)
      << log_csv.body;
  EXPECT_NE(log_csv.body.find("\"Total per NIK\""), std::string::npos) << log_csv.body;
  EXPECT_NE(log_csv.body.find("\"3201 0112 0390 0001\",\"Bu Siti\",\"2\",\"1\",\"Tidak\""),
            std::string::npos)
      << log_csv.body;

  HttpResponse usage = Stack().Http().Get("/api/shop/nik/3201-0112-0390-0001", staff_);
  ASSERT_EQ(usage.status, 200) << usage.Describe();
  EXPECT_EQ(usage.Json()["nik"], kNik);
  EXPECT_EQ(usage.Json()["today"], 2);
  EXPECT_EQ(usage.Json()["month"], 2);
  HttpResponse bad_nik = Stack().Http().Get("/api/shop/nik/12345", staff_);
  ASSERT_EQ(bad_nik.status, 400) << bad_nik.Describe();
  EXPECT_EQ(bad_nik.Json()["error"]["fields"].count("nik"), 1u);
}

TEST_F(ShopApiTest, TheSettingsCarryTheMonthlyNikLimit) {
  HttpResponse before = Stack().Http().Get("/api/settings", staff_);
  ASSERT_EQ(before.status, 200) << before.Describe();
  EXPECT_EQ(before.Json()["shop"]["nik_monthly_limit"], 0);
  HttpResponse saved =
      Stack().Http().PostJson("/api/settings", {{"shop", {{"nik_monthly_limit", 10}}}}, admin_);
  ASSERT_EQ(saved.status, 200) << saved.Describe();
  EXPECT_EQ(saved.Json()["shop"]["nik_monthly_limit"], 10);
  HttpResponse usage = Stack().Http().Get(std::string("/api/shop/nik/") + kNik, staff_);
  ASSERT_EQ(usage.status, 200) << usage.Describe();
  EXPECT_EQ(usage.Json()["monthly_limit"], 10);
  EXPECT_EQ(usage.Json()["month"], 0);
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  billing::testing::UseFullStack(&argc, argv);
  return RUN_ALL_TESTS();
}
