#include "api_test.h"

namespace billing::testing {

using nlohmann::json;

json Merged(json defaults, const json& fields) {
  for (const auto& [key, value] : fields.items()) {
    if (value.is_null()) {
      defaults.erase(key);
    } else {
      defaults[key] = value;
    }
  }
  return defaults;
}

Api::Api(std::string token, const HttpClient* http) : token_(std::move(token)), http_(http) {}

const HttpClient& Api::Http() const { return http_ != nullptr ? *http_ : Stack().Http(); }

json Api::Post(const std::string& path, const json& body, int expected) const {
  HttpResponse response = Http().PostJson(path, body, token_);
  if (response.status != expected) {
    ADD_FAILURE() << "POST " << path << " " << body.dump() << " was refused (expected HTTP "
                  << expected << "): " << response.Describe();
    return json::object();
  }
  return response.Json();
}

int64_t Api::CreateUser(const std::string& username, const std::string& password,
                        const std::string& role, bool active) const {
  json user = Post("/api/users",
                   {{"username", username},
                    {"password", password},
                    {"role", role},
                    {"active", active},
                    {"full_name", "Test " + username}},
                   201);
  return user.value("id", int64_t{0});
}

int64_t Api::CreatePackage(const json& fields) const {
  json body =
      Merged({{"name", UniqueName("Paket ")}, {"speed", "10 Mbps"}, {"price", 150000}}, fields);
  return Post("/api/packages", body, 201).value("id", int64_t{0});
}

json Api::CreateCustomer(const json& body) const { return Post("/api/customers", body, 201); }

int64_t Api::CreateInternetCustomer(int64_t package_id, const json& fields) const {
  json body = Merged({{"type", "internet"},
                      {"name", UniqueName("Pelanggan ")},
                      {"phone", "0812-3456-7890"},
                      {"pppoe_username", UniqueName("pppoe")},
                      {"pppoe_password", "rahasia1"},
                      {"package_id", package_id}},
                     fields);
  return CreateCustomer(body).value("id", int64_t{0});
}

int64_t Api::CreateGasCustomer(const json& fields) const {
  json body = Merged(
      {{"type", "gas"}, {"name", UniqueName("Pelanggan ")}, {"phone", "0812-3456-7890"}}, fields);
  return CreateCustomer(body).value("id", int64_t{0});
}

json Api::CreateTransaction(const json& body) const { return Post("/api/transactions", body, 201); }

json Api::CreateBill(int64_t customer_id, const std::string& period, const json& fields) const {
  return CreateTransaction(Merged({{"customer_id", customer_id}, {"period", period}}, fields));
}

json Api::CreateGasSale(int64_t customer_id, int qty, int64_t unit_price) const {
  return CreateTransaction(
      {{"customer_id", customer_id},
       {"items", {{{"name", "LPG 3kg"}, {"qty", qty}, {"unit_price", unit_price}}}}});
}

json Api::MarkPaid(int64_t transaction_id, const json& body) const {
  return Post("/api/transactions/" + std::to_string(transaction_id) + "/mark-lunas", body, 200);
}

int64_t CreateUser(const std::string& admin_token, const std::string& username,
                   const std::string& password, const std::string& role, bool active) {
  return Api(admin_token).CreateUser(username, password, role, active);
}

void ApiTest::SetUp() {
  LogIn();
  ASSERT_FALSE(admin_.empty());
  ASSERT_FALSE(staff_.empty());
}

void ApiTest::LogIn() {
  admin_ = Login("admin", "admin123");
  staff_ = Login("staff", "staff123");
}

}  // namespace billing::testing
