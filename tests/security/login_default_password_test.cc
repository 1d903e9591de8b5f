// Attacks with the public default passwords: the seeded admin/admin123 and staff/staff123
// (no INITIAL_*_PASSWORD given, as deploy/local/up.sh starts them) can do nothing but change
// their password, and the new one cannot be a default again.
#include <gtest/gtest.h>

#include "api_test.h"

namespace billing::testing {
namespace {

using nlohmann::json;

struct Call {
  std::string method;
  std::string path;
  json body;
};

HttpResponse Send(const Call& call, const std::string& token) {
  HttpHeaders headers = BearerHeaders(token);
  headers["Content-Type"] = "application/json";
  return Stack().Http().Request(call.method, call.path,
                                call.body.is_null() ? std::string() : call.body.dump(), headers);
}

HttpResponse ChangePassword(const std::string& token, const std::string& old_password,
                            const std::string& new_password) {
  return Stack().Http().PostJson("/api/auth/change-password",
                                 {{"old_password", old_password}, {"new_password", new_password}},
                                 token);
}

std::string Users() {
  return Sql(
      "SELECT string_agg(username || ':' || role || ':' || password_hash, ',' ORDER BY id) "
      "FROM auth.users");
}

const std::vector<Call>& EverythingElse() {
  static const std::vector<Call> calls = {
      {"GET", "/api/users", nullptr},
      {"POST",
       "/api/users",
       {{"username", "pintu.belakang"}, {"password", "Rahasia-Kuat-1"}, {"role", "admin"}}},
      {"PUT", "/api/users/2", {{"password", "Rahasia-Kuat-1"}}},
      {"DELETE", "/api/users/2", nullptr},
      {"GET", "/api/audit", nullptr},
      {"GET", "/api/customers", nullptr},
      {"POST", "/api/customers", {{"name", "Budi"}, {"phone", "081234567890"}, {"type", "gas"}}},
      {"GET", "/api/transactions", nullptr},
      {"GET", "/api/transactions/stats", nullptr},
      {"GET", "/api/packages", nullptr},
      {"GET", "/api/settings", nullptr},
      {"POST", "/api/settings", {{"business_name", "Disusupi"}}},
      {"GET", "/api/backup", nullptr},
      {"GET", "/api/network/settings", nullptr},
      {"GET", "/api/whatsapp/status", nullptr},
      {"GET", "/api/reports/arrears", nullptr},
      {"GET", "/api/events", nullptr},
  };
  return calls;
}

TEST(LoginDefaultPasswordTest, DefaultAccountsCanDoNothingButChangeTheirPassword) {
  std::string before = Users();
  for (const auto& [username, password] : std::vector<std::pair<std::string, std::string>>{
           {"admin", "admin123"}, {"staff", "staff123"}}) {
    HttpResponse login = Stack().Http().PostJson("/api/auth/login",
                                                 {{"username", username}, {"password", password}});
    ASSERT_EQ(login.status, 200) << login.Describe();
    EXPECT_TRUE(login.Json()["user"]["password_is_default"].get<bool>()) << username;
    std::string token = login.Json()["token"];
    for (const auto& call : EverythingElse()) {
      EXPECT_TRUE(ExpectErrorShape(Send(call, token), 403, "password_change_required"))
          << username << " " << call.method << " " << call.path;
    }
    HttpResponse verify = Stack().Http().Get("/api/auth/verify", token);
    EXPECT_EQ(verify.status, 200) << verify.Describe();
    EXPECT_TRUE(verify.Json()["user"]["password_is_default"].get<bool>());
  }
  EXPECT_EQ(Users(), before) << "nothing changed";
  EXPECT_EQ(Sql("SELECT count(*) FROM customer.customers"), "0");
}

TEST(LoginDefaultPasswordTest, ANewPasswordCannotBeShortOrAKnownDefault) {
  std::string token = Login("staff", "staff123");
  std::string before = Users();
  for (const char* weak :
       {"admin123", "staff123", "Staff123", "password", "12345678", "staff", "12345"}) {
    HttpResponse refused = ChangePassword(token, "staff123", weak);
    EXPECT_TRUE(ExpectErrorShape(refused, 400, "invalid_argument")) << weak;
    EXPECT_EQ(refused.Json()["error"]["fields"].count("new_password"), 1u) << weak;
  }
  EXPECT_EQ(Users(), before);
  // Still nothing but a password change.
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Get("/api/customers", token), 403,
                               "password_change_required"));
}

TEST(LoginDefaultPasswordTest, AfterAValidChangeEverythingWorks) {
  std::string old_token = Login("admin", "admin123");
  HttpResponse changed = ChangePassword(old_token, "admin123", "Pemilik-Toko-2026");
  ASSERT_EQ(changed.status, 200) << changed.Describe();
  EXPECT_FALSE(changed.Json()["user"]["password_is_default"].get<bool>());
  std::string token = changed.Json()["token"];
  EXPECT_EQ(Stack().Http().Get("/api/users", token).status, 200);
  EXPECT_EQ(Stack().Http().Get("/api/customers", token).status, 200);
  EXPECT_EQ(Stack().Http().Get("/api/settings", token).status, 200);
  EXPECT_TRUE(
      WaitFor([&] { return Stack().Http().Get("/api/auth/verify", old_token).status == 401; },
              std::chrono::seconds(5), "the default-password session ended"));
  EXPECT_EQ(Stack()
                .Http()
                .PostJson("/api/auth/login", {{"username", "admin"}, {"password", "admin123"}})
                .status,
            401);

  // A password an admin sets for someone else must be replaced by its owner first, too.
  std::string name = UniqueName("kasir");
  int64_t id = CreateUser(token, name, "Kasir-Awal-77", "staff");
  std::string kasir = Login(name, "Kasir-Awal-77");
  EXPECT_EQ(Stack().Http().Get("/api/customers", kasir).status, 200);
  HttpResponse reset = Stack().Http().PutJson("/api/users/" + std::to_string(id),
                                              {{"password", "Sementara-88"}}, token);
  ASSERT_EQ(reset.status, 200) << reset.Describe();
  EXPECT_TRUE(reset.Json()["password_is_default"].get<bool>());
  std::string after_reset = Login(name, "Sementara-88");
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Get("/api/customers", after_reset), 403,
                               "password_change_required"));
  HttpResponse own = ChangePassword(after_reset, "Sementara-88", "Kasir-Sendiri-99");
  ASSERT_EQ(own.status, 200) << own.Describe();
  EXPECT_EQ(Stack().Http().Get("/api/customers", own.Json()["token"].get<std::string>()).status,
            200);
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  // As deploy/local/up.sh starts the suite: no initial passwords given.
  billing::testing::UseFullStack(&argc, argv,
                                 {{"INITIAL_ADMIN_PASSWORD", ""}, {"INITIAL_STAFF_PASSWORD", ""}});
  return RUN_ALL_TESTS();
}
