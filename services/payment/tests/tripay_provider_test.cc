// TripayProvider against FakeTripay: create, status, callbacks, and every refusal.
#include "providers/tripay_provider.h"

#include <gtest/gtest.h>

#include "fakes/payments/fake_tripay.h"
#include "payment_test_support.h"
#include "providers/signatures.h"

namespace billing::payment {
namespace {

using billing::testing::FakeWhatsapp;
using billing::testing::payments::FakeTripay;
using testing::ErrorCodeOf;
using testing::Received;
using testing::SampleRequest;

constexpr char kApiKey[] = "DEV-apikey";
constexpr char kPrivateKey[] = "private-key-123";
constexpr char kMerchant[] = "T0001";

class TripayProviderTest : public ::testing::Test {
 protected:
  TripayConfig Config(const std::string& private_key = kPrivateKey) {
    TripayConfig config;
    config.base_url = fake_.BaseUrl();
    config.api_key = kApiKey;
    config.private_key = private_key;
    config.merchant_code = kMerchant;
    config.customer_email = "billing@isp.example";
    return config;
  }

  // Creates INV-1 and returns Tripay's reference.
  std::string CreateOne(TripayProvider& provider) {
    return provider.Create(SampleRequest("INV-1", receiver_.BaseUrl() + "/pay/callback/tripay"))
        .provider_reference;
  }

  FakeTripay fake_{kApiKey, kPrivateKey, kMerchant};
  FakeWhatsapp receiver_;
  http::CurlTransport transport_ = testing::RealTransport();
};

TEST_F(TripayProviderTest, CreateSignsTheRequestAndReturnsTheCheckout) {
  fake_.SetCustomerFee(4250);
  TripayProvider provider(Config(), transport_);
  CreatedPayment created = provider.Create(SampleRequest("INV-1", "https://isp.example/cb"));
  EXPECT_FALSE(created.provider_reference.empty());
  EXPECT_EQ(created.pay_url, fake_.BaseUrl() + "/checkout/" + created.provider_reference);
  EXPECT_EQ(created.amount_charged, 154250);  // Tripay's fee carried by the customer
  auto stored = fake_.FindByMerchantRef("INV-1");
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->amount, 150000);
  EXPECT_EQ(stored->callback_url, "https://isp.example/cb");
  EXPECT_EQ(stored->method, "QRIS");
}

TEST_F(TripayProviderTest, StatusReadsTheTransactionDetail) {
  TripayProvider provider(Config(), transport_);
  std::string reference = CreateOne(provider);
  PaymentState pending = provider.Status("INV-1", reference);
  EXPECT_EQ(pending.status, PaymentStatus::kPending);
  EXPECT_EQ(pending.amount, 150000);
  fake_.Pay(reference);
  PaymentState paid = provider.Status("INV-1", reference);
  EXPECT_EQ(paid.status, PaymentStatus::kPaid);
  EXPECT_EQ(paid.merchant_ref, "INV-1");
  EXPECT_TRUE(paid.paid_at.has_value());
  EXPECT_EQ(ErrorCodeOf([&] { provider.Status("INV-9", "DEV-T-unknown"); }),
            errors::Code::kNotFound);
}

TEST_F(TripayProviderTest, SignedCallbackIsAccepted) {
  TripayProvider provider(Config(), transport_);
  std::string reference = CreateOne(provider);
  ASSERT_EQ(fake_.Pay(reference), std::vector<int>{200});
  CallbackVerdict verdict = provider.VerifyCallback(Received(receiver_));
  ASSERT_TRUE(verdict.accepted()) << verdict.refusal;
  EXPECT_EQ(verdict.event->status, PaymentStatus::kPaid);
  EXPECT_EQ(verdict.event->merchant_ref, "INV-1");
  EXPECT_EQ(verdict.event->provider_reference, reference);
  EXPECT_EQ(verdict.event->amount, 150000);
  EXPECT_TRUE(verdict.event->paid_at.has_value());
}

TEST_F(TripayProviderTest, EveryDocumentedStatusIsNormalised) {
  TripayProvider provider(Config(), transport_);
  std::string reference = CreateOne(provider);
  const std::vector<std::pair<std::string, PaymentStatus>> cases = {
      {"PAID", PaymentStatus::kPaid},
      {"EXPIRED", PaymentStatus::kExpired},
      {"FAILED", PaymentStatus::kFailed},
      {"REFUND", PaymentStatus::kRefunded},
      {"UNPAID", PaymentStatus::kPending}};
  for (const auto& [status, expected] : cases) {
    auto callback = fake_.BuildCallback(reference, status);
    CallbackVerdict verdict = provider.VerifyCallback(
        {{{"x-callback-event", "payment_status"},
          {"x-callback-signature", callback.headers["X-Callback-Signature"]}},
         callback.body});
    ASSERT_TRUE(verdict.accepted()) << status << ": " << verdict.refusal;
    EXPECT_EQ(verdict.event->status, expected) << status;
  }
}

TEST_F(TripayProviderTest, UnknownStatusIsRefusedEvenWhenSigned) {
  TripayProvider provider(Config(), transport_);
  std::string reference = CreateOne(provider);
  auto callback = fake_.BuildCallback(reference, "SETTLED");
  CallbackVerdict verdict =
      provider.VerifyCallback({{{"x-callback-event", "payment_status"},
                                {"x-callback-signature", callback.headers["X-Callback-Signature"]}},
                               callback.body});
  EXPECT_FALSE(verdict.accepted());
  EXPECT_EQ(verdict.refusal, "unknown status");
}

TEST_F(TripayProviderTest, ForgedMissingOrTamperedSignatureIsRefused) {
  TripayProvider provider(Config(), transport_);
  std::string reference = CreateOne(provider);
  auto good = fake_.BuildCallback(reference, "PAID");
  const std::string signature = good.headers["X-Callback-Signature"];
  const std::string event = "payment_status";
  // Tampered: the fake changes total_amount after signing.
  auto tampered = fake_.BuildCallback(reference, "PAID", testing::Tampered());
  std::vector<CallbackRequest> refused = {
      {{{"x-callback-event", event}}, good.body},
      {{{"x-callback-event", event}, {"x-callback-signature", ""}}, good.body},
      {{{"x-callback-event", event},
        {"x-callback-signature", HmacSha256Hex("other-key", good.body)}},
       good.body},
      {{{"x-callback-event", event},
        {"x-callback-signature", tampered.headers["X-Callback-Signature"]}},
       tampered.body},
      {{{"x-callback-event", "other_event"}, {"x-callback-signature", signature}}, good.body},
      {{{"x-callback-signature", signature}}, good.body},
  };
  for (size_t i = 0; i < refused.size(); ++i) {
    EXPECT_FALSE(provider.VerifyCallback(refused[i]).accepted()) << "case " << i;
  }
  EXPECT_TRUE(
      provider
          .VerifyCallback(
              {{{"x-callback-event", event}, {"x-callback-signature", signature}}, good.body})
          .accepted());
}

TEST_F(TripayProviderTest, UnsignedCallbackFromTheFakeIsRefused) {
  TripayProvider provider(Config(), transport_);
  std::string reference = CreateOne(provider);
  fake_.Pay(reference, testing::Unsigned());
  EXPECT_FALSE(provider.VerifyCallback(Received(receiver_)).accepted());
}

TEST_F(TripayProviderTest, WrongApiKeyOrPrivateKeyIsAClearRefusal) {
  TripayConfig bad_key = Config();
  bad_key.api_key = "wrong";
  TripayProvider wrong_api_key(bad_key, transport_);
  TripayProvider wrong_private_key(Config("wrong-private"), transport_);
  const auto request = SampleRequest("INV-2", "https://isp.example/cb");
  EXPECT_EQ(ErrorCodeOf([&] { wrong_api_key.Create(request); }), errors::Code::kFailedPrecondition);
  try {
    wrong_private_key.Create(request);
    FAIL() << "a wrong private key must be refused";
  } catch (const errors::Error& error) {
    EXPECT_EQ(error.code(), errors::Code::kFailedPrecondition);
    EXPECT_NE(error.message().find("Invalid signature"), std::string::npos) << error.message();
    EXPECT_EQ(error.message().find("wrong-private"), std::string::npos);
  }
  EXPECT_FALSE(fake_.FindByMerchantRef("INV-2").has_value());
}

TEST_F(TripayProviderTest, ProductionAndSandboxUseTheDocumentedUrls) {
  struct Recording final : http::HttpTransport {
    http::HttpResult Perform(const http::HttpRequest& request) override {
      urls.push_back(request.url);
      return {503, "", "", false};
    }
    std::vector<std::string> urls;
  } recording;
  TripayConfig config = Config();
  config.base_url.clear();
  config.mode = ProviderMode::kProduction;
  TripayProvider production(config, recording);
  config.mode = ProviderMode::kSandbox;
  TripayProvider sandbox(config, recording);
  EXPECT_EQ(ErrorCodeOf([&] { production.Status("INV-1", "T1"); }), errors::Code::kUnavailable);
  EXPECT_EQ(ErrorCodeOf([&] { sandbox.Status("INV-1", "T1"); }), errors::Code::kUnavailable);
  ASSERT_EQ(recording.urls.size(), 2u);
  EXPECT_EQ(recording.urls[0], "https://tripay.co.id/api/transaction/detail?reference=T1");
  EXPECT_EQ(recording.urls[1], "https://tripay.co.id/api-sandbox/transaction/detail?reference=T1");
}

}  // namespace
}  // namespace billing::payment
