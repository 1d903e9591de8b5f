// Online payments through the gateway (issue 15), black-box against the real suite and the fake
// providers (tests/fakes/payments): a bill's payment link (reused while valid; the provider down
// or payments off leave the bill unchanged), the signed callbacks of Tripay, Midtrans and Xendit
// marking it lunas exactly once as at the counter (method "online", the reference, by "sistem",
// the event), however often and in whatever order they come; payments that need staff ("perlu
// dicek") kept and settled; reconciliation of a lost callback; and the customer portal (personal
// link, sign-in code by WhatsApp, own bills only, pay from the portal).
#include <chrono>
#include <memory>
#include <optional>
#include <regex>
#include <string>

#include <gtest/gtest.h>

#include "api_test.h"
#include "domain/customer_number.h"
#include "fakes/payments/fake_midtrans.h"
#include "fakes/payments/fake_tripay.h"
#include "fakes/payments/fake_xendit.h"
#include "support/fake_whatsapp.h"
#include "support/wait_for.h"

namespace billing::testing {
namespace {

using nlohmann::json;
using payments::CallbackOptions;
using payments::FakeMidtrans;
using payments::FakeTripay;
using payments::FakeXendit;
using std::chrono::seconds;

constexpr const char* kTripayApiKey = "DEV-suite-api-key";
constexpr const char* kTripayPrivateKey = "suite-private-key";
constexpr const char* kTripayMerchant = "T0042";
constexpr const char* kMidtransServerKey = "SB-Mid-server-suite";
constexpr const char* kXenditSecret = "xnd_development_suite";
constexpr const char* kXenditToken = "xendit-callback-token-suite";

std::string Id(int64_t id) { return std::to_string(id); }

class PaymentsApiTest : public ApiTest {
 protected:
  static void SetUpTestSuite() {
    tripay_ = std::make_unique<FakeTripay>(kTripayApiKey, kTripayPrivateKey, kTripayMerchant);
    midtrans_ = std::make_unique<FakeMidtrans>(kMidtransServerKey);
    xendit_ = std::make_unique<FakeXendit>(kXenditSecret, kXenditToken);
    whatsapp_ = std::make_unique<FakeWhatsapp>();
    midtrans_->SetNotificationUrl(Stack().Http().BaseUrl() + "/pay/callback/midtrans");
    xendit_->SetCallbackUrl(Stack().Http().BaseUrl() + "/pay/callback/xendit");
  }

  static void TearDownTestSuite() {
    tripay_.reset();
    midtrans_.reset();
    xendit_.reset();
    whatsapp_.reset();
  }

  void SetUp() override {
    ApiTest::SetUp();
    whatsapp_->Clear();
    package_id_ = Admin().CreatePackage({{"name", "Paket 10 Mbps"}, {"price", 150000}});
    ASSERT_GT(package_id_, 0);
    UseProvider("tripay");
  }

  // Pengaturan > Pembayaran with every provider's keys, `provider` chosen; the public address is
  // the gateway's, so the fakes' callbacks come back through it.
  static void UseProvider(const std::string& provider) {
    json payment = {{"provider", provider},
                    {"mode", "sandbox"},
                    {"public_url", Stack().Http().BaseUrl()},
                    {"link_hours", 24},
                    {"tripay",
                     {{"api_base_url", tripay_->BaseUrl()},
                      {"merchant_code", kTripayMerchant},
                      {"api_key", kTripayApiKey},
                      {"private_key", kTripayPrivateKey},
                      {"method", "QRIS"}}},
                    {"midtrans",
                     {{"snap_base_url", midtrans_->BaseUrl()},
                      {"core_base_url", midtrans_->BaseUrl()},
                      {"server_key", kMidtransServerKey}}},
                    {"xendit",
                     {{"api_base_url", xendit_->BaseUrl()},
                      {"secret_key", kXenditSecret},
                      {"callback_token", kXenditToken}}}};
    HttpResponse saved = Stack().Http().PostJson("/api/settings", {{"payment", payment}}, admin_);
    ASSERT_EQ(saved.status, 200) << saved.Describe();
  }

  struct Customer {
    int64_t id = 0;
    std::string phone;  // as typed
  };

  Customer NewCustomer() {
    static int counter = 0;
    std::string digits = std::to_string(40000000 + ++counter * 7919);
    Customer c;
    c.phone = "0816-" + digits;
    c.id = Staff().CreateInternetCustomer(package_id_, {{"name", UniqueName("Pelanggan Online ")},
                                                        {"phone", c.phone},
                                                        {"pppoe_username", UniqueName("online")},
                                                        {"pppoe_password", "sandi-" + digits}});
    return c;
  }

  int64_t NewBill(int64_t customer_id, int64_t amount = 150000,
                  const std::string& period = "2026-11") {
    return Staff()
        .CreateBill(customer_id, period, {{"amount", amount}, {"due_date", "2026-11-10"}})
        .value("id", int64_t{0});
  }

  static HttpResponse AskLink(int64_t bill_id) {
    return Stack().Http().PostJson("/api/transactions/" + Id(bill_id) + "/payment-link",
                                   json::object(), staff_);
  }

  static json Link(int64_t bill_id) {
    HttpResponse response = AskLink(bill_id);
    EXPECT_EQ(response.status, 200) << response.Describe();
    return response.status == 200 ? response.Json() : json::object();
  }

  static json Bill(int64_t id) {
    return Stack().Http().Get("/api/transactions/" + Id(id), staff_).Json();
  }

  static bool WaitPaid(int64_t id) {
    return WaitFor([&] { return Bill(id).value("status", "") == "paid"; }, seconds(15),
                   "bill " + Id(id) + " paid");
  }

  static json Attempts(int64_t bill_id) {
    HttpResponse response =
        Stack().Http().Get("/api/transactions/" + Id(bill_id) + "/payments", staff_);
    EXPECT_EQ(response.status, 200) << response.Describe();
    return response.Json().value("items", json::array());
  }

  static json NeedsCheck() {
    HttpResponse response = Stack().Http().Get("/api/payments?needs_check=true", staff_);
    EXPECT_EQ(response.status, 200) << response.Describe();
    return response.Json();
  }

  // Outbox rows of the bill's mark_lunas: one per payment recorded.
  static std::string MarkLunasCount(int64_t id) {
    return Sql("SELECT count(*) FROM events.outbox WHERE action = 'mark_lunas' AND entity_id = '" +
               Id(id) + "'");
  }

  // Tripay's own reference of our merchant reference.
  static std::string TripayReference(const json& link) {
    auto found = tripay_->FindByMerchantRef(link.value("reference", ""));
    EXPECT_TRUE(found.has_value()) << link.dump();
    return found ? found->reference : "";
  }

  static inline std::unique_ptr<FakeTripay> tripay_;
  static inline std::unique_ptr<FakeMidtrans> midtrans_;
  static inline std::unique_ptr<FakeXendit> xendit_;
  static inline std::unique_ptr<FakeWhatsapp> whatsapp_;
  int64_t package_id_ = 0;
};

TEST_F(PaymentsApiTest, StaffGetAPaymentLinkThatIsReusedWhileValid) {
  Customer customer = NewCustomer();
  int64_t bill = NewBill(customer.id);
  json link = Link(bill);
  EXPECT_EQ(link["provider"], "tripay");
  EXPECT_EQ(link["amount"], 150000);
  EXPECT_FALSE(link["reused"].get<bool>());
  EXPECT_TRUE(link["url"].get<std::string>().rfind(tripay_->BaseUrl() + "/checkout/", 0) == 0)
      << link.dump();
  EXPECT_FALSE(link["expires_at"].is_null());
  // The provider was told where to call back and where the customer returns.
  auto created = tripay_->FindByMerchantRef(link["reference"]);
  ASSERT_TRUE(created.has_value());
  EXPECT_EQ(created->callback_url, Stack().Http().BaseUrl() + "/pay/callback/tripay");
  EXPECT_EQ(created->return_url,
            Stack().Http().BaseUrl() + "/portal?paid=" + link["reference"].get<std::string>());
  EXPECT_EQ(created->amount, 150000);

  json again = Link(bill);
  EXPECT_EQ(again["reference"], link["reference"]);
  EXPECT_TRUE(again["reused"].get<bool>());
  EXPECT_EQ(tripay_->Transactions().size(), 1u);

  json attempts = Attempts(bill);
  ASSERT_EQ(attempts.size(), 1u) << attempts.dump();
  EXPECT_EQ(attempts[0]["status"], "pending");
  EXPECT_EQ(attempts[0]["customer_id"], customer.id);
  EXPECT_EQ(attempts[0]["bill_ids"], json::array({bill}));
  EXPECT_EQ(Bill(bill)["status"], "unpaid");
}

TEST_F(PaymentsApiTest, ATripayPaymentMarksTheBillLunasAsAtTheCounter) {
  Customer customer = NewCustomer();
  int64_t bill = NewBill(customer.id);
  json link = Link(bill);
  std::vector<int> statuses = tripay_->Pay(TripayReference(link));
  ASSERT_EQ(statuses, std::vector<int>{200});
  ASSERT_TRUE(WaitPaid(bill));
  json paid = Bill(bill);
  EXPECT_EQ(paid["payment_method"], "online");
  EXPECT_EQ(paid["paid_by"], "sistem");
  EXPECT_EQ(paid["paid_amount"], 150000);
  EXPECT_FALSE(paid["payment_reference"].is_null());
  EXPECT_EQ(MarkLunasCount(bill), "1");
  json attempts = Attempts(bill);
  ASSERT_EQ(attempts.size(), 1u);
  EXPECT_EQ(attempts[0]["status"], "paid");
  EXPECT_FALSE(attempts[0]["paid_at"].is_null());
  EXPECT_FALSE(attempts[0]["bill_marked_at"].is_null());
  // A paid bill gets no new link.
  HttpResponse after = AskLink(bill);
  EXPECT_EQ(after.status, 409) << after.Describe();
}

TEST_F(PaymentsApiTest, TenCopiesOfOnePaidCallbackRecordOnePayment) {
  int64_t bill = NewBill(NewCustomer().id);
  json link = Link(bill);
  CallbackOptions options;
  options.copies = 10;
  options.parallel = true;
  std::vector<int> statuses = tripay_->Pay(TripayReference(link), options);
  ASSERT_EQ(statuses.size(), 10u);
  for (int status : statuses) EXPECT_EQ(status, 200);
  ASSERT_TRUE(WaitPaid(bill));
  EXPECT_EQ(MarkLunasCount(bill), "1");
  EXPECT_EQ(Attempts(bill).size(), 1u);
}

TEST_F(PaymentsApiTest, ALateExpiredCallbackNeverUndoesAPayment) {
  int64_t bill = NewBill(NewCustomer().id);
  json link = Link(bill);
  std::string reference = TripayReference(link);
  tripay_->Pay(reference);
  ASSERT_TRUE(WaitPaid(bill));
  CallbackOptions late;
  late.change_state = false;  // the provider's late EXPIRED for a payment it had already paid
  EXPECT_EQ(tripay_->Expire(reference, late), std::vector<int>{200});
  EXPECT_EQ(Bill(bill)["status"], "paid");
  EXPECT_EQ(Attempts(bill)[0]["status"], "paid");
  EXPECT_EQ(MarkLunasCount(bill), "1");
}

TEST_F(PaymentsApiTest, ACallbackThatOvertakesTheCreateCallStillMarksOnce) {
  int64_t bill = NewBill(NewCustomer().id);
  tripay_->PayBeforeAnsweringNextCreate();
  HttpResponse response = AskLink(bill);
  // The link may come back or the bill may already be paid by then: both are fine, the
  // payment must be recorded once either way.
  EXPECT_TRUE(response.status == 200 || response.status == 409) << response.Describe();
  ASSERT_TRUE(WaitPaid(bill));
  EXPECT_EQ(MarkLunasCount(bill), "1");
}

TEST_F(PaymentsApiTest, APaymentForABillPaidMeanwhileAtTheCounterIsKeptForStaff) {
  int64_t bill = NewBill(NewCustomer().id);
  json link = Link(bill);
  Staff().MarkPaid(bill, {{"method", "cash"}});
  tripay_->Pay(TripayReference(link));
  json checks;
  ASSERT_TRUE(WaitFor(
      [&] {
        checks = NeedsCheck();
        return checks.value("total", 0) == 1;
      },
      seconds(15), "one payment perlu dicek"));
  json attempt = checks["items"][0];
  EXPECT_EQ(attempt["needs_check"], "paid_meanwhile");
  EXPECT_FALSE(attempt["needs_check_text"].get<std::string>().empty());
  EXPECT_EQ(attempt["status"], "paid");
  // The counter payment stands.
  EXPECT_EQ(Bill(bill)["payment_method"], "cash");
  EXPECT_EQ(MarkLunasCount(bill), "1");

  // Staff settle it with a note (required).
  std::string settle = "/api/payments/" + Id(attempt["id"]) + "/settle";
  HttpResponse empty = Stack().Http().PostJson(settle, {{"note", "  "}}, staff_);
  EXPECT_EQ(empty.status, 400) << empty.Describe();
  EXPECT_TRUE(empty.Json()["error"]["fields"].contains("note")) << empty.body;
  HttpResponse settled =
      Stack().Http().PostJson(settle, {{"note", "Dikembalikan lewat transfer BCA"}}, staff_);
  ASSERT_EQ(settled.status, 200) << settled.Describe();
  EXPECT_EQ(settled.Json()["checked_by"], "staff");
  EXPECT_EQ(settled.Json()["checked_note"], "Dikembalikan lewat transfer BCA");
  EXPECT_EQ(NeedsCheck()["total"], 0);
  EXPECT_EQ(Stack().Http().PostJson(settle, {{"note", "lagi"}}, staff_).status, 409);
}

TEST_F(PaymentsApiTest, MidtransAndXenditPaymentsMarkTheBill) {
  UseProvider("midtrans");
  int64_t by_midtrans = NewBill(NewCustomer().id);
  json snap = Link(by_midtrans);
  EXPECT_EQ(snap["provider"], "midtrans");
  ASSERT_TRUE(midtrans_->Find(snap["reference"]).has_value()) << snap.dump();
  EXPECT_EQ(midtrans_->Pay(snap["reference"]), std::vector<int>{200});
  ASSERT_TRUE(WaitPaid(by_midtrans));
  EXPECT_EQ(Bill(by_midtrans)["payment_method"], "online");

  UseProvider("xendit");
  int64_t by_xendit = NewBill(NewCustomer().id);
  json invoice = Link(by_xendit);
  EXPECT_EQ(invoice["provider"], "xendit");
  auto created = xendit_->FindByExternalId(invoice["reference"]);
  ASSERT_TRUE(created.has_value()) << invoice.dump();
  EXPECT_EQ(xendit_->Pay(created->id), std::vector<int>{200});
  ASSERT_TRUE(WaitPaid(by_xendit));
  EXPECT_EQ(MarkLunasCount(by_xendit), "1");
}

TEST_F(PaymentsApiTest, ALostCallbackIsFoundByReconciliation) {
  int64_t bill = NewBill(NewCustomer().id);
  json link = Link(bill);
  // Paid at Tripay, but the callback never arrives (sent unsigned: refused, nothing changes).
  CallbackOptions lost;
  lost.unsigned_callback = true;
  EXPECT_EQ(tripay_->Pay(TripayReference(link), lost), std::vector<int>{401});
  EXPECT_EQ(Bill(bill)["status"], "unpaid");
  // The payment service asks Tripay's status API about pending payments (every second, once
  // they are a second old in this suite) and marks the bill.
  ASSERT_TRUE(WaitPaid(bill));
  EXPECT_EQ(MarkLunasCount(bill), "1");
  bool asked = false;
  for (const auto& request : tripay_->Requests()) {
    if (request.path.rfind("/transaction/detail", 0) == 0) asked = true;
  }
  EXPECT_TRUE(asked);
}

TEST_F(PaymentsApiTest, TheProviderDownOrPaymentsOffLeaveTheBillUnchanged) {
  int64_t bill = NewBill(NewCustomer().id);
  json payment = {{"provider", "tripay"},
                  {"public_url", Stack().Http().BaseUrl()},
                  {"tripay",
                   {{"api_base_url", "http://127.0.0.1:9"},  // nothing listens there
                    {"merchant_code", kTripayMerchant},
                    {"api_key", kTripayApiKey},
                    {"private_key", kTripayPrivateKey},
                    {"method", "QRIS"}}}};
  ASSERT_EQ(Stack().Http().PostJson("/api/settings", {{"payment", payment}}, admin_).status, 200);
  HttpResponse down = AskLink(bill);
  EXPECT_EQ(down.status, 503) << down.Describe();
  EXPECT_FALSE(down.Json()["error"]["message"].get<std::string>().empty());

  ASSERT_EQ(Stack()
                .Http()
                .PostJson("/api/settings", {{"payment", {{"provider", "none"}}}}, admin_)
                .status,
            200);
  HttpResponse off = AskLink(bill);
  EXPECT_EQ(off.status, 409) << off.Describe();
  EXPECT_EQ(Bill(bill)["status"], "unpaid");
  // The try with the provider down stays in the bill's history, as failed; nothing else.
  json attempts = Attempts(bill);
  ASSERT_EQ(attempts.size(), 1u) << attempts.dump();
  EXPECT_EQ(attempts[0]["status"], "failed") << attempts.dump();

  // Bad input: not an id, an unknown bill, a body that is not JSON.
  EXPECT_EQ(
      Stack().Http().PostJson("/api/transactions/abc/payment-link", json::object(), staff_).status,
      400);
  UseProvider("tripay");
  EXPECT_EQ(AskLink(bill + 100000).status, 404);
  HttpHeaders headers = BearerHeaders(staff_);
  headers["Content-Type"] = "application/json";
  EXPECT_TRUE(ExpectErrorShape(
      Stack().Http().Post("/api/transactions/" + Id(bill) + "/payment-link", "{amount", headers),
      400, "invalid_argument"));
  EXPECT_EQ(Stack().Http().Get("/api/payments?needs_check=maybe", staff_).status, 400);
  // Staff only.
  EXPECT_EQ(Stack()
                .Http()
                .PostJson("/api/transactions/" + Id(bill) + "/payment-link", json::object())
                .status,
            401);
}

// --- the customer portal ---

// The token of a portal URL ".../portal/t/<token>?..." ("" when there is none).
std::string LinkToken(const std::string& url) {
  std::smatch match;
  static const std::regex kToken("/portal/t/([A-Za-z0-9_-]+)");
  return std::regex_search(url, match, kToken) ? match[1].str() : "";
}

TEST_F(PaymentsApiTest, ACustomerOpensTheirLinkSeesOnlyTheirBillsAndPays) {
  Customer customer = NewCustomer();
  int64_t older = NewBill(customer.id, 150000, "2026-10");
  int64_t bill = NewBill(customer.id, 150000, "2026-11");
  Customer other = NewCustomer();
  int64_t others_bill = NewBill(other.id);

  HttpResponse portal_link =
      Stack().Http().Get("/api/transactions/" + Id(bill) + "/portal-link", staff_);
  ASSERT_EQ(portal_link.status, 200) << portal_link.Describe();
  std::string url = portal_link.Json()["url"];
  EXPECT_EQ(url.rfind(Stack().Http().BaseUrl() + "/portal/t/", 0), 0u) << url;
  std::string token = LinkToken(url);
  ASSERT_GE(token.size(), 22u) << url;  // at least 128 bits, base64url

  // (The page /portal/t/<token> itself: tests/security/portal_attacks_test.cc and the e2e test.)
  HttpResponse opened = Stack().Http().PostJson("/api/portal/login/link", {{"token", token}});
  ASSERT_EQ(opened.status, 200) << opened.Describe();
  std::string session = opened.Json()["token"];
  ASSERT_FALSE(session.empty());

  HttpResponse me = Stack().Http().Get("/api/portal/me", session);
  ASSERT_EQ(me.status, 200) << me.Describe();
  json page = me.Json();
  EXPECT_EQ(page["customer"]["number"], domain::FormatCustomerNumber(customer.id));
  EXPECT_TRUE(page["online_payment"].get<bool>());
  ASSERT_EQ(page["unpaid"].size(), 2u) << page.dump();
  EXPECT_EQ(page["unpaid"][0]["id"], older);  // oldest first
  EXPECT_EQ(page["unpaid"][1]["id"], bill);
  EXPECT_EQ(page.dump().find(Id(others_bill) + ","), std::string::npos);

  // Another customer's bill is not there, exactly like one that does not exist.
  HttpResponse foreign = Stack().Http().Get("/api/portal/bills/" + Id(others_bill), session);
  EXPECT_EQ(foreign.status, 404) << foreign.Describe();
  EXPECT_EQ(Stack()
                .Http()
                .PostJson("/api/portal/bills/" + Id(others_bill) + "/pay", json::object(), session)
                .status,
            404);
  EXPECT_EQ(Stack().Http().Get("/api/portal/bills/" + Id(bill), session).Json()["status"],
            "unpaid");

  // Pay everything at once: one link for both bills, paid, both lunas.
  HttpResponse pay_all =
      Stack().Http().PostJson("/api/portal/bills/pay-all", json::object(), session);
  ASSERT_EQ(pay_all.status, 200) << pay_all.Describe();
  json link = pay_all.Json();
  EXPECT_EQ(link["amount"], 300000);
  json status = Stack()
                    .Http()
                    .Get("/api/portal/payments/" + link["reference"].get<std::string>(), session)
                    .Json();
  EXPECT_EQ(status["status"], "pending");
  tripay_->Pay(TripayReference(link));
  ASSERT_TRUE(WaitPaid(older));
  ASSERT_TRUE(WaitPaid(bill));
  EXPECT_EQ(Stack()
                .Http()
                .Get("/api/portal/payments/" + link["reference"].get<std::string>(), session)
                .Json()["status"],
            "paid");
  json receipt = Stack().Http().Get("/api/portal/bills/" + Id(bill), session).Json();
  EXPECT_EQ(receipt["status"], "paid");
  EXPECT_EQ(receipt["method"], "online");
  json after = Stack().Http().Get("/api/portal/me", session).Json();
  EXPECT_EQ(after["unpaid"].size(), 0u);
  EXPECT_EQ(after["paid"].size(), 2u);
  EXPECT_EQ(Stack().Http().PostJson("/api/portal/bills/pay-all", json::object(), session).status,
            409);

  // Staff revoke the link: it no longer opens; logout ends the session.
  ASSERT_EQ(Stack()
                .Http()
                .PostJson("/api/customers/" + Id(customer.id) + "/portal-link/revoke",
                          json::object(), staff_)
                .status,
            204);
  EXPECT_EQ(Stack().Http().PostJson("/api/portal/login/link", {{"token", token}}).status, 404);
  EXPECT_EQ(Stack().Http().PostJson("/api/portal/logout", json::object(), session).status, 204);
  EXPECT_EQ(Stack().Http().Get("/api/portal/me", session).status, 401);
  EXPECT_EQ(Stack().Http().Get("/api/portal/me").status, 401);
}

TEST_F(PaymentsApiTest, ACustomerSignsInWithTheCodeSentByWhatsapp) {
  json whatsapp = {{"provider", "gateway"}, {"base_url", whatsapp_->BaseUrl()},
                   {"token", "wa-token"},   {"remind_overdue", false},
                   {"send_receipt", false}, {"reminder_days_before", 0}};
  ASSERT_EQ(Stack().Http().PostJson("/api/settings", {{"whatsapp", whatsapp}}, admin_).status, 200);
  Customer customer = NewCustomer();
  int64_t bill = NewBill(customer.id);
  std::string customer_number = domain::FormatCustomerNumber(customer.id);  // "PLG-0042"

  // A pair that does not belong together gets the very same answer, and no message.
  HttpResponse wrong =
      Stack().Http().PostJson("/api/portal/login/code",
                              {{"customer_number", customer_number}, {"phone", "0899 1111 2222"}});
  HttpResponse right = Stack().Http().PostJson(
      "/api/portal/login/code", {{"customer_number", customer_number}, {"phone", customer.phone}});
  ASSERT_EQ(right.status, 202) << right.Describe();
  EXPECT_EQ(wrong.status, right.status);
  EXPECT_EQ(wrong.body, right.body);
  ASSERT_TRUE(WaitFor([&] { return !whatsapp_->RequestsTo("/send").empty(); }, seconds(15),
                      "the sign-in code sent"));
  std::string message = whatsapp_->RequestsTo("/send").back().Form()["message"];
  std::smatch match;
  ASSERT_TRUE(std::regex_search(message, match, std::regex("\\b(\\d{6})\\b"))) << message;
  std::string code = match[1].str();
  EXPECT_EQ(whatsapp_->RequestsTo("/send").size(), 1u);

  HttpResponse bad = Stack().Http().PostJson(
      "/api/portal/login/verify",
      {{"customer_number", customer_number}, {"phone", customer.phone}, {"code", "12345"}});
  EXPECT_EQ(bad.status, 400) << bad.Describe();
  HttpResponse signed_in = Stack().Http().PostJson(
      "/api/portal/login/verify",
      {{"customer_number", customer_number}, {"phone", customer.phone}, {"code", code}});
  ASSERT_EQ(signed_in.status, 200) << signed_in.Describe();
  std::string session = signed_in.Json()["token"];
  json page = Stack().Http().Get("/api/portal/me", session).Json();
  ASSERT_EQ(page["unpaid"].size(), 1u) << page.dump();
  EXPECT_EQ(page["unpaid"][0]["id"], bill);
  // A used code does not sign in twice.
  HttpResponse reused = Stack().Http().PostJson(
      "/api/portal/login/verify",
      {{"customer_number", customer_number}, {"phone", customer.phone}, {"code", code}});
  EXPECT_NE(reused.status, 200) << reused.Describe();
  // The code is in no log and nowhere staff read messages.
  HttpResponse messages = Stack().Http().Get("/api/whatsapp/messages?limit=100", staff_);
  EXPECT_EQ(messages.body.find(code), std::string::npos);
  // Bad input: clear 400s naming the fields.
  HttpResponse empty = Stack().Http().PostJson("/api/portal/login/code", json::object());
  EXPECT_EQ(empty.status, 400) << empty.Describe();
  EXPECT_EQ(Stack()
                .Http()
                .PostJson("/api/portal/login/code",
                          {{"customer_number", customer_number}, {"phone", 81234}})
                .status,
            400);
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  // Settings are read on every call; pending payments are asked about once a second old.
  billing::testing::UseFullStack(&argc, argv,
                                 {{"PAYMENT_SETTINGS_SECONDS", "0"},
                                  {"PAYMENT_RECONCILE_SECONDS", "1"},
                                  {"PAYMENT_ASK_AFTER_SECONDS", "1"}});
  return RUN_ALL_TESTS();
}
