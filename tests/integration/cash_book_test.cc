// The cash book (Kas, issue 18) through the gateway: staff record expenses and income, admins
// edit and delete (audited), receipt photos checked by their bytes, category rules, a gas
// delivery's expense read only, the profit report equal to the ledgers, and backup + restore
// keeping an entry with its photo and the gas shop (products, prices, movements).
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "api_test.h"

namespace billing::testing {
namespace {

using nlohmann::json;

constexpr const char* kPassphrase = "sandi cadangan 2026";

std::string Base64(const std::string& bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t n = (static_cast<unsigned char>(bytes[i]) << 16) |
                 (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                 static_cast<unsigned char>(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) out += kAlphabet[(n >> shift) & 63];
  }
  if (i + 1 == bytes.size()) {
    uint32_t n = static_cast<unsigned char>(bytes[i]) << 16;
    out += std::string{kAlphabet[(n >> 18) & 63], kAlphabet[(n >> 12) & 63]} + "==";
  } else if (i + 2 == bytes.size()) {
    uint32_t n = (static_cast<unsigned char>(bytes[i]) << 16) |
                 (static_cast<unsigned char>(bytes[i + 1]) << 8);
    out += std::string{kAlphabet[(n >> 18) & 63], kAlphabet[(n >> 12) & 63],
                       kAlphabet[(n >> 6) & 63]} +
           "=";
  }
  return out;
}

// Bytes that start like a PNG (the service checks the signature, not the whole image).
std::string PngBytes(size_t size) {
  std::string bytes("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16);
  while (bytes.size() < size) bytes.push_back(static_cast<char>(bytes.size() * 7 % 251));
  return bytes;
}

class CashBookTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    HttpResponse listed = Stack().Http().Get("/api/cash/categories", staff_);
    ASSERT_EQ(listed.status, 200) << listed.Describe();
    json body = listed.Json();
    for (const auto& c : body["items"]) {
      categories_[c["name"].get<std::string>()] = c["id"].get<int64_t>();
    }
    ASSERT_EQ(categories_.count("Listrik"), 1u) << listed.body;
    ASSERT_EQ(categories_.count("Pendapatan lain"), 1u);
    ASSERT_EQ(categories_.count("Pembelian gas"), 1u);
  }

  static HttpResponse Record(const std::string& token, const json& body) {
    return Stack().Http().PostJson("/api/cash/entries", body, token);
  }

  json Expense(const std::string& category, int64_t amount, const std::string& date,
               const json& extra = json::object()) {
    json body = {{"kind", "expense"},
                 {"category_id", categories_.at(category)},
                 {"amount", amount},
                 {"date", date}};
    body.update(extra);
    HttpResponse created = Record(staff_, body);
    EXPECT_EQ(created.status, 201) << created.Describe();
    return created.Json();
  }

  json Income(int64_t amount, const std::string& date) {
    HttpResponse created = Record(staff_, {{"kind", "income"},
                                           {"category_id", categories_.at("Pendapatan lain")},
                                           {"amount", amount},
                                           {"date", date},
                                           {"note", "sewa tenda"}});
    EXPECT_EQ(created.status, 201) << created.Describe();
    return created.Json();
  }

  static std::string Path(const json& entry) {
    return "/api/cash/entries/" + std::to_string(entry["id"].get<int64_t>());
  }

  static std::string FieldError(const HttpResponse& response, const std::string& field) {
    json body = response.Json();
    if (!body.contains("error") || !body["error"]["fields"].contains(field)) return "";
    return body["error"]["fields"][field];
  }

  std::map<std::string, int64_t> categories_;
};

TEST_F(CashBookTest, StaffRecordsAdminEditsAndDeletesAndEveryChangeIsAudited) {
  json expense = Expense("Listrik", 350000, "2026-05-03", {{"note", "token PLN"}});
  json income = Income(75000, "2026-05-04");
  EXPECT_EQ(expense["category_name"], "Listrik");
  EXPECT_EQ(expense["created_by"], "staff");
  EXPECT_EQ(expense["has_photo"], false);
  EXPECT_TRUE(expense["movement_id"].is_null());

  HttpResponse listed =
      Stack().Http().Get("/api/cash/entries?from=2026-05-01&to=2026-05-31", staff_);
  ASSERT_EQ(listed.status, 200) << listed.Describe();
  EXPECT_EQ(listed.Json()["total"], 2);
  EXPECT_EQ(listed.Json()["total_amount"], 425000);
  EXPECT_EQ(listed.Json()["items"][0]["id"], income["id"]);  // newest date first
  HttpResponse expenses = Stack().Http().Get(
      "/api/cash/entries?from=2026-05-01&to=2026-05-31&kind=expense&limit=1", staff_);
  ASSERT_EQ(expenses.status, 200) << expenses.Describe();
  EXPECT_EQ(expenses.Json()["total"], 1);
  EXPECT_EQ(expenses.Json()["total_amount"], 350000);

  json change = {{"kind", "expense"},
                 {"category_id", categories_.at("Listrik")},
                 {"amount", 360000},
                 {"date", "2026-05-03"},
                 {"note", "token PLN + admin"}};
  EXPECT_EQ(Stack().Http().PutJson(Path(expense), change, staff_).status, 403);
  EXPECT_EQ(Stack().Http().Delete(Path(expense), staff_).status, 403);
  HttpResponse edited = Stack().Http().PutJson(Path(expense), change, admin_);
  ASSERT_EQ(edited.status, 200) << edited.Describe();
  EXPECT_EQ(edited.Json()["amount"], 360000);
  HttpResponse deleted = Stack().Http().Delete(Path(income), admin_);
  ASSERT_EQ(deleted.status, 200) << deleted.Describe();
  EXPECT_EQ(Stack().Http().Get(Path(income), staff_).status, 404);

  EXPECT_EQ(Sql("SELECT string_agg(action || ':' || actor_username, ',' ORDER BY id)"
                " FROM events.outbox WHERE entity = 'cash_entry'"),
            "create:staff,create:staff,update:admin,delete:admin");
  EXPECT_EQ(Sql("SELECT changes->'amount'->>'to' FROM events.outbox"
                " WHERE entity = 'cash_entry' AND action = 'update'"),
            "360000");
}

TEST_F(CashBookTest, EntryValuesAreChecked) {
  auto record = [&](const json& patch) {
    json body = {{"kind", "expense"},
                 {"category_id", categories_.at("Listrik")},
                 {"amount", 1000},
                 {"date", "2026-05-03"}};
    body.update(patch);
    return Record(staff_, body);
  };
  HttpResponse mismatch = record({{"kind", "income"}});
  EXPECT_EQ(mismatch.status, 400);
  EXPECT_FALSE(FieldError(mismatch, "category_id").empty()) << mismatch.body;
  HttpResponse far = record({{"date", "2030-01-01"}});
  EXPECT_EQ(far.status, 400);
  EXPECT_FALSE(FieldError(far, "date").empty()) << far.body;
  HttpResponse zero = record({{"amount", 0}});
  EXPECT_EQ(zero.status, 400);
  EXPECT_FALSE(FieldError(zero, "amount").empty()) << zero.body;
  HttpResponse unknown = record({{"colour", "red"}});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_FALSE(FieldError(unknown, "colour").empty()) << unknown.body;
  HttpResponse wrong_type = record({{"amount", "1000"}});
  EXPECT_EQ(wrong_type.status, 400);
  EXPECT_FALSE(FieldError(wrong_type, "amount").empty()) << wrong_type.body;
  HttpResponse long_note = record({{"note", std::string(501, 'a')}});
  EXPECT_EQ(long_note.status, 400);
  EXPECT_FALSE(FieldError(long_note, "note").empty()) << long_note.body;
  HttpResponse today = record({{"date", nullptr}});
  EXPECT_EQ(today.status, 201) << today.Describe();
  EXPECT_EQ(Sql("SELECT count(*) FROM billing.cash_entries"), "1");
}

TEST_F(CashBookTest, PhotoIsStoredServedAndCheckedByItsBytes) {
  std::string png = PngBytes(20000);
  json entry = Expense("Listrik", 50000, "2026-05-03",
                       {{"photo", {{"data", Base64(png)}, {"content_type", "image/png"}}}});
  EXPECT_EQ(entry["has_photo"], true);
  HttpResponse photo = Stack().Http().Get(Path(entry) + "/photo", staff_);
  ASSERT_EQ(photo.status, 200) << photo.Describe();
  EXPECT_EQ(photo.body, png);
  EXPECT_EQ(photo.headers["content-type"], "image/png");
  EXPECT_EQ(photo.headers["x-content-type-options"], "nosniff");
  // The audit says there is a photo, never its bytes.
  EXPECT_EQ(Sql("SELECT bool_and(length(changes::text) < 1000) FROM events.outbox"
                " WHERE entity = 'cash_entry'"),
            "t");

  json body = {{"kind", "expense"},
               {"category_id", categories_.at("Listrik")},
               {"amount", 1000},
               {"date", "2026-05-03"}};
  body["photo"] = {{"data", Base64(PngBytes(512 * 1024 + 1))}, {"content_type", "image/png"}};
  HttpResponse too_big = Record(staff_, body);
  EXPECT_EQ(too_big.status, 400);
  EXPECT_FALSE(FieldError(too_big, "photo").empty()) << too_big.body;
  body["photo"] = {{"data", Base64("<svg xmlns='http://www.w3.org/2000/svg'/>")},
                   {"content_type", "image/png"}};
  HttpResponse not_image = Record(staff_, body);
  EXPECT_EQ(not_image.status, 400);
  EXPECT_FALSE(FieldError(not_image, "photo").empty()) << not_image.body;
  body["photo"] = {{"data", "not base64!"}};
  HttpResponse not_base64 = Record(staff_, body);
  EXPECT_EQ(not_base64.status, 400);
  EXPECT_FALSE(FieldError(not_base64, "photo").empty()) << not_base64.body;
  EXPECT_EQ(Sql("SELECT count(*) FROM billing.cash_entries"), "1");

  // An admin removes the photo.
  json change = {{"kind", "expense"},
                 {"category_id", categories_.at("Listrik")},
                 {"amount", 50000},
                 {"date", "2026-05-03"},
                 {"remove_photo", true}};
  HttpResponse removed = Stack().Http().PutJson(Path(entry), change, admin_);
  ASSERT_EQ(removed.status, 200) << removed.Describe();
  EXPECT_EQ(removed.Json()["has_photo"], false);
  EXPECT_EQ(Stack().Http().Get(Path(entry) + "/photo", staff_).status, 404);
}

TEST_F(CashBookTest, CategoriesAreAdminsAndFollowTheirRules) {
  json category = {{"kind", "expense"}, {"name", "Sewa tiang"}};
  EXPECT_EQ(Stack().Http().PostJson("/api/cash/categories", category, staff_).status, 403);
  HttpResponse created = Stack().Http().PostJson("/api/cash/categories", category, admin_);
  ASSERT_EQ(created.status, 201) << created.Describe();
  int64_t id = created.Json()["id"];
  EXPECT_EQ(created.Json()["active"], true);

  HttpResponse twice = Stack().Http().PostJson(
      "/api/cash/categories", {{"kind", "expense"}, {"name", "SEWA TIANG"}}, admin_);
  EXPECT_EQ(twice.status, 409) << twice.Describe();
  HttpResponse as_income = Stack().Http().PostJson(
      "/api/cash/categories", {{"kind", "income"}, {"name", "Sewa tiang"}}, admin_);
  EXPECT_EQ(as_income.status, 201) << as_income.Describe();
  HttpResponse nameless =
      Stack().Http().PostJson("/api/cash/categories", {{"kind", "expense"}, {"name", " "}}, admin_);
  EXPECT_EQ(nameless.status, 400);

  std::string path = "/api/cash/categories/" + std::to_string(id);
  HttpResponse kind_change = Stack().Http().PutJson(
      path, {{"kind", "income"}, {"name", "Sewa tiang"}, {"active", true}}, admin_);
  EXPECT_EQ(kind_change.status, 400);
  EXPECT_FALSE(FieldError(kind_change, "kind").empty()) << kind_change.body;
  HttpResponse gas = Stack().Http().PutJson(
      "/api/cash/categories/" + std::to_string(categories_.at("Pembelian gas")),
      {{"name", "Pembelian gas"}, {"active", false}}, admin_);
  EXPECT_EQ(gas.status, 400);
  EXPECT_FALSE(FieldError(gas, "active").empty()) << gas.body;

  HttpResponse deactivated =
      Stack().Http().PutJson(path, {{"name", "Sewa tiang PLN"}, {"active", false}}, admin_);
  ASSERT_EQ(deactivated.status, 200) << deactivated.Describe();
  EXPECT_EQ(deactivated.Json()["name"], "Sewa tiang PLN");
  EXPECT_EQ(deactivated.Json()["active"], false);
  HttpResponse refused = Record(
      staff_, {{"kind", "expense"}, {"category_id", id}, {"amount", 1000}, {"date", "2026-05-03"}});
  EXPECT_EQ(refused.status, 400);
  EXPECT_FALSE(FieldError(refused, "category_id").empty()) << refused.body;
  EXPECT_EQ(Sql("SELECT count(*) FROM events.outbox WHERE entity = 'cash_category'"), "3");
}

TEST_F(CashBookTest, GasDeliveryExpenseIsListedButReadOnly) {
  // (failed_precondition is HTTP 409.) A delivery as the shop writes it: its stock movement and its
  // expense in category gas_purchase with the movement's id.
  Sql("INSERT INTO billing.products (name, kind, price) VALUES ('LPG 3 kg', 'lpg_3kg', 22000)");
  Sql("INSERT INTO billing.stock_movements (product_id, kind, full_delta, empty_delta,"
      " unit_price, amount) SELECT id, 'delivery', 10, -10, 16000, 160000 FROM billing.products");
  Sql("INSERT INTO billing.cash_entries (kind, category_id, amount, entry_date, movement_id,"
      " created_by) SELECT 'expense', c.id, 160000, '2026-05-05', m.id, 'staff'"
      " FROM billing.cash_categories c, billing.stock_movements m WHERE c.code = 'gas_purchase'");
  HttpResponse listed = Stack().Http().Get("/api/cash/entries", staff_);
  ASSERT_EQ(listed.status, 200) << listed.Describe();
  ASSERT_EQ(listed.Json()["total"], 1);
  json entry = listed.Json()["items"][0];
  EXPECT_GT(entry["movement_id"].get<int64_t>(), 0);
  EXPECT_EQ(entry["category_name"], "Pembelian gas");
  HttpResponse edited = Stack().Http().PutJson(
      Path(entry),
      {{"kind", "expense"}, {"category_id", entry["category_id"]}, {"amount", 1}, {"date", ""}},
      admin_);
  EXPECT_EQ(edited.status, 409) << edited.Describe();
  EXPECT_EQ(edited.Json()["error"]["code"], "failed_precondition");
  HttpResponse deleted = Stack().Http().Delete(Path(entry), admin_);
  EXPECT_EQ(deleted.status, 409) << deleted.Describe();
  EXPECT_EQ(Sql("SELECT amount FROM billing.cash_entries"), "160000");
}

TEST_F(CashBookTest, ProfitReportTotalsEqualTheLedgers) {
  int64_t package = Admin().CreatePackage({{"price", 150000}});
  int64_t internet = Admin().CreateInternetCustomer(package);
  int64_t gas = Admin().CreateGasCustomer();
  json may_bill = Staff().CreateBill(internet, "2026-05");
  json june_bill = Staff().CreateBill(internet, "2026-06");
  json unpaid = Staff().CreateBill(internet, "2026-07");
  json may_sale = Staff().CreateGasSale(gas, 3);
  json june_sale = Staff().CreateGasSale(gas, 2);
  Staff().MarkPaid(may_bill["id"], {{"method", "cash"}, {"paid_at", "2026-05-20T10:00:00+07:00"}});
  // Paid on 1 June 00:30 in Jakarta (still May in UTC): June, as the income report counts it.
  Staff().MarkPaid(june_bill["id"], {{"method", "cash"}, {"paid_at", "2026-06-01T00:30:00+07:00"}});
  Staff().MarkPaid(
      may_sale["id"],
      {{"method", "cash"}, {"paid_at", "2026-05-11T09:00:00+07:00"}, {"amount", 60000}});
  Staff().MarkPaid(june_sale["id"], {{"method", "cash"}, {"paid_at", "2026-06-15T09:00:00+07:00"}});
  ASSERT_TRUE(unpaid.contains("id"));

  Expense("Listrik", 200000, "2026-05-02");
  Expense("Listrik", 100000, "2026-05-30");
  Expense("Gaji", 1000000, "2026-06-01");
  Expense("Listrik", 210000, "2026-06-02");
  Income(50000, "2026-06-10");
  Expense("Gaji", 999, "2026-04-30");  // outside the range

  HttpResponse report = Stack().Http().Get("/api/reports/profit?from=2026-05&to=2026-06", staff_);
  ASSERT_EQ(report.status, 200) << report.Describe();
  HttpResponse income = Stack().Http().Get("/api/reports/income?from=2026-05&to=2026-06", staff_);
  ASSERT_EQ(income.status, 200) << income.Describe();
  json months = report.Json()["items"];
  ASSERT_EQ(months.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    json m = months[i];
    json expected = income.Json()["items"][i];
    EXPECT_EQ(m["period"], expected["period"]);
    EXPECT_EQ(m["internet"], expected["internet"]);
    EXPECT_EQ(m["gas"], expected["gas"]);
  }
  EXPECT_EQ(months[0]["internet"], may_bill["amount"]);
  EXPECT_EQ(months[0]["gas"], 60000);
  EXPECT_EQ(months[1]["internet"], june_bill["amount"]);
  EXPECT_EQ(months[1]["gas"], june_sale["amount"]);

  // The cash book side, month by month, from the entries list.
  auto ledger = [&](const std::string& kind, const std::string& from, const std::string& to) {
    HttpResponse listed = Stack().Http().Get(
        "/api/cash/entries?kind=" + kind + "&from=" + from + "&to=" + to + "&limit=1", staff_);
    EXPECT_EQ(listed.status, 200) << listed.Describe();
    return listed.Json()["total_amount"].get<int64_t>();
  };
  EXPECT_EQ(months[0]["other_income"], ledger("income", "2026-05-01", "2026-05-31"));
  EXPECT_EQ(months[0]["expense"], ledger("expense", "2026-05-01", "2026-05-31"));
  EXPECT_EQ(months[1]["other_income"], ledger("income", "2026-06-01", "2026-06-30"));
  EXPECT_EQ(months[1]["expense"], ledger("expense", "2026-06-01", "2026-06-30"));
  EXPECT_EQ(months[0]["expense"], 300000);
  ASSERT_EQ(months[0]["expenses"].size(), 1u);
  EXPECT_EQ(months[0]["expenses"][0]["name"], "Listrik");
  EXPECT_EQ(months[1]["expenses"].size(), 2u);
  for (const auto& m : months) {
    EXPECT_EQ(m["income"], m["internet"].get<int64_t>() + m["gas"].get<int64_t>() +
                               m["other_income"].get<int64_t>());
    EXPECT_EQ(m["profit"], m["income"].get<int64_t>() - m["expense"].get<int64_t>());
  }
  json totals = report.Json()["totals"];
  EXPECT_EQ(totals["income"], income.Json()["totals"]["total"].get<int64_t>() + 50000);
  EXPECT_EQ(totals["expense"], 1510000);
  EXPECT_EQ(totals["profit"], totals["income"].get<int64_t>() - 1510000);

  HttpResponse csv =
      Stack().Http().Get("/api/reports/profit?from=2026-05&to=2026-06&format=csv", staff_);
  ASSERT_EQ(csv.status, 200) << csv.Describe();
  EXPECT_NE(csv.body.find("Periode"), std::string::npos);
  EXPECT_NE(csv.body.find("Listrik"), std::string::npos);
  EXPECT_NE(csv.body.find(std::to_string(months[1]["profit"].get<int64_t>())), std::string::npos);

  EXPECT_EQ(Stack().Http().Get("/api/reports/profit?from=2024-01&to=2026-06", staff_).status, 400);
  EXPECT_EQ(Stack().Http().Get("/api/reports/profit?from=2026-13", staff_).status, 400);
  HttpResponse twelve = Stack().Http().Get("/api/reports/profit", staff_);
  ASSERT_EQ(twelve.status, 200) << twelve.Describe();
  EXPECT_EQ(twelve.Json()["items"].size(), 12u);
}

TEST_F(CashBookTest, BackupAndRestoreKeepAnEntryWithItsPhotoAndTheGasShop) {
  std::string png = PngBytes(3000);
  json entry = Expense("Listrik", 50000, "2026-05-03",
                       {{"photo", {{"data", Base64(png)}, {"content_type", "image/png"}}}});
  // The gas shop's data: a product, a customer's special price, a delivery (its movement and its
  // expense) and a sale (its movement).
  HttpResponse product = Stack().Http().PostJson(
      "/api/products", {{"name", "LPG 3 kg"}, {"kind", "lpg_3kg"}, {"price", 22000}}, admin_);
  ASSERT_EQ(product.status, 201) << product.Describe();
  int64_t product_id = product.Json()["id"];
  int64_t gas = Admin().CreateGasCustomer();
  ASSERT_EQ(
      Stack()
          .Http()
          .PutJson("/api/products/" + std::to_string(product_id) + "/prices/" + std::to_string(gas),
                   {{"price", 21000}}, admin_)
          .status,
      200);
  HttpResponse delivery = Stack().Http().PostJson("/api/stock/movements",
                                                  {{"product_id", product_id},
                                                   {"kind", "delivery"},
                                                   {"full_delta", 10},
                                                   {"empty_delta", 0},
                                                   {"unit_price", 16000}},
                                                  staff_);
  ASSERT_EQ(delivery.status, 201) << delivery.Describe();
  HttpResponse sale = Stack().Http().PostJson(
      "/api/transactions",
      {{"customer_id", gas}, {"items", {{{"product_id", product_id}, {"qty", 2}}}}}, staff_);
  ASSERT_EQ(sale.status, 201) << sale.Describe();
  EXPECT_EQ(sale.Json()["amount"], 42000);
  const std::string shop_state =
      "SELECT (SELECT full_count || '/' || empty_count FROM billing.products) || ' ' || "
      "(SELECT count(*) FROM billing.stock_movements) || ' ' || "
      "(SELECT price FROM billing.product_prices) || ' ' || "
      "(SELECT count(*) FROM billing.cash_entries WHERE movement_id IS NOT NULL)";
  EXPECT_EQ(Sql(shop_state), "8/2 2 21000 1");
  HttpResponse backup = Stack().Http().Request(
      "GET", "/api/backup", "",
      {{"Authorization", "Bearer " + admin_}, {"X-Backup-Passphrase", kPassphrase}});
  ASSERT_EQ(backup.status, 200) << backup.Describe();
  ASSERT_EQ(Stack().Http().Delete(Path(entry), admin_).status, 200);
  ASSERT_EQ(
      Stack()
          .Http()
          .PostJson("/api/transactions",
                    {{"customer_id", gas}, {"items", {{{"product_id", product_id}, {"qty", 1}}}}},
                    staff_)
          .status,
      201);
  EXPECT_EQ(Sql("SELECT full_count || '/' || empty_count FROM billing.products"), "7/3");

  HttpResponse restored = Stack().Http().Request("POST", "/api/restore", backup.body,
                                                 {{"Authorization", "Bearer " + admin_},
                                                  {"Content-Type", "application/json"},
                                                  {"X-Backup-Passphrase", kPassphrase}});
  ASSERT_EQ(restored.status, 200) << restored.Describe();
  LogIn();
  HttpResponse shown = Stack().Http().Get(Path(entry), staff_);
  ASSERT_EQ(shown.status, 200) << shown.Describe();
  EXPECT_EQ(shown.Json()["amount"], 50000);
  EXPECT_EQ(shown.Json()["has_photo"], true);
  HttpResponse photo = Stack().Http().Get(Path(entry) + "/photo", staff_);
  ASSERT_EQ(photo.status, 200) << photo.Describe();
  EXPECT_EQ(photo.body, png);
  EXPECT_EQ(Sql(shop_state), "8/2 2 21000 1");
  // The restored sequences go on after the restored rows.
  HttpResponse another = Stack().Http().PostJson(
      "/api/stock/movements",
      {{"product_id", product_id}, {"kind", "return"}, {"full_delta", 0}, {"empty_delta", 1}},
      staff_);
  ASSERT_EQ(another.status, 201) << another.Describe();
  EXPECT_EQ(Sql("SELECT full_count || '/' || empty_count FROM billing.products"), "8/3");
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  billing::testing::UseFullStack(&argc, argv);
  return RUN_ALL_TESTS();
}
