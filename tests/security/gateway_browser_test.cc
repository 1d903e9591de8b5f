// Attacks from a browser's side: framing the staff UI (clickjacking), a script or style from
// elsewhere, MIME sniffing, a cross-site form post (text/plain or form-encoded bodies), the
// session cookie sent over plain HTTP, a forged X-Forwarded-For from an untrusted peer, and
// reading /metrics from outside. The gateway under test trusts 127.0.0.1 as its proxy; a
// second one trusts nobody.
#include <gtest/gtest.h>

#include "gateway_io_support.h"
#include "stack.h"

namespace billing::testing {
namespace {

using std::chrono::seconds;

void ExpectBrowserHeaders(const HttpHeaders& headers, const std::string& what) {
  auto value = [&](const std::string& name) {
    auto it = headers.find(name);
    return it == headers.end() ? std::string("<absent>") : it->second;
  };
  std::string csp = value("content-security-policy");
  EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << what << ": " << csp;
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << what << ": " << csp;
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << what << ": " << csp;
  EXPECT_EQ(value("x-frame-options"), "DENY") << what;
  EXPECT_EQ(value("x-content-type-options"), "nosniff") << what;
  EXPECT_EQ(value("referrer-policy"), "same-origin") << what;
}

std::string CustomerCount() { return Sql("SELECT count(*) FROM customer.customers"); }

TEST(GatewayBrowserTest, EveryResponseForbidsFramingAndSniffing) {
  std::string admin = Login("admin", "admin123");
  const HttpClient& http = Stack().Http();
  ExpectBrowserHeaders(http.Get("/healthz").headers, "healthz");
  ExpectBrowserHeaders(http.Get("/api/customers").headers, "401 error");
  ExpectBrowserHeaders(http.Get("/api/customers?limit=1", admin).headers, "customer list");
  ExpectBrowserHeaders(http.Get("/api/nope", admin).headers, "404");
  ExpectBrowserHeaders(http.Get("/").headers, "web UI or its 404");
  ExpectBrowserHeaders(
      http.PostJson("/api/auth/login", {{"username", "admin"}, {"password", "admin123"}}).headers,
      "login");

  // The event stream's head too (read raw: it never ends by itself).
  RawConnection stream(PortOf(Stack().GatewayUrl()));
  ASSERT_TRUE(stream.ok());
  ASSERT_TRUE(stream.Send("GET /api/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + admin +
                          "\r\n\r\n"));
  std::string head;
  ASSERT_TRUE(WaitFor(
      [&] {
        head += stream.Read(std::chrono::milliseconds(100));
        return head.find("\r\n\r\n") != std::string::npos;
      },
      seconds(10), "the event stream's head"));
  EXPECT_EQ(head.rfind("HTTP/1.1 200", 0), 0u) << head;
  EXPECT_NE(head.find("Content-Security-Policy: default-src 'self'"), std::string::npos) << head;
  EXPECT_NE(head.find("X-Frame-Options: DENY"), std::string::npos) << head;
}

TEST(GatewayBrowserTest, WritesAcceptOnlyJson) {
  std::string staff = Login("staff", "staff123");
  std::string before = CustomerCount();
  std::string body =
      R"({"type":"gas","name":"Warung Palsu","phone":"081234567890","gas_price":22000})";
  for (const char* type : {"text/plain", "application/x-www-form-urlencoded",
                           "multipart/form-data; boundary=x", "text/html", ""}) {
    HttpHeaders headers = BearerHeaders(staff);
    if (*type != '\0') headers["Content-Type"] = type;
    HttpResponse created = Stack().Http().Request("POST", "/api/customers", body, headers);
    EXPECT_TRUE(ExpectErrorShape(created, 415, "unsupported_media_type")) << type;
    HttpResponse login = Stack().Http().Request("POST", "/api/auth/login",
                                                R"({"username":"staff","password":"staff123"})",
                                                {{"Content-Type", type}});
    EXPECT_TRUE(ExpectErrorShape(login, 415, "unsupported_media_type")) << type;
    EXPECT_EQ(login.headers.count("set-cookie"), 0u) << type;
  }
  EXPECT_EQ(CustomerCount(), before) << "a refused write changed nothing";
  HttpResponse json = Stack().Http().Request(
      "POST", "/api/customers", body,
      {{"Authorization", "Bearer " + staff}, {"Content-Type", "application/json; charset=utf-8"}});
  EXPECT_EQ(json.status, 201) << json.Describe();
}

TEST(GatewayBrowserTest, SessionCookieIsSecureOnlyBehindHttpsProxy) {
  std::string login = R"({"username":"staff","password":"staff123"})";
  HttpHeaders json = {{"Content-Type", "application/json"}};
  HttpResponse plain = Stack().Http().Request("POST", "/api/auth/login", login, json);
  ASSERT_EQ(plain.status, 200) << plain.Describe();
  EXPECT_EQ(plain.headers["set-cookie"].find("Secure"), std::string::npos)
      << plain.headers["set-cookie"];

  HttpHeaders https = json;
  https["X-Forwarded-Proto"] = "https";
  HttpResponse proxied = Stack().Http().Request("POST", "/api/auth/login", login, https);
  ASSERT_EQ(proxied.status, 200) << proxied.Describe();
  EXPECT_NE(proxied.headers["set-cookie"].find("; Secure"), std::string::npos)
      << proxied.headers["set-cookie"];
}

class GatewayProxyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (untrusting_.empty()) untrusting_ = Stack().StartExtraGateway({{"TRUSTED_PROXIES", ""}});
  }
  static std::string untrusting_;
};
std::string GatewayProxyTest::untrusting_;

std::string FailedLoginSummaries(const std::string& username) {
  return Sql(
      "SELECT string_agg(summary, ' | ') FROM events.outbox WHERE action = 'login_failed' "
      "AND summary LIKE '%''" +
      username + "''%'");
}

TEST_F(GatewayProxyTest, ForgedForwardedForFromUntrustedPeerIsIgnored) {
  HttpClient direct(untrusting_);
  std::string name = UniqueName("spoof");
  HttpResponse failed = direct.Request(
      "POST", "/api/auth/login", R"({"username":")" + name + R"(","password":"salah"})",
      {{"Content-Type", "application/json"}, {"X-Forwarded-For", "198.51.100.77"}});
  EXPECT_TRUE(ExpectErrorShape(failed, 401, "unauthenticated"));
  std::string summaries;
  ASSERT_TRUE(WaitFor([&] { return !(summaries = FailedLoginSummaries(name)).empty(); },
                      seconds(10), "the failed login in the audit trail"));
  EXPECT_NE(summaries.find("127.0.0.1"), std::string::npos) << summaries;
  EXPECT_EQ(summaries.find("198.51.100.77"), std::string::npos) << summaries;

  // The same probe claiming HTTPS gets no Secure cookie from a gateway that trusts nobody.
  HttpResponse login =
      direct.Request("POST", "/api/auth/login", R"({"username":"staff","password":"staff123"})",
                     {{"Content-Type", "application/json"}, {"X-Forwarded-Proto", "https"}});
  ASSERT_EQ(login.status, 200) << login.Describe();
  EXPECT_EQ(login.headers["set-cookie"].find("Secure"), std::string::npos);
}

TEST_F(GatewayProxyTest, TrustedProxyGivesTheRightMostUntrustedAddress) {
  std::string name = UniqueName("proxied");
  HttpResponse failed = Stack().Http().Request(
      "POST", "/api/auth/login", R"({"username":")" + name + R"(","password":"salah"})",
      {{"Content-Type", "application/json"},
       {"X-Forwarded-For", "6.6.6.6, 198.51.100.88, 127.0.0.1"}});
  EXPECT_TRUE(ExpectErrorShape(failed, 401, "unauthenticated"));
  std::string summaries;
  ASSERT_TRUE(WaitFor([&] { return !(summaries = FailedLoginSummaries(name)).empty(); },
                      seconds(10), "the failed login in the audit trail"));
  EXPECT_NE(summaries.find("198.51.100.88"), std::string::npos) << summaries;
  EXPECT_EQ(summaries.find("6.6.6.6"), std::string::npos) << summaries;
}

TEST_F(GatewayProxyTest, MetricsOnlyForLocalClients) {
  HttpResponse local = Stack().Http().Get("/metrics");
  EXPECT_EQ(local.status, 200) << local.Describe();
  // Through the (trusted) proxy on this host, a remote client is not local.
  HttpResponse remote =
      Stack().Http().Request("GET", "/metrics", "", {{"X-Forwarded-For", "203.0.113.50"}});
  EXPECT_TRUE(ExpectErrorShape(remote, 403, "permission_denied"));
  EXPECT_EQ(remote.body.find("http_request"), std::string::npos);
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  billing::testing::UseFullStack(&argc, argv, {{"TRUSTED_PROXIES", "127.0.0.1"}});
  return RUN_ALL_TESTS();
}
