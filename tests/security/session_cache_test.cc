// Attacks on the gateway's session cache: a token verified (and cached) on two gateway replicas
// keeps working after its user is deactivated, demoted, changes password or logs out. Each must
// be refused within 5 s on every replica, also while Redis (the invalidation events) is down.
#include <chrono>
#include <vector>

#include <gtest/gtest.h>

#include "api_test.h"

namespace billing::testing {
namespace {

using nlohmann::json;

constexpr std::chrono::seconds kSessionEndsWithin{5};

class SessionCacheTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { second_url_ = Stack().StartExtraGateway(); }

  std::vector<HttpClient> Gateways() const {
    return {HttpClient(Stack().GatewayUrl()), HttpClient(second_url_)};
  }

  // A route served without asking auth beyond the gateway's own check of the token.
  static int Use(const HttpClient& gateway, const std::string& token) {
    return gateway.Get("/api/packages", token).status;
  }

  // Every gateway has verified (and so cached) the token.
  void Warm(const std::string& token) {
    for (const auto& gateway : Gateways()) ASSERT_EQ(Use(gateway, token), 200);
  }

  // True when every gateway refuses the token within 5 s of `since`.
  bool RefusedEverywhere(const std::string& token, std::chrono::steady_clock::time_point since) {
    auto left = kSessionEndsWithin - (std::chrono::steady_clock::now() - since);
    auto gateways = Gateways();
    return WaitFor(
        [&] {
          for (const auto& gateway : gateways) {
            if (Use(gateway, token) != 401) return false;
          }
          return true;
        },
        std::chrono::duration_cast<std::chrono::milliseconds>(left),
        "the token refused on every gateway");
  }

  std::string NewStaff(int64_t* id, const std::string& password = "Kasir-Rahasia-1") {
    std::string admin = Login("admin", "admin123");
    std::string name = UniqueName("kasir");
    *id = CreateUser(admin, name, password, "staff");
    name_ = name;
    return Login(name, password);
  }

  static std::string second_url_;
  std::string name_;
};

std::string SessionCacheTest::second_url_;

TEST_F(SessionCacheTest, DeactivatedUsersCachedTokenIsRefusedWithin5sOnEveryReplica) {
  int64_t id = 0;
  std::string token = NewStaff(&id);
  Warm(token);
  auto changed = std::chrono::steady_clock::now();
  HttpResponse off = Gateways()[0].PutJson("/api/users/" + std::to_string(id), {{"active", false}},
                                           Login("admin", "admin123"));
  ASSERT_EQ(off.status, 200) << off.Describe();
  EXPECT_TRUE(RefusedEverywhere(token, changed));
  EXPECT_TRUE(ExpectErrorShape(Gateways()[1].Get("/api/packages", token), 401, "unauthenticated"));
}

TEST_F(SessionCacheTest, DemotedAdminsCachedTokenIsRefusedWithin5sOnEveryReplica) {
  std::string admin = Login("admin", "admin123");
  std::string name = UniqueName("bos");
  int64_t id = CreateUser(admin, name, "Bos-Rahasia-1", "admin");
  std::string token = Login(name, "Bos-Rahasia-1");
  for (const auto& gateway : Gateways()) ASSERT_EQ(gateway.Get("/api/users", token).status, 200);
  auto changed = std::chrono::steady_clock::now();
  HttpResponse demoted =
      Gateways()[0].PutJson("/api/users/" + std::to_string(id), {{"role", "staff"}}, admin);
  ASSERT_EQ(demoted.status, 200) << demoted.Describe();
  EXPECT_TRUE(RefusedEverywhere(token, changed));
  for (const auto& gateway : Gateways()) EXPECT_NE(gateway.Get("/api/users", token).status, 200);
}

TEST_F(SessionCacheTest, LogoutEndsTheCachedSessionOnEveryReplica) {
  int64_t id = 0;
  std::string token = NewStaff(&id);
  std::string other = Login(name_, "Kasir-Rahasia-1");
  Warm(token);
  Warm(other);
  auto changed = std::chrono::steady_clock::now();
  HttpResponse logout = Gateways()[1].PostJson("/api/auth/logout", json::object(), token);
  ASSERT_EQ(logout.status, 200) << logout.Describe();
  EXPECT_EQ(Use(Gateways()[1], token), 401);  // where it logged out: at once
  EXPECT_TRUE(RefusedEverywhere(token, changed));
  for (const auto& gateway : Gateways()) EXPECT_EQ(Use(gateway, other), 200);  // that one only
}

TEST_F(SessionCacheTest, PasswordChangeEndsTheOldCachedSessionOnEveryReplica) {
  int64_t id = 0;
  std::string token = NewStaff(&id);
  Warm(token);
  auto changed = std::chrono::steady_clock::now();
  HttpResponse change = Gateways()[1].PostJson(
      "/api/auth/change-password",
      {{"old_password", "Kasir-Rahasia-1"}, {"new_password", "Kasir-Baru-2"}}, token);
  ASSERT_EQ(change.status, 200) << change.Describe();
  EXPECT_TRUE(RefusedEverywhere(token, changed));
  std::string fresh = change.Json()["token"];
  for (const auto& gateway : Gateways()) EXPECT_EQ(Use(gateway, fresh), 200);
}

TEST_F(SessionCacheTest, DeactivationEndsCachedSessionsWithin5sEvenWithRedisDown) {
  int64_t id = 0;
  std::string token = NewStaff(&id);
  std::string admin = Login("admin", "admin123");
  Warm(token);
  Stack().Redis().Stop();  // no event reaches the gateways: only the cache's ttl is left
  auto changed = std::chrono::steady_clock::now();
  HttpResponse off =
      Gateways()[0].PutJson("/api/users/" + std::to_string(id), {{"active", false}}, admin);
  bool refused = off.status == 200 && RefusedEverywhere(token, changed);
  ASSERT_EQ(off.status, 200) << off.Describe();
  EXPECT_TRUE(refused);
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  billing::testing::UseFullStack(&argc, argv);
  return RUN_ALL_TESTS();
}
