// Attacks on the payment providers' callbacks (POST /pay/callback/:provider), the suite's one
// public write, through the real gateway and payment service, with fake Tripay, Midtrans and
// Xendit servers: forged, tampered and unsigned callbacks, unknown references, a callback signed
// by one provider for another's payment, wrong amounts, replays, late events, unknown providers
// and content types, and the providers' secrets in the logs and in the settings.
#include <algorithm>
#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "api_test.h"
#include "fakes/payments/fake_midtrans.h"
#include "fakes/payments/fake_support.h"
#include "fakes/payments/fake_tripay.h"
#include "fakes/payments/fake_xendit.h"
#include "support/wait_for.h"

namespace billing::testing {
namespace {

using nlohmann::json;
namespace pay = billing::testing::payments;

// Distinctive, so that a log line or an answer that carries one is found.
constexpr char kTripayMerchant[] = "T0042";
constexpr char kTripayApiKey[] = "tripay-api-KEY-5e1f0c2a9b";
constexpr char kTripayPrivateKey[] = "tripay-private-KEY-77ad3e90c1";
constexpr char kMidtransServerKey[] = "SB-Mid-server-KEY-3c9d81f0aa";
constexpr char kXenditSecretKey[] = "xnd_development_KEY_b41e6f27d0";
constexpr char kXenditCallbackToken[] = "xendit-callback-TOKEN-90f2d7c3e8";

constexpr int64_t kAmount = 150000;

std::string Hex(const unsigned char* bytes, size_t size) {
  constexpr const char* kDigits = "0123456789abcdef";
  std::string hex;
  for (size_t i = 0; i < size; ++i) {
    hex.push_back(kDigits[bytes[i] >> 4]);
    hex.push_back(kDigits[bytes[i] & 0xf]);
  }
  return hex;
}

// Computed here, not with the service's helpers: the test signs as the provider documents it.
std::string HmacSha256Hex(const std::string& key, const std::string& message) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac.data(), &length);
  return Hex(mac.data(), length);
}

std::string Sha512Hex(const std::string& text) {
  std::array<unsigned char, SHA512_DIGEST_LENGTH> digest{};
  SHA512(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest.data());
  return Hex(digest.data(), digest.size());
}

// What a provider signs its callbacks with.
std::string CallbackSecret(const std::string& provider) {
  if (provider == "tripay") return kTripayPrivateKey;
  if (provider == "midtrans") return kMidtransServerKey;
  return kXenditCallbackToken;
}

// `body` as the callback's body, signed with `key` the way `provider` signs: Tripay an HMAC of
// the body in X-Callback-Signature, Midtrans a SHA-512 in the body's signature_key, Xendit the
// verification token in x-callback-token.
pay::Callback Signed(const std::string& provider, pay::Callback callback, json body,
                     const std::string& key) {
  if (provider == "midtrans") {
    body["signature_key"] = Sha512Hex(body.value("order_id", "") + body.value("status_code", "") +
                                      body.value("gross_amount", "") + key);
  }
  callback.body = body.dump();
  if (provider == "tripay")
    callback.headers["X-Callback-Signature"] = HmacSha256Hex(key, callback.body);
  if (provider == "xendit") callback.headers["x-callback-token"] = key;
  return callback;
}

// The field that names our reference (the attempt) in `provider`'s callback.
const char* ReferenceField(const std::string& provider) {
  if (provider == "tripay") return "merchant_ref";
  if (provider == "midtrans") return "order_id";
  return "external_id";
}

// Sets what `provider`'s callback says was paid.
void SetPaidAmount(const std::string& provider, json& body, int64_t amount) {
  if (provider == "tripay") {
    body["total_amount"] = amount;
    body["amount_received"] = amount;
  } else if (provider == "midtrans") {
    body["gross_amount"] = std::to_string(amount) + ".00";
  } else {
    body["amount"] = amount;
    body["paid_amount"] = amount;
  }
}

HttpResponse Send(const pay::Callback& callback) {
  HttpClient client(callback.url);
  return client.Request("POST", "", callback.body, callback.headers);
}

// One unpaid bill with a pending payment link of one provider.
struct Checkout {
  std::string provider;
  int64_t bill_id = 0;
  std::string reference;  // ours: Tripay merchant_ref, Midtrans order_id, Xendit external_id
  std::string provider_reference;  // the provider's: Tripay reference, Xendit invoice id
};

class CallbackAttacksTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    // Xendit has no per-invoice callback URL: the dashboard's, here the gateway's.
    xendit_.SetCallbackUrl(Stack().GatewayUrl() + "/pay/callback/xendit");
    HttpResponse saved =
        Stack().Http().PostJson("/api/settings", {{"payment", Settings()}}, admin_);
    ASSERT_EQ(saved.status, 200) << saved.Describe();
    package_id_ = Admin().CreatePackage();
    ASSERT_GT(package_id_, 0);
  }

  // Every provider's keys (so each one's callbacks are checked), `provider` the one that makes
  // links; callbacks and links go to this suite's gateway.
  json Settings(const std::string& provider = "tripay") const {
    return {{"provider", provider},
            {"mode", "sandbox"},
            {"public_url", Stack().GatewayUrl()},
            {"tripay",
             {{"api_base_url", tripay_.BaseUrl()},
              {"merchant_code", kTripayMerchant},
              {"api_key", kTripayApiKey},
              {"private_key", kTripayPrivateKey},
              {"method", "QRIS"}}},
            {"midtrans",
             {{"snap_base_url", midtrans_.BaseUrl()},
              {"core_base_url", midtrans_.BaseUrl()},
              {"server_key", kMidtransServerKey}}},
            {"xendit",
             {{"api_base_url", xendit_.BaseUrl()},
              {"secret_key", kXenditSecretKey},
              {"callback_token", kXenditCallbackToken}}}};
  }

  // A new customer's bill of kAmount (or `amount`) and its payment link made by `provider`.
  void NewCheckout(const std::string& provider, Checkout* out, int64_t amount = kAmount) {
    HttpResponse chosen =
        Stack().Http().PostJson("/api/settings", {{"payment", {{"provider", provider}}}}, admin_);
    ASSERT_EQ(chosen.status, 200) << chosen.Describe();
    int64_t customer = Staff().CreateInternetCustomer(package_id_);
    ASSERT_GT(customer, 0);
    out->provider = provider;
    out->bill_id =
        Staff()
            .CreateBill(customer, "2026-11", {{"amount", amount}, {"due_date", "2026-11-10"}})
            .value("id", int64_t{0});
    ASSERT_GT(out->bill_id, 0);
    HttpResponse link = Stack().Http().PostJson(
        "/api/transactions/" + std::to_string(out->bill_id) + "/payment-link", json::object(),
        staff_);
    ASSERT_EQ(link.status, 200) << link.Describe();
    ASSERT_EQ(link.Json()["provider"], provider) << link.body;
    out->reference = link.Json()["reference"].get<std::string>();
    ASSERT_FALSE(out->reference.empty());
    if (provider == "tripay") {
      auto transaction = tripay_.FindByMerchantRef(out->reference);
      ASSERT_TRUE(transaction.has_value()) << "Tripay never saw " << out->reference;
      out->provider_reference = transaction->reference;
    } else if (provider == "midtrans") {
      ASSERT_TRUE(midtrans_.Find(out->reference).has_value())
          << "Midtrans never saw " << out->reference;
      out->provider_reference = out->reference;
    } else {
      auto invoice = xendit_.FindByExternalId(out->reference);
      ASSERT_TRUE(invoice.has_value()) << "Xendit never saw " << out->reference;
      out->provider_reference = invoice->id;
    }
  }

  // The provider's genuine callback for `checkout`: paid, or expired; not sent.
  pay::Callback Build(const Checkout& checkout, bool paid,
                      const pay::CallbackOptions& options = {}) const {
    pay::Callback callback;
    if (checkout.provider == "tripay") {
      callback =
          tripay_.BuildCallback(checkout.provider_reference, paid ? "PAID" : "EXPIRED", options);
    } else if (checkout.provider == "midtrans") {
      callback =
          midtrans_.BuildCallback(checkout.reference, paid ? "settlement" : "expire", options);
    } else {
      callback =
          xendit_.BuildCallback(checkout.provider_reference, paid ? "PAID" : "EXPIRED", options);
    }
    EXPECT_FALSE(callback.url.empty()) << "no callback URL for " << checkout.reference;
    return callback;
  }

  // The customer pays at the provider: its state changes and it posts the callback(s).
  std::vector<int> Pay(const Checkout& checkout, const pay::CallbackOptions& options = {}) {
    if (checkout.provider == "tripay") return tripay_.Pay(checkout.provider_reference, options);
    if (checkout.provider == "midtrans") return midtrans_.Pay(checkout.reference, options);
    return xendit_.Pay(checkout.provider_reference, options);
  }

  std::vector<int> Expire(const Checkout& checkout) {
    if (checkout.provider == "tripay") return tripay_.Expire(checkout.provider_reference);
    if (checkout.provider == "midtrans") return midtrans_.Expire(checkout.reference);
    return xendit_.Expire(checkout.provider_reference);
  }

  json Bill(int64_t id) const {
    HttpResponse response = Stack().Http().Get("/api/transactions/" + std::to_string(id), staff_);
    EXPECT_EQ(response.status, 200) << response.Describe();
    return response.status == 200 ? response.Json() : json::object();
  }

  json Attempts(int64_t bill_id) const {
    HttpResponse response =
        Stack().Http().Get("/api/transactions/" + std::to_string(bill_id) + "/payments", staff_);
    EXPECT_EQ(response.status, 200) << response.Describe();
    return response.status == 200 ? response.Json()["items"] : json::array();
  }

  int PaidAttempts(int64_t bill_id) const {
    json items = Attempts(bill_id);
    return static_cast<int>(std::count_if(items.begin(), items.end(), [](const json& attempt) {
      return attempt.value("status", "") == "paid";
    }));
  }

  json NeedsCheck() const {
    HttpResponse response = Stack().Http().Get("/api/payments?needs_check=true", staff_);
    EXPECT_EQ(response.status, 200) << response.Describe();
    return response.status == 200 ? response.Json() : json{{"items", json::array()}, {"total", 0}};
  }

  // The audit trail's "lunas" rows of one bill (GET /api/audit, as admins read it).
  int MarkedPaidInAudit(int64_t bill_id) const {
    HttpResponse response =
        Stack().Http().Get("/api/audit?entity=transaction&action=mark_lunas&limit=100", admin_);
    EXPECT_EQ(response.status, 200) << response.Describe();
    if (response.status != 200) return -1;
    int rows = 0;
    const json items = response.Json()["items"];
    for (const auto& item : items) {
      if (item.value("entity_id", "") == std::to_string(bill_id)) ++rows;
    }
    return rows;
  }

  // Every bill and every payment attempt as stored: equal before and after means nothing changed.
  static std::string Fingerprint() {
    return Sql("SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM "
               "billing.transactions t") +
           "/" +
           Sql("SELECT md5(coalesce(string_agg(a::text, '|' ORDER BY a.id), '')) FROM "
               "payment.attempts a");
  }

  // The bill unpaid, no attempt paid, no "lunas" in the audit trail.
  void ExpectUnpaid(const Checkout& checkout) const {
    json bill = Bill(checkout.bill_id);
    EXPECT_EQ(bill["status"], "unpaid") << bill.dump();
    EXPECT_EQ(PaidAttempts(checkout.bill_id), 0) << Attempts(checkout.bill_id).dump();
    EXPECT_EQ(MarkedPaidInAudit(checkout.bill_id), 0);
  }

  pay::FakeTripay tripay_{kTripayApiKey, kTripayPrivateKey, kTripayMerchant};
  pay::FakeMidtrans midtrans_{kMidtransServerKey};
  pay::FakeXendit xendit_{kXenditSecretKey, kXenditCallbackToken};
  int64_t package_id_ = 0;
};

// The same attacks on each provider's callback.
class ProviderCallbackTest : public CallbackAttacksTest,
                             public ::testing::WithParamInterface<std::string> {};

TEST_P(ProviderCallbackTest, ForgedTamperedAndUnsignedCallbacksAre401AndChangeNothing) {
  Checkout checkout;
  ASSERT_NO_FATAL_FAILURE(NewCheckout(GetParam(), &checkout));
  const std::string before = Fingerprint();

  // The fake's own misbehaviours: the body (Xendit: the token) changed after signing, and no
  // signature at all; the state at the fake stays unpaid, so nothing can settle it later.
  pay::CallbackOptions tampered;
  tampered.tampered = true;
  tampered.change_state = false;
  pay::CallbackOptions unsigned_callback;
  unsigned_callback.unsigned_callback = true;
  unsigned_callback.change_state = false;
  const pay::Callback genuine = Build(checkout, true);
  const json genuine_body = json::parse(genuine.body);
  // A paid callback for the full amount, signed with a guessed key (Midtrans: a signature_key
  // under another server key; Xendit: a wrong x-callback-token).
  pay::Callback guessed = Signed(GetParam(), genuine, genuine_body, "guessed-secret-123");
  // An empty signature / token.
  pay::Callback empty = genuine;
  if (GetParam() == "tripay") empty.headers["X-Callback-Signature"] = "";
  if (GetParam() == "xendit") empty.headers["x-callback-token"] = "";
  if (GetParam() == "midtrans") {
    json body = genuine_body;
    body["signature_key"] = "";
    empty.body = body.dump();
  }

  std::vector<std::pair<std::string, pay::Callback>> forgeries = {
      {"tampered", Build(checkout, true, tampered)},
      {"unsigned", Build(checkout, true, unsigned_callback)},
      {"signed with a guessed key", guessed},
      {"empty signature", empty},
  };
  // Tripay and Midtrans sign the body (Midtrans: its order, status and amount): the genuine
  // signature with the amount lowered afterwards. (Xendit's token signs nothing.)
  if (GetParam() != "xendit") {
    json lowered_body = genuine_body;
    SetPaidAmount(GetParam(), lowered_body, 1000);
    pay::Callback lowered = genuine;
    lowered.body = lowered_body.dump();
    forgeries.emplace_back("amount lowered after signing", lowered);
  }
  for (const auto& [name, forgery] : forgeries) {
    HttpResponse response = Send(forgery);
    EXPECT_TRUE(ExpectErrorShape(response, 401, "unauthenticated")) << name;
  }

  EXPECT_EQ(Fingerprint(), before);
  ExpectUnpaid(checkout);
  EXPECT_EQ(NeedsCheck()["total"], 0) << NeedsCheck().dump();
  // The genuine callback still pays: the forgeries failed for their signatures alone.
  HttpResponse real = Send(genuine);
  EXPECT_EQ(real.status, 200) << real.Describe();
  EXPECT_EQ(Bill(checkout.bill_id)["status"], "paid");
}

TEST_P(ProviderCallbackTest, ASignedCallbackForAnUnknownReferenceIs404AndChangesNothing) {
  Checkout checkout;
  ASSERT_NO_FATAL_FAILURE(NewCheckout(GetParam(), &checkout));
  const std::string before = Fingerprint();
  const pay::Callback genuine = Build(checkout, true);
  json body = json::parse(genuine.body);
  body[ReferenceField(GetParam())] = "PAY00000000deadbeef";
  HttpResponse response = Send(Signed(GetParam(), genuine, body, CallbackSecret(GetParam())));
  EXPECT_TRUE(ExpectErrorShape(response, 404, "not_found"));
  EXPECT_EQ(Fingerprint(), before);
  ExpectUnpaid(checkout);
}

TEST_P(ProviderCallbackTest, ASignedPaidCallbackWithAWrongAmountLeavesTheBillForStaffToCheck) {
  Checkout checkout;
  ASSERT_NO_FATAL_FAILURE(NewCheckout(GetParam(), &checkout));
  const pay::Callback genuine = Build(checkout, true);
  json body = json::parse(genuine.body);
  SetPaidAmount(GetParam(), body, kAmount - 1000);
  // Authentic (the provider said so): acknowledged, so the provider does not send it again.
  HttpResponse response = Send(Signed(GetParam(), genuine, body, CallbackSecret(GetParam())));
  EXPECT_EQ(response.status, 200) << response.Describe();

  json bill = Bill(checkout.bill_id);
  EXPECT_EQ(bill["status"], "unpaid") << bill.dump();
  EXPECT_EQ(MarkedPaidInAudit(checkout.bill_id), 0);
  json waiting = NeedsCheck();
  ASSERT_EQ(waiting["total"], 1) << waiting.dump();
  const json& attempt = waiting["items"][0];
  EXPECT_EQ(attempt["reference"], checkout.reference) << attempt.dump();
  EXPECT_EQ(attempt["needs_check"], "amount_mismatch") << attempt.dump();
  EXPECT_EQ(attempt["amount_paid"], kAmount - 1000) << attempt.dump();
  EXPECT_TRUE(attempt["bill_marked_at"].is_null()) << attempt.dump();
  EXPECT_FALSE(attempt["needs_check_text"].get<std::string>().empty()) << attempt.dump();
}

TEST_P(ProviderCallbackTest, TenParallelCopiesOfAPaidCallbackPayTheBillOnce) {
  Checkout checkout;
  ASSERT_NO_FATAL_FAILURE(NewCheckout(GetParam(), &checkout));
  pay::CallbackOptions replay;
  replay.copies = 10;
  replay.parallel = true;
  std::vector<int> statuses = Pay(checkout, replay);
  ASSERT_EQ(statuses.size(), 10u);
  for (int status : statuses) EXPECT_EQ(status, 200);
  // Once more, one after another, later.
  pay::CallbackOptions later;
  later.copies = 3;
  for (int status : Pay(checkout, later)) EXPECT_EQ(status, 200);

  json bill = Bill(checkout.bill_id);
  EXPECT_EQ(bill["status"], "paid") << bill.dump();
  EXPECT_EQ(bill["paid_by"], "sistem") << bill.dump();
  EXPECT_EQ(bill["payment_method"], "online") << bill.dump();
  EXPECT_EQ(bill["paid_amount"], kAmount) << bill.dump();
  EXPECT_FALSE(bill.value("payment_reference", "").empty()) << bill.dump();
  json attempts = Attempts(checkout.bill_id);
  ASSERT_EQ(attempts.size(), 1u) << attempts.dump();
  EXPECT_EQ(attempts[0]["status"], "paid");
  EXPECT_EQ(attempts[0]["needs_check"], "") << attempts.dump();
  EXPECT_FALSE(attempts[0]["bill_marked_at"].is_null()) << attempts.dump();
  // No copy lost the race into "paid meanwhile".
  EXPECT_EQ(NeedsCheck()["total"], 0) << NeedsCheck().dump();
  EXPECT_EQ(MarkedPaidInAudit(checkout.bill_id), 1);
  EXPECT_EQ(Sql("SELECT count(*) FROM events.outbox WHERE action = 'mark_lunas' AND entity_id = '" +
                std::to_string(checkout.bill_id) + "'"),
            "1");
}

TEST_P(ProviderCallbackTest, AnExpiryAfterThePaymentLeavesTheBillPaid) {
  Checkout checkout;
  ASSERT_NO_FATAL_FAILURE(NewCheckout(GetParam(), &checkout));
  for (int status : Pay(checkout)) ASSERT_EQ(status, 200);
  ASSERT_EQ(Bill(checkout.bill_id)["status"], "paid");
  const std::string before = Fingerprint();

  for (int status : Expire(checkout)) EXPECT_EQ(status, 200);
  EXPECT_EQ(Bill(checkout.bill_id)["status"], "paid");
  json attempts = Attempts(checkout.bill_id);
  ASSERT_EQ(attempts.size(), 1u) << attempts.dump();
  EXPECT_EQ(attempts[0]["status"], "paid") << attempts.dump();
  EXPECT_EQ(Fingerprint(), before);
  EXPECT_EQ(MarkedPaidInAudit(checkout.bill_id), 1);
}

INSTANTIATE_TEST_SUITE_P(Providers, ProviderCallbackTest,
                         ::testing::Values("tripay", "midtrans", "xendit"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

// Knowing the weakest provider's secret must not pay a payment made at another provider.
TEST_F(CallbackAttacksTest, OneProvidersCallbackCannotPayAnotherProvidersPayment) {
  Checkout checkout;
  ASSERT_NO_FATAL_FAILURE(NewCheckout("tripay", &checkout));
  const std::string before = Fingerprint();
  pay::Callback forged;
  forged.url = Stack().GatewayUrl() + "/pay/callback/xendit";
  forged.headers = {{"Content-Type", "application/json"}};
  json body = {{"id", "5f0000000000000000000abc"},
               {"external_id", checkout.reference},
               {"status", "PAID"},
               {"amount", kAmount},
               {"paid_amount", kAmount},
               {"paid_at", "2026-11-05T03:00:00.000Z"},
               {"currency", "IDR"}};
  HttpResponse response = Send(Signed("xendit", forged, body, kXenditCallbackToken));
  EXPECT_TRUE(ExpectErrorShape(response, 404, "not_found"));
  EXPECT_EQ(Fingerprint(), before);
  ExpectUnpaid(checkout);
}

TEST_F(CallbackAttacksTest, UnknownProvidersAre404) {
  Checkout checkout;
  ASSERT_NO_FATAL_FAILURE(NewCheckout("tripay", &checkout));
  const pay::Callback genuine = Build(checkout, true);
  const std::string before = Fingerprint();
  for (const char* path : {"/pay/callback/paypal", "/pay/callback/Tripay", "/pay/callback/TRIPAY",
                           "/pay/callback/tripay/extra", "/pay/callback/", "/pay/callback"}) {
    HttpResponse response = Stack().Http().Request("POST", path, genuine.body, genuine.headers);
    EXPECT_TRUE(ExpectErrorShape(response, 404, "not_found")) << path;
  }
  EXPECT_EQ(Fingerprint(), before);
  ExpectUnpaid(checkout);
}

TEST_F(CallbackAttacksTest, NonJsonCallbacksAre415AndChangeNothing) {
  Checkout checkout;
  ASSERT_NO_FATAL_FAILURE(NewCheckout("tripay", &checkout));
  const pay::Callback genuine = Build(checkout, true);
  const std::string before = Fingerprint();
  for (const char* type : {"text/plain", "application/x-www-form-urlencoded",
                           "multipart/form-data; boundary=x", "text/html", "application/xml"}) {
    pay::Callback other = genuine;
    other.headers["Content-Type"] = type;
    HttpResponse response = Send(other);
    EXPECT_EQ(response.status, 415) << type << ": " << response.Describe();
  }
  EXPECT_EQ(Fingerprint(), before);
  ExpectUnpaid(checkout);
  // The same bytes as JSON are accepted: only the content type was refused.
  HttpResponse real = Send(genuine);
  EXPECT_EQ(real.status, 200) << real.Describe();
  EXPECT_EQ(Bill(checkout.bill_id)["status"], "paid");
}

TEST_F(CallbackAttacksTest, ProviderSecretsNeverReachALogOrTheSettings) {
  // Every provider makes a link and gets a genuine and a forged callback, so every path that
  // handles a key runs (and logs) at least once.
  for (const char* provider : {"tripay", "midtrans", "xendit"}) {
    Checkout checkout;
    ASSERT_NO_FATAL_FAILURE(NewCheckout(provider, &checkout));
    pay::CallbackOptions forged;
    forged.tampered = true;
    forged.change_state = false;
    EXPECT_EQ(Send(Build(checkout, true, forged)).status, 401) << provider;
    for (int status : Pay(checkout)) EXPECT_EQ(status, 200) << provider;
    EXPECT_EQ(Bill(checkout.bill_id)["status"], "paid") << provider;
  }

  const std::vector<std::string> secrets = {
      kTripayApiKey,
      kTripayPrivateKey,
      kMidtransServerKey,
      kXenditSecretKey,
      kXenditCallbackToken,
      // As the providers' APIs receive them (Authorization: Basic base64(key:)).
      pay::BasicAuth(kMidtransServerKey).substr(6),
      pay::BasicAuth(kXenditSecretKey).substr(6),
  };
  for (const std::string& token : {admin_, staff_}) {
    HttpResponse settings = Stack().Http().Get("/api/settings", token);
    ASSERT_EQ(settings.status, 200) << settings.Describe();
    for (const auto& secret : secrets) {
      EXPECT_EQ(settings.body.find(secret), std::string::npos) << secret;
    }
    json shown = settings.Json()["payment"];
    EXPECT_EQ(shown["tripay"]["private_key"], "***");
    EXPECT_EQ(shown["tripay"]["api_key"], "***");
    EXPECT_EQ(shown["midtrans"]["server_key"], "***");
    EXPECT_EQ(shown["xendit"]["secret_key"], "***");
    EXPECT_EQ(shown["xendit"]["callback_token"], "***");
  }

  // The gateway logs a request after answering it: wait for the last one, so the scan below
  // reads logs that hold everything this test did.
  const std::string gateway_log = Stack().WorkDir() + "/gateway.log";
  ASSERT_TRUE(
      WaitFor([&] { return ReadFile(gateway_log).find("/api/settings") != std::string::npos; },
              std::chrono::seconds(10), "the gateway's log of GET /api/settings"));
  EXPECT_NE(ReadFile(gateway_log).find("/pay/callback/xendit"), std::string::npos);
  // A refused callback is logged (with its reason, never the key it was checked against).
  EXPECT_NE(ReadFile(Stack().WorkDir() + "/payment.log").find("payment callback refused"),
            std::string::npos);
  int logs = 0;
  for (const auto& entry : std::filesystem::directory_iterator(Stack().WorkDir())) {
    if (entry.path().extension() != ".log") continue;
    ++logs;
    const std::string text = ReadFile(entry.path().string());
    for (const auto& secret : secrets) {
      EXPECT_EQ(text.find(secret), std::string::npos)
          << entry.path().filename().string() << " holds " << secret;
    }
  }
  // Every service's log and the gateway's were read.
  EXPECT_GE(logs, 8);
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  // The payment service reads the settings on every call, so a provider switched in a test
  // makes the next link at once.
  billing::testing::UseFullStack(&argc, argv, {{"PAYMENT_SETTINGS_SECONDS", "0"}});
  return RUN_ALL_TESTS();
}
