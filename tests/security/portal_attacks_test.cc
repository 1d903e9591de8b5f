// Attacks on the customer portal (Cek Tagihan, /api/portal/*, docs/portal-api.md) through the
// real gateway and payment service: one customer reaching another's bills and payments, staff
// tokens and portal sessions used in each other's place, guessing sign-in codes and personal
// links, telling real number/phone pairs from others, revoked links, ended sessions, and the
// personal link's token in the logs. Sign-in codes go out by WhatsApp to a fake provider.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api_test.h"
#include "fakes/payments/fake_tripay.h"
#include "support/fake_whatsapp.h"
#include "support/temp_dir.h"
#include "support/wait_for.h"

namespace billing::testing {
namespace {

using nlohmann::json;

constexpr char kPortalPageMarker[] = "portal-page-for-tests";

struct Customer {
  int64_t id = 0;
  std::string number;      // "PLG-0042", as printed on invoices
  std::string phone;       // as typed
  std::string normalized;  // as the WhatsApp provider gets it
  int64_t bill_id = 0;
};

std::string CustomerNumber(int64_t id) {
  char text[32];
  std::snprintf(text, sizeof(text), "PLG-%04lld", static_cast<long long>(id));  // NOLINT
  return text;
}

// `count` characters of the base64url alphabet: shaped like a personal link's token.
std::string RandomToken(std::mt19937_64& random, size_t count = 32) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string token;
  for (size_t i = 0; i < count; ++i) token.push_back(kAlphabet[random() % 64]);
  return token;
}

HttpHeaders Bearer(const std::string& session) { return BearerHeaders(session); }

class PortalAttacksTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    HttpResponse settings =
        Stack().Http().PostJson("/api/settings",
                                {{"business", {{"name", "Warung Net"}}},
                                 {"whatsapp",
                                  {{"provider", "gateway"},
                                   {"base_url", whatsapp_.BaseUrl()},
                                   {"token", "wa-token-portal"},
                                   {"remind_overdue", false},
                                   {"reminder_days_before", 0},
                                   {"send_receipt", false}}},
                                 {"payment",
                                  {{"provider", "tripay"},
                                   {"mode", "sandbox"},
                                   {"public_url", Stack().GatewayUrl()},
                                   {"tripay",
                                    {{"api_base_url", tripay_.BaseUrl()},
                                     {"merchant_code", "T0042"},
                                     {"api_key", "portal-tripay-api-key"},
                                     {"private_key", "portal-tripay-private-key"},
                                     {"method", "QRIS"}}}}}},
                                admin_);
    ASSERT_EQ(settings.status, 200) << settings.Describe();
    package_id_ = Admin().CreatePackage();
    ASSERT_GT(package_id_, 0);
    ASSERT_NO_FATAL_FAILURE(NewCustomer("0813-1111-2222", "6281311112222", &a_));
    ASSERT_NO_FATAL_FAILURE(NewCustomer("0813-3333-4444", "6281333334444", &b_));
  }

  void NewCustomer(const std::string& phone, const std::string& normalized, Customer* out) {
    out->id = Staff().CreateInternetCustomer(package_id_, {{"phone", phone}});
    ASSERT_GT(out->id, 0);
    out->number = CustomerNumber(out->id);
    out->phone = phone;
    out->normalized = normalized;
    out->bill_id =
        Staff()
            .CreateBill(out->id, "2026-11", {{"amount", 150000}, {"due_date", "2026-11-10"}})
            .value("id", int64_t{0});
    ASSERT_GT(out->bill_id, 0);
  }

  // The customer's personal link as staff hand it out (GET /api/transactions/:id/portal-link):
  // <public_url>/portal/t/<token>?bill=<id>; its token.
  std::string LinkToken(const Customer& customer) const {
    HttpResponse response = Stack().Http().Get(
        "/api/transactions/" + std::to_string(customer.bill_id) + "/portal-link", staff_);
    EXPECT_EQ(response.status, 200) << response.Describe();
    if (response.status != 200) return "";
    const std::string url = response.Json().value("url", "");
    const std::string prefix = Stack().GatewayUrl() + "/portal/t/";
    EXPECT_EQ(url.rfind(prefix, 0), 0u) << url;
    if (url.rfind(prefix, 0) != 0) return "";
    std::string token = url.substr(prefix.size());
    return token.substr(0, token.find('?'));
  }

  static HttpResponse OpenLink(const std::string& token) {
    return Stack().Http().PostJson("/api/portal/login/link", {{"token", token}});
  }

  // A portal session of `customer`, opened with their personal link.
  std::string SessionOf(const Customer& customer) const {
    HttpResponse opened = OpenLink(LinkToken(customer));
    EXPECT_EQ(opened.status, 200) << opened.Describe();
    return opened.status == 200 ? opened.Json().value("token", "") : "";
  }

  static HttpResponse PortalGet(const std::string& path, const std::string& session) {
    return Stack().Http().Get(path, session);
  }

  static HttpResponse PortalPost(const std::string& path, const std::string& session) {
    return Stack().Http().Post(path, "", Bearer(session));
  }

  static HttpResponse RequestCode(const std::string& number, const std::string& phone) {
    return Stack().Http().PostJson("/api/portal/login/code",
                                   {{"customer_number", number}, {"phone", phone}});
  }

  static HttpResponse Verify(const std::string& number, const std::string& phone,
                             const std::string& code) {
    return Stack().Http().PostJson("/api/portal/login/verify",
                                   {{"customer_number", number}, {"phone", phone}, {"code", code}});
  }

  // The sign-in code WhatsApp delivered to `normalized`; "" when none came within 30 s.
  std::string DeliveredCode(const std::string& normalized) {
    std::string code;
    WaitFor(
        [&] {
          for (const auto& request : whatsapp_.RequestsTo("/send")) {
            auto form = request.Form();
            std::smatch match;
            static const std::regex kCode(R"(\b(\d{6})\b)");
            if (form["target"] == normalized && std::regex_search(form["message"], match, kCode)) {
              code = match[1];
              return true;
            }
          }
          return false;
        },
        std::chrono::seconds(30), "the sign-in code sent to " + normalized);
    return code;
  }

  static int PortalSessions(const Customer& customer) {
    return std::stoi(Sql("SELECT count(*) FROM payment.portal_sessions WHERE customer_id = " +
                         std::to_string(customer.id)));
  }

  FakeWhatsapp whatsapp_;
  payments::FakeTripay tripay_{"portal-tripay-api-key", "portal-tripay-private-key", "T0042"};
  int64_t package_id_ = 0;
  Customer a_;
  Customer b_;
};

TEST_F(PortalAttacksTest, AnotherCustomersBillAnswersExactlyLikeAMissingOne) {
  const std::string session = SessionOf(a_);
  ASSERT_FALSE(session.empty());
  const std::string own = "/api/portal/bills/" + std::to_string(a_.bill_id);
  const std::string others = "/api/portal/bills/" + std::to_string(b_.bill_id);
  const std::string missing = "/api/portal/bills/" + std::to_string(b_.bill_id + 100000);

  HttpResponse mine = PortalGet(own, session);
  ASSERT_EQ(mine.status, 200) << mine.Describe();
  EXPECT_EQ(mine.Json()["id"], a_.bill_id);

  HttpResponse foreign = PortalGet(others, session);
  HttpResponse absent = PortalGet(missing, session);
  EXPECT_TRUE(ExpectErrorShape(foreign, 404, "not_found"));
  EXPECT_TRUE(ExpectErrorShape(absent, 404, "not_found"));
  EXPECT_EQ(foreign.body, absent.body);

  HttpResponse pay_foreign = PortalPost(others + "/pay", session);
  HttpResponse pay_absent = PortalPost(missing + "/pay", session);
  EXPECT_TRUE(ExpectErrorShape(pay_foreign, 404, "not_found"));
  EXPECT_TRUE(ExpectErrorShape(pay_absent, 404, "not_found"));
  EXPECT_EQ(pay_foreign.body, pay_absent.body);
  // No payment link was made for B's bill, at the provider or here.
  EXPECT_TRUE(tripay_.Transactions().empty());
  HttpResponse attempts =
      Stack().Http().Get("/api/transactions/" + std::to_string(b_.bill_id) + "/payments", staff_);
  ASSERT_EQ(attempts.status, 200) << attempts.Describe();
  EXPECT_EQ(attempts.Json()["total"], 0) << attempts.body;

  // A's own page lists A's bill only; A's own bill can be paid.
  HttpResponse me = PortalGet("/api/portal/me", session);
  ASSERT_EQ(me.status, 200) << me.Describe();
  ASSERT_EQ(me.Json()["unpaid"].size(), 1u) << me.body;
  EXPECT_EQ(me.Json()["unpaid"][0]["id"], a_.bill_id);
  EXPECT_EQ(me.Json()["customer"]["number"], a_.number);
  HttpResponse pay_own = PortalPost(own + "/pay", session);
  EXPECT_EQ(pay_own.status, 200) << pay_own.Describe();
}

TEST_F(PortalAttacksTest, AnotherCustomersPaymentAnswersExactlyLikeAMissingOne) {
  const std::string session_a = SessionOf(a_);
  const std::string session_b = SessionOf(b_);
  ASSERT_FALSE(session_a.empty());
  ASSERT_FALSE(session_b.empty());
  HttpResponse paying =
      PortalPost("/api/portal/bills/" + std::to_string(b_.bill_id) + "/pay", session_b);
  ASSERT_EQ(paying.status, 200) << paying.Describe();
  const std::string reference = paying.Json()["reference"].get<std::string>();
  ASSERT_FALSE(reference.empty());

  HttpResponse own = PortalGet("/api/portal/payments/" + reference, session_b);
  ASSERT_EQ(own.status, 200) << own.Describe();
  EXPECT_EQ(own.Json()["status"], "pending");

  HttpResponse foreign = PortalGet("/api/portal/payments/" + reference, session_a);
  HttpResponse absent = PortalGet("/api/portal/payments/PAY00000000deadbeef", session_a);
  EXPECT_TRUE(ExpectErrorShape(foreign, 404, "not_found"));
  EXPECT_TRUE(ExpectErrorShape(absent, 404, "not_found"));
  EXPECT_EQ(foreign.body, absent.body);
}

TEST_F(PortalAttacksTest, StaffTokensAndPortalSessionsAreNotEachOthers) {
  const std::string session = SessionOf(a_);
  ASSERT_FALSE(session.empty());
  ASSERT_EQ(PortalGet("/api/portal/me", session).status, 200);

  for (const std::string& staff_token : {admin_, staff_}) {
    EXPECT_TRUE(ExpectErrorShape(PortalGet("/api/portal/me", staff_token), 401, "unauthenticated"));
    EXPECT_TRUE(
        ExpectErrorShape(PortalGet("/api/portal/bills/" + std::to_string(a_.bill_id), staff_token),
                         401, "unauthenticated"));
  }
  const std::string bill = "/api/transactions/" + std::to_string(a_.bill_id);
  for (const std::string& path :
       {std::string("/api/customers"), std::string("/api/auth/verify"), bill, bill + "/portal-link",
        std::string("/api/payments?needs_check=true")}) {
    EXPECT_TRUE(ExpectErrorShape(PortalGet(path, session), 401, "unauthenticated")) << path;
  }
  // Nor may it end the personal link it came from.
  HttpResponse revoke = Stack().Http().Post(
      "/api/customers/" + std::to_string(a_.id) + "/portal-link/revoke", "", Bearer(session));
  EXPECT_TRUE(ExpectErrorShape(revoke, 401, "unauthenticated"));
  EXPECT_EQ(PortalGet("/api/portal/me", session).status, 200);
}

TEST_F(PortalAttacksTest, GuessingASignInCodeVoidsItAfterAFewTries) {
  HttpResponse asked = RequestCode(a_.number, a_.phone);
  ASSERT_EQ(asked.status, 202) << asked.Describe();
  const std::string code = DeliveredCode(a_.normalized);
  ASSERT_EQ(code.size(), 6u) << "no code reached the fake WhatsApp";

  int wrong = 0;
  HttpResponse refused;
  for (int guess = 1; guess <= 20; ++guess) {
    std::string attempt = std::to_string((std::stoi(code) + guess * 7919) % 1000000);
    attempt = std::string(6 - attempt.size(), '0') + attempt;
    HttpResponse response = Verify(a_.number, a_.phone, attempt);
    if (response.status == 429) {
      refused = response;
      break;
    }
    ASSERT_TRUE(ExpectErrorShape(response, 400, "invalid_argument")) << "guess " << guess;
    EXPECT_TRUE(response.Json()["error"]["fields"].contains("code")) << response.body;
    ++wrong;
  }
  // "5 per code" (docs/portal-api.md): a few wrong answers, then 429 with Retry-After.
  EXPECT_GE(wrong, 1);
  EXPECT_LE(wrong, 5);
  ASSERT_TRUE(ExpectErrorShape(refused, 429, "resource_exhausted"));
  ASSERT_TRUE(refused.headers.count("retry-after")) << refused.Describe();
  EXPECT_GE(std::stoi(refused.headers.at("retry-after")), 1);

  // The code is void: even the right one opens nothing now.
  HttpResponse right = Verify(a_.number, a_.phone, code);
  EXPECT_TRUE(ExpectErrorShape(right, 429, "resource_exhausted"));
  EXPECT_EQ(PortalSessions(a_), 0);
}

TEST_F(PortalAttacksTest, GuessingPersonalLinksIsCutOffPerAddress) {
  const std::string real = LinkToken(a_);
  ASSERT_EQ(real.size(), 32u) << real;
  std::mt19937_64 random{std::random_device{}()};

  // A malformed token answers as a well-formed unknown one.
  HttpResponse malformed = OpenLink("not-a-token");
  HttpResponse unknown = OpenLink(RandomToken(random));
  EXPECT_TRUE(ExpectErrorShape(malformed, 404, "not_found"));
  EXPECT_TRUE(ExpectErrorShape(unknown, 404, "not_found"));
  EXPECT_EQ(malformed.body, unknown.body);

  int not_found = 2;
  HttpResponse refused;
  for (int guess = 0; guess < 400; ++guess) {
    HttpResponse response = OpenLink(RandomToken(random));
    if (response.status == 429) {
      refused = response;
      break;
    }
    ASSERT_TRUE(ExpectErrorShape(response, 404, "not_found")) << "guess " << guess;
    ++not_found;
  }
  ASSERT_TRUE(ExpectErrorShape(refused, 429, "resource_exhausted"))
      << "still guessing after " << not_found << " tries";
  ASSERT_TRUE(refused.headers.count("retry-after")) << refused.Describe();
  EXPECT_GE(std::stoi(refused.headers.at("retry-after")), 1);
  // The per-address limit of portal_access.h (300 in 15 minutes).
  EXPECT_LE(not_found, 300);

  // The address is cut off: a real link too, and a forged X-Forwarded-For changes nothing.
  EXPECT_TRUE(ExpectErrorShape(OpenLink(real), 429, "resource_exhausted"));
  HttpResponse forwarded = Stack().Http().Request(
      "POST", "/api/portal/login/link", json{{"token", RandomToken(random)}}.dump(),
      {{"Content-Type", "application/json"}, {"X-Forwarded-For", "198.51.100.7"}});
  EXPECT_TRUE(ExpectErrorShape(forwarded, 429, "resource_exhausted"));
  EXPECT_EQ(PortalSessions(a_), 0);
}

TEST_F(PortalAttacksTest, ACodeRequestAnswersAlikeWhetherOrNotNumberAndPhoneBelongTogether) {
  // Those that do not belong together first: a code they would send would arrive first.
  HttpResponse wrong_phone = RequestCode(b_.number, "0899-0000-1111");
  HttpResponse no_customer = RequestCode(CustomerNumber(b_.id + 100000), a_.phone);
  HttpResponse other_form = RequestCode(a_.number, "+62 899 0000 2222");
  HttpResponse real = RequestCode(a_.number, a_.phone);
  ASSERT_EQ(real.status, 202) << real.Describe();
  for (const HttpResponse* other : {&wrong_phone, &no_customer, &other_form}) {
    EXPECT_EQ(other->status, real.status) << other->Describe();
    EXPECT_EQ(other->body, real.body);
    EXPECT_EQ(other->headers.count("retry-after"), 0u);
  }

  // Only the real pair gets a code, and only on its own phone.
  const std::string code = DeliveredCode(a_.normalized);
  ASSERT_EQ(code.size(), 6u) << "no code reached the fake WhatsApp";
  for (const auto& request : whatsapp_.RequestsTo("/send")) {
    EXPECT_EQ(request.Form()["target"], a_.normalized) << request.body;
  }

  // A wrong code for the real pair, and any code for a pair that got none, answer alike.
  std::string wrong = code == "000000" ? "000001" : "000000";
  HttpResponse wrong_code = Verify(a_.number, a_.phone, wrong);
  HttpResponse no_code = Verify(b_.number, "0899-0000-1111", wrong);
  EXPECT_TRUE(ExpectErrorShape(wrong_code, 400, "invalid_argument"));
  EXPECT_EQ(no_code.status, wrong_code.status) << no_code.Describe();
  EXPECT_EQ(no_code.body, wrong_code.body);
}

TEST_F(PortalAttacksTest, ARevokedLinkAndItsSessionsStopWorking) {
  const std::string token = LinkToken(a_);
  ASSERT_FALSE(token.empty());
  HttpResponse opened = OpenLink(token);
  ASSERT_EQ(opened.status, 200) << opened.Describe();
  const std::string session = opened.Json()["token"].get<std::string>();
  const std::string session_b = SessionOf(b_);
  ASSERT_EQ(PortalGet("/api/portal/me", session).status, 200);

  HttpResponse revoked = Stack().Http().Post(
      "/api/customers/" + std::to_string(a_.id) + "/portal-link/revoke", "", Bearer(staff_));
  ASSERT_EQ(revoked.status, 204) << revoked.Describe();

  EXPECT_TRUE(ExpectErrorShape(OpenLink(token), 404, "not_found"));
  // RevokeLink ends the customer's portal sessions with the link (portal_repository.cc).
  EXPECT_TRUE(ExpectErrorShape(PortalGet("/api/portal/me", session), 401, "unauthenticated"));
  EXPECT_TRUE(
      ExpectErrorShape(PortalGet("/api/portal/bills/" + std::to_string(a_.bill_id), session), 401,
                       "unauthenticated"));
  EXPECT_EQ(PortalSessions(a_), 0);
  // Another customer's session is not touched; the next link is a new one.
  EXPECT_EQ(PortalGet("/api/portal/me", session_b).status, 200);
  const std::string fresh = LinkToken(a_);
  EXPECT_NE(fresh, token);
  EXPECT_EQ(OpenLink(fresh).status, 200);
}

TEST_F(PortalAttacksTest, LogoutEndsTheSessionAtOnce) {
  const std::string session = SessionOf(a_);
  ASSERT_FALSE(session.empty());
  ASSERT_EQ(PortalGet("/api/portal/me", session).status, 200);

  HttpResponse out = PortalPost("/api/portal/logout", session);
  ASSERT_EQ(out.status, 204) << out.Describe();
  EXPECT_TRUE(ExpectErrorShape(PortalGet("/api/portal/me", session), 401, "unauthenticated"));
  EXPECT_TRUE(
      ExpectErrorShape(PortalGet("/api/portal/bills/" + std::to_string(a_.bill_id), session), 401,
                       "unauthenticated"));
  EXPECT_TRUE(ExpectErrorShape(
      PortalPost("/api/portal/bills/" + std::to_string(a_.bill_id) + "/pay", session), 401,
      "unauthenticated"));
  EXPECT_TRUE(tripay_.Transactions().empty());
  // Idempotent.
  EXPECT_EQ(PortalPost("/api/portal/logout", session).status, 204);
}

// A shared computer's browser cache or a proxy keeping a customer's page, session token or pay
// link for the next person: every portal answer says no-store.
TEST_F(PortalAttacksTest, NoCacheKeepsACustomersPageSessionOrPayLink) {
  HttpResponse opened = OpenLink(LinkToken(a_));
  ASSERT_EQ(opened.status, 200) << opened.Describe();
  const std::string session = opened.Json().value("token", "");
  ASSERT_FALSE(session.empty());
  const std::string bill = "/api/portal/bills/" + std::to_string(a_.bill_id);
  HttpResponse me = PortalGet("/api/portal/me", session);
  HttpResponse page = PortalGet(bill, session);
  HttpResponse pay = PortalPost(bill + "/pay", session);
  HttpResponse out = PortalPost("/api/portal/logout", session);
  const std::vector<std::pair<std::string, const HttpResponse*>> answers = {
      {"login/link", &opened}, {"me", &me}, {"bill", &page}, {"pay", &pay}, {"logout", &out}};
  for (const auto& [name, answer] : answers) {
    EXPECT_LT(answer->status, 300) << name << ": " << answer->Describe();
    auto control = answer->headers.find("cache-control");
    ASSERT_NE(control, answer->headers.end()) << name;
    EXPECT_NE(control->second.find("no-store"), std::string::npos)
        << name << ": " << control->second;
  }
}

TEST_F(PortalAttacksTest, ThePersonalLinkTokenNeverReachesALog) {
  const std::string token = LinkToken(a_);
  ASSERT_EQ(token.size(), 32u) << token;
  // The customer's browser opens the link from WhatsApp, and the page signs in with it.
  HttpResponse page =
      Stack().Http().Get("/portal/t/" + token + "?bill=" + std::to_string(a_.bill_id));
  ASSERT_EQ(page.status, 200) << page.Describe();
  EXPECT_NE(page.body.find(kPortalPageMarker), std::string::npos);
  HttpResponse opened = OpenLink(token);
  ASSERT_EQ(opened.status, 200) << opened.Describe();
  const std::string session = opened.Json()["token"].get<std::string>();
  ASSERT_EQ(PortalGet("/api/portal/me", session).status, 200);

  // The gateway logs a request after answering it.
  const std::string gateway_log = Stack().WorkDir() + "/gateway.log";
  ASSERT_TRUE(
      WaitFor([&] { return ReadFile(gateway_log).find("/api/portal/me") != std::string::npos; },
              std::chrono::seconds(10), "the gateway's log of GET /api/portal/me"));
  EXPECT_NE(ReadFile(gateway_log).find("/portal/t/***"), std::string::npos);
  int logs = 0;
  for (const auto& entry : std::filesystem::directory_iterator(Stack().WorkDir())) {
    if (entry.path().extension() != ".log") continue;
    ++logs;
    const std::string text = ReadFile(entry.path().string());
    EXPECT_EQ(text.find(token), std::string::npos)
        << entry.path().filename().string() << " holds the personal link's token";
    EXPECT_EQ(text.find(session), std::string::npos)
        << entry.path().filename().string() << " holds the portal session's token";
  }
  EXPECT_GE(logs, 8);
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  // The portal's limits are compiled in (services/payment/portal_access.h, PortalLimits; main.cc
  // reads none from the environment), so the tests guess up to them. The gateway serves the
  // portal page from a stand-in web build.
  billing::testing::TempDir web;
  std::ofstream(web.Path() + "/index.html") << "<!doctype html><p>staff-app</p>";
  std::ofstream(web.Path() + "/portal.html")
      << "<!doctype html><p>" << billing::testing::kPortalPageMarker << "</p>";
  billing::testing::UseFullStack(&argc, argv,
                                 {{"WEB_ROOT", web.Path()}, {"PAYMENT_SETTINGS_SECONDS", "0"}});
  return RUN_ALL_TESTS();
}
