// Customers and packages through the gateway: CRUD for staff and admin, validation per field,
// PPPoE username uniqueness, soft delete, search/filters/paging, the package rules, audit rows,
// and bad input of every kind answered in the one error shape with nothing changed.
#include <gtest/gtest.h>

#include "api_test.h"

namespace billing::testing {
namespace {

using nlohmann::json;

// Everything the customer service stores, for "nothing changed" checks.
std::string CustomerState() {
  return Sql(
      "SELECT (SELECT coalesce(string_agg(concat_ws(':', id, type, name, phone, status, "
      "pppoe_username, pppoe_password, package_id, monthly_fee, due_day, gas_price, "
      "deleted_at IS NULL), ',' ORDER BY id), '') FROM customer.customers) || '|' || "
      "(SELECT coalesce(string_agg(concat_ws(':', id, name, speed, price, deleted_at IS NULL), "
      "',' ORDER BY id), '') FROM customer.packages) || '|' || "
      "(SELECT count(*) FROM events.outbox WHERE service = 'customer')");
}

std::string UrlEncode(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

class CustomersApiTest : public ApiTest {
 protected:
  int64_t CreatePackage(int64_t price, const std::string& token = "") {
    return Api(token.empty() ? staff_ : token).CreatePackage({{"price", price}});
  }

  json InternetCustomer(int64_t package_id, const std::string& username) {
    return {{"type", "internet"},          {"name", "Budi " + username},
            {"phone", "0812-3456-7890"},   {"address", "Jl. Melati No. 5, RT 02"},
            {"pppoe_username", username},  {"pppoe_password", "rahasia-123"},
            {"package_id", package_id},    {"due_day", 15},
            {"installed_at", "2025-01-31"}};
  }

  json Create(const json& body) { return Staff().CreateCustomer(body); }
};

TEST_F(CustomersApiTest, StaffCreatesReadsEditsAndDeletesAnInternetCustomer) {
  int64_t package_id = CreatePackage(175000);
  std::string username = UniqueName("budi.net");
  json created = Create(InternetCustomer(package_id, username));
  ASSERT_TRUE(created.contains("id"));
  int64_t id = created["id"];
  std::string path = "/api/customers/" + std::to_string(id);
  EXPECT_EQ(created["phone"], "6281234567890");
  EXPECT_EQ(created["monthly_fee"], 175000);  // from the package
  EXPECT_EQ(created["status"], "active");
  EXPECT_EQ(created["due_day"], 15);
  EXPECT_EQ(created["installed_at"], "2025-01-31");
  EXPECT_FALSE(created.contains("pppoe_password"));  // shown on demand only
  EXPECT_EQ(created["package_id"], package_id);
  EXPECT_FALSE(created["created_at"].is_null());

  HttpResponse read = Stack().Http().Get(path, staff_);
  ASSERT_EQ(read.status, 200) << read.Describe();
  EXPECT_EQ(read.Json()["pppoe_username"], username);

  HttpResponse edited =
      Stack().Http().PutJson(path, {{"status", "isolated"}, {"monthly_fee", 150000}}, staff_);
  ASSERT_EQ(edited.status, 200) << edited.Describe();
  EXPECT_EQ(edited.Json()["status"], "isolated");
  EXPECT_EQ(edited.Json()["monthly_fee"], 150000);
  EXPECT_EQ(edited.Json()["name"], created["name"]);  // untouched fields stay
  EXPECT_EQ(edited.Json()["address"], created["address"]);

  HttpResponse removed = Stack().Http().Delete(path, staff_);
  ASSERT_EQ(removed.status, 200) << removed.Describe();
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Get(path, staff_), 404, "not_found"));
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Delete(path, staff_), 404, "not_found"));
  EXPECT_TRUE(
      ExpectErrorShape(Stack().Http().PutJson(path, {{"name", "X"}}, staff_), 404, "not_found"));
  // Soft delete: the row stays for billing history, the audit trail has all three changes.
  EXPECT_EQ(Sql("SELECT name FROM customer.customers WHERE id = " + std::to_string(id) +
                " AND deleted_at IS NOT NULL"),
            created["name"].get<std::string>());
  std::string audit =
      Sql("SELECT string_agg(action || ':' || actor_username, ',' ORDER BY id) FROM events.outbox "
          "WHERE entity = 'customer' AND entity_id = '" +
          std::to_string(id) + "'");
  EXPECT_EQ(audit, "create:staff,update:staff,delete:staff");
  EXPECT_EQ(Sql("SELECT count(*) FROM events.outbox WHERE service = "
                "'customer' AND changes::text LIKE '%rahasia%'"),
            "0");
}

TEST_F(CustomersApiTest, AdminCanDoEverythingStaffCan) {
  int64_t package_id = CreatePackage(100000, admin_);
  HttpResponse created = Stack().Http().PostJson(
      "/api/customers", InternetCustomer(package_id, UniqueName("admin.made")), admin_);
  ASSERT_EQ(created.status, 201) << created.Describe();
  std::string path = "/api/customers/" + std::to_string(created.Json()["id"].get<int64_t>());
  EXPECT_EQ(Stack().Http().PutJson(path, {{"notes", "pindah tiang"}}, admin_).status, 200);
  EXPECT_EQ(Stack().Http().Delete(path, admin_).status, 200);
}

TEST_F(CustomersApiTest, GasCustomersHaveAPriceAndNoPppoeFields) {
  json created = Create({{"type", "gas"},
                         {"name", "Warung Bu Sari"},
                         {"phone", "+62 813-1111-2222"},
                         {"gas_price", 22000},
                         {"pppoe_username", ""},
                         {"package_id", nullptr}});
  ASSERT_TRUE(created.contains("id"));
  EXPECT_EQ(created["gas_price"], 22000);
  EXPECT_EQ(created["phone"], "6281311112222");
  EXPECT_TRUE(created["package_id"].is_null());
  EXPECT_EQ(created["pppoe_username"], "");

  std::string before = CustomerState();
  HttpResponse response = Stack().Http().PostJson(
      "/api/customers",
      {{"type", "gas"}, {"name", "Toko"}, {"phone", "0813111122"}, {"pppoe_username", "toko"}},
      staff_);
  EXPECT_TRUE(ExpectErrorShape(response, 400, "invalid_argument"));
  EXPECT_EQ(response.Json()["error"]["fields"].count("pppoe_username"), 1u);
  EXPECT_EQ(CustomerState(), before);
}

TEST_F(CustomersApiTest, MissingAndWrongTypedFieldsAreReportedPerFieldAndNothingChanges) {
  std::string before = CustomerState();
  HttpResponse missing = Stack().Http().PostJson("/api/customers", {{"type", "internet"}}, staff_);
  EXPECT_TRUE(ExpectErrorShape(missing, 400, "invalid_argument"));
  json fields = missing.Json()["error"]["fields"];
  for (const char* key : {"name", "phone", "pppoe_username", "pppoe_password", "package_id"}) {
    EXPECT_EQ(fields.count(key), 1u) << key;
  }
  HttpResponse wrong = Stack().Http().PostJson("/api/customers",
                                               {{"type", "internet"},
                                                {"name", 12},
                                                {"phone", true},
                                                {"package_id", "3"},
                                                {"monthly_fee", 1500.5},
                                                {"due_day", "10"},
                                                {"gas_price", {1}}},
                                               staff_);
  EXPECT_TRUE(ExpectErrorShape(wrong, 400, "invalid_argument"));
  fields = wrong.Json()["error"]["fields"];
  for (const char* key : {"name", "phone", "package_id", "monthly_fee", "due_day", "gas_price"}) {
    EXPECT_EQ(fields.count(key), 1u) << key;
  }
  HttpResponse bad_values = Stack().Http().PostJson("/api/customers",
                                                    {{"type", "kabel"},
                                                     {"name", std::string(101, 'x')},
                                                     {"phone", "0812"},
                                                     {"status", "aktif"},
                                                     {"due_day", 31}},
                                                    staff_);
  EXPECT_TRUE(ExpectErrorShape(bad_values, 400, "invalid_argument"));
  fields = bad_values.Json()["error"]["fields"];
  for (const char* key : {"type", "name", "phone", "status", "due_day"}) {
    EXPECT_EQ(fields.count(key), 1u) << key;
  }
  EXPECT_EQ(CustomerState(), before);
}

TEST_F(CustomersApiTest, BadPhoneIsAFieldError) {
  int64_t package_id = CreatePackage(100000);
  std::string before = CustomerState();
  for (const char* phone : {"12345", "0812-abc-999", "+1 555 0100", "0000000000"}) {
    json body = InternetCustomer(package_id, UniqueName("hp"));
    body["phone"] = phone;
    HttpResponse response = Stack().Http().PostJson("/api/customers", body, staff_);
    EXPECT_TRUE(ExpectErrorShape(response, 400, "invalid_argument")) << phone;
    EXPECT_EQ(response.Json()["error"]["fields"].count("phone"), 1u) << phone;
  }
  EXPECT_EQ(CustomerState(), before);
}

TEST_F(CustomersApiTest, DuplicatePppoeUsernameIsAConflictWhateverTheCase) {
  int64_t package_id = CreatePackage(100000);
  std::string username = UniqueName("andi.net");
  json first = Create(InternetCustomer(package_id, username));
  ASSERT_TRUE(first.contains("id"));
  json other = Create(InternetCustomer(package_id, UniqueName("lain")));
  ASSERT_TRUE(other.contains("id"));

  std::string before = CustomerState();
  std::string upper = username;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  HttpResponse duplicate =
      Stack().Http().PostJson("/api/customers", InternetCustomer(package_id, upper), staff_);
  EXPECT_TRUE(ExpectErrorShape(duplicate, 409, "already_exists"));
  EXPECT_EQ(duplicate.Json()["error"]["fields"].count("pppoe_username"), 1u);
  HttpResponse rename =
      Stack().Http().PutJson("/api/customers/" + std::to_string(other["id"].get<int64_t>()),
                             {{"pppoe_username", username}}, staff_);
  EXPECT_TRUE(ExpectErrorShape(rename, 409, "already_exists"));
  EXPECT_EQ(CustomerState(), before);

  // Deleting the customer frees the username.
  ASSERT_EQ(Stack()
                .Http()
                .Delete("/api/customers/" + std::to_string(first["id"].get<int64_t>()), staff_)
                .status,
            200);
  EXPECT_TRUE(Create(InternetCustomer(package_id, upper)).contains("id"));
}

TEST_F(CustomersApiTest, UnknownIdsAreNotFound) {
  std::string before = CustomerState();
  EXPECT_TRUE(
      ExpectErrorShape(Stack().Http().Get("/api/customers/987654321", staff_), 404, "not_found"));
  EXPECT_TRUE(
      ExpectErrorShape(Stack().Http().PutJson("/api/customers/987654321", {{"name", "X"}}, staff_),
                       404, "not_found"));
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Delete("/api/customers/987654321", staff_), 404,
                               "not_found"));
  EXPECT_TRUE(ExpectErrorShape(
      Stack().Http().PutJson("/api/packages/987654321", {{"price", 1}}, staff_), 404, "not_found"));
  EXPECT_TRUE(
      ExpectErrorShape(Stack().Http().Delete("/api/packages/987654321", admin_), 404, "not_found"));
  EXPECT_TRUE(
      ExpectErrorShape(Stack().Http().Get("/api/customers/abc", staff_), 400, "invalid_argument"));
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Delete("/api/customers/-1", staff_), 400,
                               "invalid_argument"));
  // An unknown package in the body is a field error.
  HttpResponse response = Stack().Http().PostJson(
      "/api/customers", InternetCustomer(987654321, UniqueName("yatim")), staff_);
  EXPECT_TRUE(ExpectErrorShape(response, 400, "invalid_argument"));
  EXPECT_EQ(response.Json()["error"]["fields"].count("package_id"), 1u);
  EXPECT_EQ(CustomerState(), before);
}

TEST_F(CustomersApiTest, NegativeFeesAndPricesAreRejected) {
  int64_t package_id = CreatePackage(100000);
  json customer = Create(InternetCustomer(package_id, UniqueName("fee")));
  ASSERT_TRUE(customer.contains("id"));
  std::string before = CustomerState();
  json body = InternetCustomer(package_id, UniqueName("minus"));
  body["monthly_fee"] = -1;
  HttpResponse negative_fee = Stack().Http().PostJson("/api/customers", body, staff_);
  EXPECT_TRUE(ExpectErrorShape(negative_fee, 400, "invalid_argument"));
  EXPECT_EQ(negative_fee.Json()["error"]["fields"].count("monthly_fee"), 1u);
  EXPECT_TRUE(ExpectErrorShape(
      Stack().Http().PutJson("/api/customers/" + std::to_string(customer["id"].get<int64_t>()),
                             {{"monthly_fee", -5000}}, staff_),
      400, "invalid_argument"));
  EXPECT_TRUE(ExpectErrorShape(
      Stack().Http().PostJson(
          "/api/customers",
          {{"type", "gas"}, {"name", "G"}, {"phone", "081311112222"}, {"gas_price", -1}}, staff_),
      400, "invalid_argument"));
  HttpResponse negative_price = Stack().Http().PostJson(
      "/api/packages", {{"name", UniqueName("Minus ")}, {"price", -100}}, staff_);
  EXPECT_TRUE(ExpectErrorShape(negative_price, 400, "invalid_argument"));
  EXPECT_EQ(negative_price.Json()["error"]["fields"].count("price"), 1u);
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().PutJson("/api/packages/" + std::to_string(package_id),
                                                      {{"price", -1}}, staff_),
                               400, "invalid_argument"));
  EXPECT_TRUE(ExpectErrorShape(
      Stack().Http().PostJson("/api/packages", {{"name", UniqueName("Pecahan ")}, {"price", 9.5}},
                              staff_),
      400, "invalid_argument"));
  EXPECT_EQ(CustomerState(), before);
}

TEST_F(CustomersApiTest, MalformedJsonAndOversizedBodiesChangeNothing) {
  int64_t package_id = CreatePackage(100000);
  json customer = Create(InternetCustomer(package_id, UniqueName("utuh")));
  ASSERT_TRUE(customer.contains("id"));
  std::string item = "/api/customers/" + std::to_string(customer["id"].get<int64_t>());
  std::string before = CustomerState();
  HttpHeaders headers = {{"Authorization", "Bearer " + staff_},
                         {"Content-Type", "application/json"}};
  for (const std::string& body :
       {std::string("{\"name\": "), std::string("[1,2,3]"), std::string("\"text\""),
        std::string(""), std::string("{\"name\": \"\xff\xfe\"}")}) {
    EXPECT_TRUE(ExpectErrorShape(Stack().Http().Request("POST", "/api/customers", body, headers),
                                 400, "invalid_argument"))
        << body;
    EXPECT_TRUE(ExpectErrorShape(Stack().Http().Request("PUT", item, body, headers), 400,
                                 "invalid_argument"))
        << body;
    EXPECT_TRUE(ExpectErrorShape(Stack().Http().Request("POST", "/api/packages", body, headers),
                                 400, "invalid_argument"))
        << body;
  }
  std::string huge = json{{"name", std::string(2 * 1024 * 1024, 'a')}}.dump();
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Request("POST", "/api/customers", huge, headers), 413,
                               "payload_too_large"));
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Request("PUT", item, huge, headers), 413,
                               "payload_too_large"));
  // SQL-looking text is just data (or invalid data), never SQL.
  json sql = InternetCustomer(package_id, "x'; DROP TABLE customer.customers; --");
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().PostJson("/api/customers", sql, staff_), 400,
                               "invalid_argument"));
  EXPECT_EQ(CustomerState(), before);
}

TEST_F(CustomersApiTest, CustomerRoutesNeedAToken) {
  std::string before = CustomerState();
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Get("/api/customers"), 401, "unauthenticated"));
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().PostJson("/api/customers", {{"name", "x"}}), 401,
                               "unauthenticated"));
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Get("/api/packages"), 401, "unauthenticated"));
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Delete("/api/packages/1"), 401, "unauthenticated"));
  EXPECT_EQ(CustomerState(), before);
}

TEST_F(CustomersApiTest, StaffManagesPackagesButOnlyAdminsDeleteThem) {
  int64_t id = CreatePackage(200000);
  ASSERT_GT(id, 0);
  std::string path = "/api/packages/" + std::to_string(id);
  HttpResponse edited =
      Stack().Http().PutJson(path, {{"speed", "20 Mbps"}, {"price", 250000}}, staff_);
  ASSERT_EQ(edited.status, 200) << edited.Describe();
  EXPECT_EQ(edited.Json()["speed"], "20 Mbps");
  EXPECT_EQ(edited.Json()["price"], 250000);

  std::string before = CustomerState();
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Delete(path, staff_), 403, "permission_denied"));
  EXPECT_EQ(CustomerState(), before);
  EXPECT_EQ(Stack().Http().Delete(path, admin_).status, 200);
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Delete(path, admin_), 404, "not_found"));

  HttpResponse list = Stack().Http().Get("/api/packages", staff_);
  ASSERT_EQ(list.status, 200);
  json items = list.Json()["items"];
  for (const auto& package : items) EXPECT_NE(package["id"], id);
}

TEST_F(CustomersApiTest, PackageNamesAreUnique) {
  std::string name = UniqueName("Paket Hemat ");
  ASSERT_EQ(Stack().Http().PostJson("/api/packages", {{"name", name}, {"price", 1}}, staff_).status,
            201);
  std::string before = CustomerState();
  std::string lower = name;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  HttpResponse duplicate =
      Stack().Http().PostJson("/api/packages", {{"name", lower}, {"price", 2}}, staff_);
  EXPECT_TRUE(ExpectErrorShape(duplicate, 409, "already_exists"));
  EXPECT_EQ(duplicate.Json()["error"]["fields"].count("name"), 1u);
  EXPECT_EQ(CustomerState(), before);
}

TEST_F(CustomersApiTest, PackageInUseCannotBeDeletedAndCountsItsCustomers) {
  int64_t package_id = CreatePackage(300000);
  json a = Create(InternetCustomer(package_id, UniqueName("pakai")));
  json b = Create(InternetCustomer(package_id, UniqueName("pakai")));
  ASSERT_TRUE(a.contains("id") && b.contains("id"));

  HttpResponse list = Stack().Http().Get("/api/packages", staff_);
  ASSERT_EQ(list.status, 200);
  json items = list.Json()["items"];
  bool found = false;
  for (const auto& package : items) {
    if (package["id"] == package_id) {
      found = true;
      EXPECT_EQ(package["customer_count"], 2);
    }
  }
  EXPECT_TRUE(found);

  std::string path = "/api/packages/" + std::to_string(package_id);
  std::string before = CustomerState();
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Delete(path, admin_), 409, "failed_precondition"));
  EXPECT_EQ(CustomerState(), before);

  // Moving one customer to another package takes that package's price; deleting the other
  // leaves the package unused.
  int64_t other_package = CreatePackage(125000);
  HttpResponse moved =
      Stack().Http().PutJson("/api/customers/" + std::to_string(a["id"].get<int64_t>()),
                             {{"package_id", other_package}}, staff_);
  ASSERT_EQ(moved.status, 200) << moved.Describe();
  EXPECT_EQ(moved.Json()["monthly_fee"], 125000);
  ASSERT_EQ(Stack()
                .Http()
                .Delete("/api/customers/" + std::to_string(b["id"].get<int64_t>()), staff_)
                .status,
            200);
  EXPECT_EQ(Stack().Http().Delete(path, admin_).status, 200);
  // The deleted customer still shows its (deleted) package's name to the billing history.
  EXPECT_EQ(Sql("SELECT count(*) FROM customer.customers WHERE package_id = " +
                std::to_string(package_id)),
            "1");
}

TEST_F(CustomersApiTest, SearchFiltersPagingAndTotal) {
  int64_t package_a = CreatePackage(100000);
  int64_t package_b = CreatePackage(200000);
  std::string tag = UniqueName("Zq") + "x";  // a word no other test uses
  std::vector<int64_t> ids;
  for (int i = 0; i < 5; ++i) {
    json body = InternetCustomer(i < 3 ? package_a : package_b, UniqueName(tag + ".user"));
    body["name"] = "Pelanggan " + tag + " " + std::to_string(i);
    body["phone"] = "0857" + std::to_string(1000000 + i) + "9";
    if (i == 4) body["status"] = "isolated";
    json created = Create(body);
    ASSERT_TRUE(created.contains("id"));
    ids.push_back(created["id"]);
  }
  json gas = Create({{"type", "gas"},
                     {"name", "Gas " + tag},
                     {"phone", "081399998888"},
                     {"address", "Gang " + tag},
                     {"gas_price", 20000}});
  ASSERT_TRUE(gas.contains("id"));

  auto list = [&](const std::string& query) {
    HttpResponse response = Stack().Http().Get("/api/customers?" + query, staff_);
    EXPECT_EQ(response.status, 200) << query << " " << response.Describe();
    return response.status == 200 ? response.Json() : json{{"items", json::array()}, {"total", -1}};
  };
  std::string q = "q=" + UrlEncode(tag);

  json all = list(q);
  EXPECT_EQ(all["total"], 6);
  ASSERT_EQ(all["items"].size(), 6u);
  EXPECT_EQ(all["items"][0]["id"], gas["id"]);  // newest first
  EXPECT_EQ(all["items"][5]["id"], ids[0]);

  EXPECT_EQ(list(q + "&type=internet")["total"], 5);
  EXPECT_EQ(list(q + "&type=gas")["total"], 1);
  EXPECT_EQ(list(q + "&status=isolated")["total"], 1);
  EXPECT_EQ(list(q + "&package=" + std::to_string(package_b))["total"], 2);
  EXPECT_EQ(list(q + "&type=internet&status=active&package=" + std::to_string(package_a))["total"],
            3);

  json page = list(q + "&limit=2&offset=2");
  EXPECT_EQ(page["total"], 6);
  ASSERT_EQ(page["items"].size(), 2u);
  EXPECT_EQ(page["items"][0]["id"], all["items"][2]["id"]);
  EXPECT_EQ(page["items"][1]["id"], all["items"][3]["id"]);
  EXPECT_EQ(list(q + "&limit=2&offset=6")["items"].size(), 0u);

  // By the phone as staff type it, by PPPoE username in another case, by address words.
  json by_phone = list("q=" + UrlEncode("0857-1000-0029"));
  ASSERT_EQ(by_phone["total"], 1);
  EXPECT_EQ(by_phone["items"][0]["id"], ids[2]);
  std::string upper_tag = tag;
  for (char& c : upper_tag) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(list("q=" + UrlEncode(upper_tag + ".USER"))["total"], 5);
  EXPECT_EQ(list("q=" + UrlEncode("Gang " + tag))["total"], 1);
  EXPECT_EQ(list("q=Gang+" + tag)["total"], 1);

  // LIKE wildcards are literal; unmatched searches are empty, not errors.
  EXPECT_EQ(list("q=" + UrlEncode(tag + "%"))["total"], 0);
  EXPECT_EQ(list("q=" + UrlEncode("_" + tag.substr(1)))["total"], 0);
  EXPECT_EQ(list("q=" + UrlEncode("' OR 1=1 --"))["total"], 0);

  // Deleted customers leave the list.
  ASSERT_EQ(Stack().Http().Delete("/api/customers/" + std::to_string(ids[0]), staff_).status, 200);
  EXPECT_EQ(list(q)["total"], 5);
}

TEST_F(CustomersApiTest, InvalidListParametersAre400) {
  for (const char* query :
       {"limit=0", "limit=501", "limit=abc", "offset=-1", "offset=x", "type=kabel", "status=aktif",
        "package=abc", "package=-3", "q=%FF%FE"}) {
    HttpResponse response = Stack().Http().Get(std::string("/api/customers?") + query, staff_);
    EXPECT_TRUE(ExpectErrorShape(response, 400, "invalid_argument")) << query;
  }
  HttpResponse long_q = Stack().Http().Get("/api/customers?q=" + std::string(101, 'a'), staff_);
  EXPECT_TRUE(ExpectErrorShape(long_q, 400, "invalid_argument"));
}

TEST_F(CustomersApiTest, ChangingTypeToGasClearsInternetFields) {
  int64_t package_id = CreatePackage(100000);
  std::string username = UniqueName("pindah");
  json customer = Create(InternetCustomer(package_id, username));
  ASSERT_TRUE(customer.contains("id"));
  HttpResponse changed =
      Stack().Http().PutJson("/api/customers/" + std::to_string(customer["id"].get<int64_t>()),
                             {{"type", "gas"}, {"gas_price", 21000}}, staff_);
  ASSERT_EQ(changed.status, 200) << changed.Describe();
  EXPECT_EQ(changed.Json()["pppoe_username"], "");
  EXPECT_FALSE(changed.Json().contains("pppoe_password"));
  EXPECT_TRUE(changed.Json()["package_id"].is_null());
  EXPECT_EQ(changed.Json()["monthly_fee"], 0);
  // The username is free again.
  EXPECT_TRUE(Create(InternetCustomer(package_id, username)).contains("id"));
}

TEST(CustomerHealthTest, HealthReportsTheCustomerService) {
  HttpResponse response = Stack().Http().Get("/healthz");
  ASSERT_EQ(response.status, 200) << response.Describe();
  EXPECT_EQ(response.Json()["services"]["customer"], "ok");
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  billing::testing::UseFullStack(&argc, argv);
  return RUN_ALL_TESTS();
}
