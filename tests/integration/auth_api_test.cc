// Login, token verification, forged tokens, session revocation and login rate limits,
// through the gateway against the real auth service, PostgreSQL and Redis.
#include <chrono>

#include <gtest/gtest.h>

#include "api_test.h"
#include "token_forge.h"

namespace billing::testing {
namespace {

using nlohmann::json;

HttpResponse LoginFrom(const std::string& address, const std::string& username,
                       const std::string& password) {
  return Stack().Http().Request(
      "POST", "/api/auth/login", json{{"username", username}, {"password", password}}.dump(),
      {{"Content-Type", "application/json"}, {"X-Forwarded-For", address}});
}

TEST(AuthApiTest, LoginReturnsTokenThatVerifyAccepts) {
  HttpResponse login =
      Stack().Http().PostJson("/api/auth/login", {{"username", "admin"}, {"password", "admin123"}});
  ASSERT_EQ(login.status, 200) << login.Describe();
  json body = login.Json();
  EXPECT_EQ(body["user"]["username"], "admin");
  EXPECT_EQ(body["user"]["role"], "admin");
  // The fixture gives the initial passwords (INITIAL_ADMIN_PASSWORD): nothing to change first.
  EXPECT_FALSE(body["user"]["password_is_default"].get<bool>());
  EXPECT_FALSE(body["expires_at"].get<std::string>().empty());
  EXPECT_EQ(body.dump().find("password_hash"), std::string::npos);

  HttpResponse verify = Stack().Http().Get("/api/auth/verify", body["token"]);
  ASSERT_EQ(verify.status, 200) << verify.Describe();
  EXPECT_EQ(verify.Json()["user"]["id"], body["user"]["id"]);
}

TEST(AuthApiTest, UsernameIsCaseInsensitive) { EXPECT_FALSE(Login("ADMIN", "admin123").empty()); }

TEST(AuthApiTest, WrongPasswordAndUnknownUserGetTheSame401) {
  HttpResponse wrong = LoginFrom("10.1.0.1", "admin", "salah-password");
  EXPECT_TRUE(ExpectErrorShape(wrong, 401, "unauthenticated"));
  HttpResponse unknown = LoginFrom("10.1.0.1", "tidak-ada", "salah-password");
  EXPECT_TRUE(ExpectErrorShape(unknown, 401, "unauthenticated"));
  EXPECT_EQ(wrong.Json()["error"]["message"], unknown.Json()["error"]["message"]);
}

TEST(AuthApiTest, MissingFieldsAreNamed) {
  HttpResponse response = Stack().Http().PostJson("/api/auth/login", {{"username", "admin"}});
  EXPECT_TRUE(ExpectErrorShape(response, 400, "invalid_argument"));
  EXPECT_EQ(response.Json()["error"]["fields"].count("password"), 1u);
}

TEST(AuthApiTest, InactiveUserCannotLogIn) {
  std::string admin = Login("admin", "admin123");
  std::string name = UniqueName("nonaktif");
  CreateUser(admin, name, "password-1", "staff", /*active=*/false);
  HttpResponse response = LoginFrom("10.1.0.2", name, "password-1");
  EXPECT_TRUE(ExpectErrorShape(response, 403, "permission_denied"));
  EXPECT_FALSE(response.Json().contains("token"));
}

TEST(AuthApiTest, RequestsWithoutTokenGet401) {
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Get("/api/auth/verify"), 401, "unauthenticated"));
  EXPECT_TRUE(ExpectErrorShape(
      Stack().Http().Request("GET", "/api/auth/verify", "", {{"Authorization", "Basic YTpi"}}), 401,
      "unauthenticated"));
}

TEST(AuthApiTest, ForgedTokensAreRefused) {
  std::string staff_token = Login("staff", "staff123");
  ASSERT_FALSE(staff_token.empty());
  auto first_dot = staff_token.find('.');
  auto last_dot = staff_token.rfind('.');
  std::string header = staff_token.substr(0, first_dot);
  std::string signature = staff_token.substr(last_dot + 1);

  json admin_claims = {{"sub", "1"},      {"username", "admin"}, {"role", "admin"},  {"ver", 1},
                       {"jti", "forged"}, {"iat", 1700000000},   {"exp", 4102444800}};
  std::string tampered_signature = signature;
  tampered_signature[signature.size() / 2] = signature[signature.size() / 2] == 'A' ? 'B' : 'A';

  std::map<std::string, std::string> forged = {
      {"bad signature", staff_token.substr(0, last_dot + 1) + tampered_signature},
      {"other key", SignHs256({{"alg", "HS256"}, {"typ", "JWT"}}, admin_claims,
                              "not-the-server-secret-not-the-server-secret")},
      {"alg none",
       Base64Url(R"({"alg":"none","typ":"JWT"})") + "." + Base64Url(admin_claims.dump()) + "."},
      {"edited payload", header + "." + Base64Url(admin_claims.dump()) + "." + signature},
      {"garbage", "not.a.jwt"},
      {"unknown user", SignHs256({{"alg", "HS256"}, {"typ", "JWT"}},
                                 {{"sub", "999999"},
                                  {"username", "ghost"},
                                  {"role", "admin"},
                                  {"ver", 1},
                                  {"jti", "x"},
                                  {"exp", 4102444800}},
                                 Stack().JwtSecret())},
  };
  for (const auto& [what, token] : forged) {
    EXPECT_TRUE(
        ExpectErrorShape(Stack().Http().Get("/api/auth/verify", token), 401, "unauthenticated"))
        << what;
    EXPECT_TRUE(ExpectErrorShape(Stack().Http().Get("/api/users", token), 401, "unauthenticated"))
        << what;
  }
  // The genuine token still works: the refusals above were about the forgeries.
  EXPECT_EQ(Stack().Http().Get("/api/auth/verify", staff_token).status, 200);
}

TEST(AuthApiTest, LogoutEndsThatSessionOnly) {
  std::string first = Login("staff", "staff123");
  std::string second = Login("staff", "staff123");
  HttpResponse logout = Stack().Http().PostJson("/api/auth/logout", json::object(), first);
  ASSERT_EQ(logout.status, 200) << logout.Describe();
  EXPECT_TRUE(
      ExpectErrorShape(Stack().Http().Get("/api/auth/verify", first), 401, "unauthenticated"));
  EXPECT_EQ(Stack().Http().Get("/api/auth/verify", second).status, 200);
}

TEST(AuthApiTest, DeactivationRevokesExistingTokensWithinSeconds) {
  std::string admin = Login("admin", "admin123");
  std::string name = UniqueName("kasir");
  int64_t id = CreateUser(admin, name, "password-1", "staff");
  std::string token = Login(name, "password-1");
  ASSERT_EQ(Stack().Http().Get("/api/auth/verify", token).status, 200);

  HttpResponse off =
      Stack().Http().PutJson("/api/users/" + std::to_string(id), {{"active", false}}, admin);
  ASSERT_EQ(off.status, 200) << off.Describe();
  EXPECT_TRUE(WaitFor([&] { return Stack().Http().Get("/api/auth/verify", token).status == 401; },
                      std::chrono::seconds(5), "old token refused"));
}

TEST(AuthApiTest, ChangingOwnPasswordRevokesOldTokensAndReturnsANewOne) {
  std::string admin = Login("admin", "admin123");
  std::string name = UniqueName("ganti");
  CreateUser(admin, name, "password-lama", "staff");
  std::string old_token = Login(name, "password-lama");

  HttpResponse wrong_old = Stack().Http().PostJson(
      "/api/auth/change-password", {{"old_password", "keliru-123"}, {"new_password", "baru-12345"}},
      old_token);
  EXPECT_TRUE(ExpectErrorShape(wrong_old, 400, "invalid_argument"));
  HttpResponse too_short = Stack().Http().PostJson(
      "/api/auth/change-password", {{"old_password", "password-lama"}, {"new_password", "123"}},
      old_token);
  EXPECT_TRUE(ExpectErrorShape(too_short, 400, "invalid_argument"));
  EXPECT_EQ(too_short.Json()["error"]["fields"].count("new_password"), 1u);
  EXPECT_EQ(Stack().Http().Get("/api/auth/verify", old_token).status, 200);

  HttpResponse changed = Stack().Http().PostJson(
      "/api/auth/change-password",
      {{"old_password", "password-lama"}, {"new_password", "password-baru"}}, old_token);
  ASSERT_EQ(changed.status, 200) << changed.Describe();
  std::string new_token = changed.Json()["token"];
  EXPECT_FALSE(changed.Json()["user"]["password_is_default"].get<bool>());
  EXPECT_TRUE(
      WaitFor([&] { return Stack().Http().Get("/api/auth/verify", old_token).status == 401; },
              std::chrono::seconds(5), "old token refused"));
  EXPECT_EQ(Stack().Http().Get("/api/auth/verify", new_token).status, 200);
  EXPECT_EQ(LoginFrom("10.1.0.3", name, "password-lama").status, 401);
  EXPECT_FALSE(Login(name, "password-baru").empty());
}

TEST(AuthApiTest, AdminPasswordResetRevokesTheUsersTokens) {
  std::string admin = Login("admin", "admin123");
  std::string name = UniqueName("reset");
  int64_t id = CreateUser(admin, name, "password-1", "staff");
  std::string token = Login(name, "password-1");
  HttpResponse reset = Stack().Http().PutJson("/api/users/" + std::to_string(id),
                                              {{"password", "password-2"}}, admin);
  ASSERT_EQ(reset.status, 200) << reset.Describe();
  EXPECT_TRUE(WaitFor([&] { return Stack().Http().Get("/api/auth/verify", token).status == 401; },
                      std::chrono::seconds(5), "old token refused"));
  EXPECT_FALSE(Login(name, "password-2").empty());
}

TEST(AuthApiTest, RepeatedFailuresForOneUsernameFromOneAddressAreLimited) {
  std::string admin = Login("admin", "admin123");
  std::string name = UniqueName("target");
  CreateUser(admin, name, "password-1", "staff");
  for (int i = 0; i < 5; ++i) EXPECT_EQ(LoginFrom("10.2.0.1", name, "salah").status, 401);
  HttpResponse blocked = LoginFrom("10.2.0.1", name, "password-1");
  EXPECT_TRUE(ExpectErrorShape(blocked, 429, "resource_exhausted"));
  ASSERT_EQ(blocked.headers.count("retry-after"), 1u) << blocked.Describe();
  EXPECT_GT(std::stoi(blocked.headers.at("retry-after")), 0);
  // The owner of the account, from an address of their own, is not locked out.
  EXPECT_EQ(LoginFrom("10.2.0.9", name, "password-1").status, 200);
  // Another user is not affected.
  EXPECT_EQ(LoginFrom("10.2.0.9", "staff", "staff123").status, 200);
}

TEST(AuthApiTest, RepeatedFailuresFromOneAddressAreLimited) {
  const std::string address = "10.3.0.1";
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ(LoginFrom(address, UniqueName("tebak"), "salah").status, 401);
  }
  EXPECT_TRUE(ExpectErrorShape(LoginFrom(address, "staff", "staff123"), 429, "resource_exhausted"));
  EXPECT_EQ(LoginFrom("10.3.0.2", "staff", "staff123").status, 200);
}

TEST(AuthApiTest, RateLimitIsSharedByGatewayReplicas) {
  std::string second_gateway = Stack().StartExtraGateway();
  HttpClient other(second_gateway);
  std::string name = UniqueName("replika");
  for (int i = 0; i < 5; ++i) EXPECT_EQ(LoginFrom("10.4.0.1", name, "salah").status, 401);
  HttpResponse blocked = other.Request(
      "POST", "/api/auth/login", json{{"username", name}, {"password", "salah"}}.dump(),
      {{"Content-Type", "application/json"}, {"X-Forwarded-For", "10.4.0.1"}});
  EXPECT_TRUE(ExpectErrorShape(blocked, 429, "resource_exhausted"));
}

TEST(AuthApiTest, TokensAndPasswordsNeverReachTheLogs) {
  std::string token = Login("staff", "staff123");
  ASSERT_FALSE(token.empty());
  Stack().Http().Get("/api/auth/verify", token);
  Stack().Http().Get("/api/auth/verify", token + "x");
  for (const char* service : {"gateway", "auth"}) {
    std::string log = ReadFile(Stack().ServiceProcess(service).LogPath());
    EXPECT_FALSE(log.empty()) << service;
    EXPECT_EQ(log.find(token.substr(token.rfind('.') + 1)), std::string::npos) << service;
    EXPECT_EQ(log.find("staff123"), std::string::npos) << service;
  }
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  billing::testing::UseFullStack(&argc, argv,
                                 {{"TRUST_PROXY", "1"}, {"LOGIN_MAX_FAILURES_PER_IP", "8"}});
  return RUN_ALL_TESTS();
}
