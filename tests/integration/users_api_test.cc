// User management through the gateway: admin-only routes, validation, the last-admin rule,
// and bad input of every kind answered in the one error shape with nothing changed.
#include <gtest/gtest.h>

#include "api_test.h"

namespace billing::testing {
namespace {

using nlohmann::json;

std::string UsersTable() {
  return Sql(
      "SELECT string_agg(id || ':' || username || ':' || role || ':' || active || ':' || "
      "token_version || ':' || password_hash, ',' ORDER BY id) FROM auth.users");
}

class UsersApiTest : public ApiTest {
 protected:
};

TEST_F(UsersApiTest, AdminListsUsersWithoutSecrets) {
  HttpResponse response = Stack().Http().Get("/api/users?limit=10&offset=0", admin_);
  ASSERT_EQ(response.status, 200) << response.Describe();
  json body = response.Json();
  EXPECT_GE(body["total"].get<int>(), 2);
  EXPECT_GE(body["items"].size(), 2u);
  for (const auto& user : body["items"]) {
    for (const char* key :
         {"id", "username", "full_name", "role", "active", "created_at", "last_login_at"}) {
      EXPECT_TRUE(user.contains(key)) << key;
    }
  }
  EXPECT_EQ(response.body.find("argon2"), std::string::npos);
  EXPECT_EQ(response.body.find("password_hash"), std::string::npos);
}

TEST_F(UsersApiTest, StaffIsForbiddenOnEveryUsersRouteAndNothingChanges) {
  std::string before = UsersTable();
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Get("/api/users", staff_), 403, "permission_denied"));
  EXPECT_TRUE(ExpectErrorShape(
      Stack().Http().PostJson(
          "/api/users", {{"username", "penyusup"}, {"password", "password-1"}, {"role", "admin"}},
          staff_),
      403, "permission_denied"));
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().PutJson("/api/users/2", {{"role", "admin"}}, staff_),
                               403, "permission_denied"));
  EXPECT_TRUE(
      ExpectErrorShape(Stack().Http().Delete("/api/users/1", staff_), 403, "permission_denied"));
  EXPECT_EQ(UsersTable(), before);
}

TEST_F(UsersApiTest, UsersRoutesNeedAToken) {
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Get("/api/users"), 401, "unauthenticated"));
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().PostJson("/api/users", {{"username", "x"}}), 401,
                               "unauthenticated"));
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Delete("/api/users/2"), 401, "unauthenticated"));
}

TEST_F(UsersApiTest, AdminCreatesEditsAndDeletesAUser) {
  std::string name = UniqueName("dewi");
  HttpResponse created = Stack().Http().PostJson("/api/users",
                                                 {{"username", name},
                                                  {"password", "password-1"},
                                                  {"role", "staff"},
                                                  {"full_name", "Dewi Lestari"}},
                                                 admin_);
  ASSERT_EQ(created.status, 201) << created.Describe();
  int64_t id = created.Json()["id"];
  EXPECT_EQ(created.Json()["full_name"], "Dewi Lestari");
  EXPECT_TRUE(created.Json()["active"].get<bool>());

  HttpResponse edited = Stack().Http().PutJson(
      "/api/users/" + std::to_string(id), {{"full_name", "Dewi L."}, {"role", "admin"}}, admin_);
  ASSERT_EQ(edited.status, 200) << edited.Describe();
  EXPECT_EQ(edited.Json()["full_name"], "Dewi L.");
  EXPECT_EQ(edited.Json()["role"], "admin");

  HttpResponse removed = Stack().Http().Delete("/api/users/" + std::to_string(id), admin_);
  ASSERT_EQ(removed.status, 200) << removed.Describe();
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Delete("/api/users/" + std::to_string(id), admin_),
                               404, "not_found"));
  EXPECT_EQ(Sql("SELECT count(*) FROM auth.users WHERE id = " + std::to_string(id)), "0");
}

TEST_F(UsersApiTest, DuplicateUsernameIsAConflictWhateverTheCase) {
  std::string before = UsersTable();
  HttpResponse response = Stack().Http().PostJson(
      "/api/users", {{"username", "STAFF"}, {"password", "password-1"}, {"role", "staff"}}, admin_);
  EXPECT_TRUE(ExpectErrorShape(response, 409, "already_exists"));
  EXPECT_EQ(response.Json()["error"]["fields"].count("username"), 1u);
  EXPECT_EQ(UsersTable(), before);
}

TEST_F(UsersApiTest, InvalidFieldsAreReportedPerField) {
  std::string before = UsersTable();
  HttpResponse response = Stack().Http().PostJson(
      "/api/users", {{"username", "a b"}, {"password", "123"}, {"role", "owner"}}, admin_);
  EXPECT_TRUE(ExpectErrorShape(response, 400, "invalid_argument"));
  json fields = response.Json()["error"]["fields"];
  EXPECT_EQ(fields.count("username"), 1u);
  EXPECT_EQ(fields.count("password"), 1u);
  EXPECT_EQ(fields.count("role"), 1u);
  EXPECT_EQ(UsersTable(), before);
}

TEST_F(UsersApiTest, WrongTypesAreReportedPerField) {
  std::string before = UsersTable();
  HttpResponse response = Stack().Http().PostJson(
      "/api/users", {{"username", 12}, {"password", true}, {"role", {"admin"}}, {"active", "ya"}},
      admin_);
  EXPECT_TRUE(ExpectErrorShape(response, 400, "invalid_argument"));
  json fields = response.Json()["error"]["fields"];
  for (const char* key : {"username", "password", "role", "active"}) {
    EXPECT_EQ(fields.count(key), 1u) << key;
  }
  HttpResponse edit = Stack().Http().PutJson("/api/users/2", {{"active", "no"}}, admin_);
  EXPECT_TRUE(ExpectErrorShape(edit, 400, "invalid_argument"));
  EXPECT_EQ(UsersTable(), before);
}

TEST_F(UsersApiTest, SqlLookingInputIsJustInvalidData) {
  std::string before = UsersTable();
  HttpResponse create = Stack().Http().PostJson("/api/users",
                                                {{"username", "x'; DROP TABLE auth.users; --"},
                                                 {"password", "password-1"},
                                                 {"role", "staff"}},
                                                admin_);
  EXPECT_TRUE(ExpectErrorShape(create, 400, "invalid_argument"));
  HttpResponse login = Stack().Http().PostJson(
      "/api/auth/login", {{"username", "admin' OR '1'='1"}, {"password", "' OR '1'='1"}});
  EXPECT_TRUE(ExpectErrorShape(login, 401, "unauthenticated"));
  EXPECT_EQ(UsersTable(), before);
}

TEST_F(UsersApiTest, MalformedBodiesAreRejected) {
  std::string before = UsersTable();
  HttpHeaders headers = {{"Authorization", "Bearer " + admin_},
                         {"Content-Type", "application/json"}};
  for (const std::string& body :
       {std::string("{\"username\": "), std::string("[1,2,3]"), std::string("\"text\""),
        std::string(""), std::string("{\"username\": \"\xff\xfe\"}")}) {
    HttpResponse response = Stack().Http().Request("POST", "/api/users", body, headers);
    EXPECT_TRUE(ExpectErrorShape(response, 400, "invalid_argument")) << body;
  }
  EXPECT_EQ(UsersTable(), before);
}

TEST_F(UsersApiTest, OversizedBodyIs413) {
  std::string before = UsersTable();
  std::string huge = json{{"username", std::string(2 * 1024 * 1024, 'a')}}.dump();
  HttpResponse response = Stack().Http().Request(
      "POST", "/api/users", huge,
      {{"Authorization", "Bearer " + admin_}, {"Content-Type", "application/json"}});
  EXPECT_TRUE(ExpectErrorShape(response, 413, "payload_too_large"));
  EXPECT_EQ(UsersTable(), before);
}

TEST_F(UsersApiTest, UnknownRoutesIdsAndMethods) {
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Get("/api/tidak-ada", admin_), 404, "not_found"));
  EXPECT_TRUE(ExpectErrorShape(
      Stack().Http().PutJson("/api/users/999999", {{"full_name", "x"}}, admin_), 404, "not_found"));
  EXPECT_TRUE(
      ExpectErrorShape(Stack().Http().PutJson("/api/users/abc", {{"full_name", "x"}}, admin_), 400,
                       "invalid_argument"));
  HttpResponse patch = Stack().Http().Request("PATCH", "/api/users/2", "{}",
                                              {{"Authorization", "Bearer " + admin_}});
  EXPECT_TRUE(ExpectErrorShape(patch, 405, "method_not_allowed"));
  EXPECT_NE(patch.headers["allow"].find("PUT"), std::string::npos);
}

TEST_F(UsersApiTest, TheLastActiveAdminCannotBeRemovedOrDemoted) {
  // Make a second admin, then leave it as the only active admin.
  std::string boss = UniqueName("boss");
  int64_t boss_id = CreateUser(admin_, boss, "password-1", "admin");
  std::string boss_token = Login(boss, "password-1");
  HttpResponse list = Stack().Http().Get("/api/users?limit=500", boss_token);
  ASSERT_EQ(list.status, 200);
  std::vector<int64_t> deactivated;
  json users = list.Json()["items"];
  for (const auto& user : users) {
    if (user["role"] == "admin" && user["active"] == true && user["id"] != boss_id) {
      int64_t id = user["id"];
      ASSERT_EQ(Stack()
                    .Http()
                    .PutJson("/api/users/" + std::to_string(id), {{"active", false}}, boss_token)
                    .status,
                200);
      deactivated.push_back(id);
    }
  }
  std::string before = UsersTable();
  std::string path = "/api/users/" + std::to_string(boss_id);
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().PutJson(path, {{"role", "staff"}}, boss_token), 409,
                               "failed_precondition"));
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().PutJson(path, {{"active", false}}, boss_token), 409,
                               "failed_precondition"));
  EXPECT_TRUE(
      ExpectErrorShape(Stack().Http().Delete(path, boss_token), 409, "failed_precondition"));
  EXPECT_EQ(UsersTable(), before);

  // With the other admins active again, the rule lets the extra admin go.
  for (int64_t id : deactivated) {
    ASSERT_EQ(Stack()
                  .Http()
                  .PutJson("/api/users/" + std::to_string(id), {{"active", true}}, boss_token)
                  .status,
              200);
  }
  std::string admin = Login("admin", "admin123");
  EXPECT_EQ(Stack().Http().Delete(path, admin).status, 200);
}

TEST(SystemApiTest, HealthReportsEveryService) {
  HttpResponse response = Stack().Http().Get("/healthz");
  ASSERT_EQ(response.status, 200) << response.Describe();
  EXPECT_EQ(response.Json()["services"]["auth"], "ok");
  EXPECT_EQ(response.Json()["services"]["gateway"], "ok");
}

TEST(SystemApiTest, MetricsCountRequestsByRoute) {
  Stack().Http().Get("/api/users");
  // The gateway counts a request just after it has answered it (in a fresh suite, nothing
  // else has counted that route before).
  HttpResponse response;
  WaitFor(
      [&] {
        response = Stack().Http().Get("/metrics");
        return response.body.find("GET /api/users") != std::string::npos;
      },
      std::chrono::seconds(5), "GET /api/users counted");
  ASSERT_EQ(response.status, 200);
  EXPECT_NE(response.body.find("billing_requests_total"), std::string::npos);
  EXPECT_NE(response.body.find("GET /api/users"), std::string::npos);
  EXPECT_NE(response.body.find("billing_request_duration_seconds_bucket"), std::string::npos);
}

TEST(SystemApiTest, HealthTurnsDegradedWhenAServiceStops) {
  Stack().StopService("auth");
  EXPECT_TRUE(WaitFor([] { return Stack().Http().Get("/healthz").status == 503; },
                      std::chrono::seconds(10), "gateway reports auth down"));
  HttpResponse login =
      Stack().Http().PostJson("/api/auth/login", {{"username", "admin"}, {"password", "admin123"}});
  EXPECT_TRUE(ExpectErrorShape(login, 503, "unavailable"));
  Stack().StartService("auth");
  EXPECT_TRUE(WaitFor([] { return Stack().Http().Get("/healthz").status == 200; },
                      std::chrono::seconds(20), "auth back"));
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  billing::testing::UseFullStack(&argc, argv);
  return RUN_ALL_TESTS();
}
