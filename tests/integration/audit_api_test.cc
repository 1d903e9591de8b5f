// GET /api/audit: who did what and when, admin only, filtered, paged, newest first, and every
// bad filter answered 400 in the error shape.

#include <gtest/gtest.h>

#include "api_test.h"

namespace billing::testing {
namespace {

using nlohmann::json;

// Today's date in Asia/Jakarta (UTC+7, no daylight saving), offset by `days`.
class AuditApiTest : public ApiTest {
 protected:
  json Audit(const std::string& query) {
    HttpResponse response = Stack().Http().Get("/api/audit" + query, admin_);
    EXPECT_EQ(response.status, 200) << response.Describe();
    return response.status == 200 ? response.Json() : json::object();
  }
};

TEST_F(AuditApiTest, AdminSeesUserChangesInWordsNewestFirst) {
  std::string name = UniqueName("jejak");
  int64_t id = CreateUser(admin_, name, "password-1", "staff");
  ASSERT_EQ(Stack()
                .Http()
                .PutJson("/api/users/" + std::to_string(id), {{"active", false}}, admin_)
                .status,
            200);
  ASSERT_EQ(Stack().Http().Delete("/api/users/" + std::to_string(id), admin_).status, 200);

  json body = Audit("?entity=user&limit=3");
  ASSERT_EQ(body["items"].size(), 3u) << body.dump();
  EXPECT_GE(body["total"].get<int>(), 3);
  const json& newest = body["items"][0];
  for (const char* key : {"id", "at", "user", "action", "entity", "entity_id", "summary"}) {
    EXPECT_TRUE(newest.contains(key)) << key;
  }
  EXPECT_EQ(newest["action"], "delete");
  EXPECT_EQ(newest["user"], "admin");
  EXPECT_EQ(newest["entity_id"], std::to_string(id));
  EXPECT_EQ(newest["summary"], "Menghapus user " + name);
  EXPECT_EQ(body["items"][1]["summary"], "Mengubah user " + name + ": dinonaktifkan");
  EXPECT_EQ(body["items"][2]["summary"], "Menambahkan user " + name + " (staff)");
  EXPECT_GT(body["items"][0]["id"].get<int64_t>(), body["items"][1]["id"].get<int64_t>());
  EXPECT_EQ(body.dump().find("argon2"), std::string::npos);
}

TEST_F(AuditApiTest, LoginsFailedLoginsAndLogoutsAreRecorded) {
  std::string name = UniqueName("masuk");
  CreateUser(admin_, name, "password-1", "staff");
  HttpResponse failed = Stack().Http().PostJson("/api/auth/login",
                                                {{"username", name}, {"password", "salah-sekali"}});
  ASSERT_EQ(failed.status, 401);
  std::string token = Login(name, "password-1");
  ASSERT_EQ(Stack().Http().PostJson("/api/auth/logout", json::object(), token).status, 200);

  json failures = Audit("?action=login_failed&limit=1");
  ASSERT_EQ(failures["items"].size(), 1u);
  EXPECT_EQ(failures["items"][0]["user"], "");
  EXPECT_NE(failures["items"][0]["summary"].get<std::string>().find("'" + name + "'"),
            std::string::npos);
  EXPECT_EQ(failures.dump().find("salah-sekali"), std::string::npos);

  json mine = Audit("?user=" + name);
  ASSERT_EQ(mine["total"], 2) << mine.dump();
  EXPECT_EQ(mine["items"][0]["action"], "logout");
  EXPECT_EQ(mine["items"][1]["action"], "login");
  EXPECT_EQ(mine["items"][1]["summary"], "Login berhasil");
}

TEST_F(AuditApiTest, DateRangeIsWholeDaysInJakartaTime) {
  int64_t today = Audit("?from=" + JakartaDate() + "&to=" + JakartaDate())["total"];
  EXPECT_GE(today, 1);
  EXPECT_EQ(Audit("?from=" + JakartaDate(1))["total"], 0);
  EXPECT_EQ(Audit("?to=" + JakartaDate(-1))["total"], 0);
  EXPECT_EQ(Audit("?limit=1&offset=0")["items"].size(), 1u);
}

TEST_F(AuditApiTest, BadFiltersAreRejectedInTheErrorShape) {
  for (const char* query :
       {"?from=2026-13-01", "?to=kemarin", "?from=2026-02-01&to=2026-01-01", "?entity=tagihan",
        "?action=DROP%20TABLE", "?limit=0", "?limit=501", "?limit=abc", "?offset=-1",
        "?from=%27%3B%20DROP%20TABLE%20events.outbox%3B--"}) {
    HttpResponse response = Stack().Http().Get(std::string("/api/audit") + query, admin_);
    EXPECT_TRUE(ExpectErrorShape(response, 400, "invalid_argument")) << query;
  }
}

TEST_F(AuditApiTest, OnlyAdminsMayReadTheAuditTrail) {
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Get("/api/audit", staff_), 403, "permission_denied"));
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Get("/api/audit"), 401, "unauthenticated"));
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  billing::testing::UseFullStack(&argc, argv);
  return RUN_ALL_TESTS();
}
