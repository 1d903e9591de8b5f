// XenditProvider against FakeXendit: invoice create and get, token-checked callbacks.
#include "providers/xendit_provider.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "domain/clock.h"
#include "fakes/payments/fake_xendit.h"
#include "payment_test_support.h"

namespace billing::payment {
namespace {

using billing::testing::FakeWhatsapp;
using billing::testing::payments::FakeXendit;
using testing::ErrorCodeOf;
using testing::Received;
using testing::SampleRequest;

constexpr char kSecretKey[] = "xnd_development_abc";
constexpr char kToken[] = "callback-token-xyz";

class XenditProviderTest : public ::testing::Test {
 protected:
  XenditProviderTest() { fake_.SetCallbackUrl(receiver_.BaseUrl() + "/pay/callback/xendit"); }

  XenditConfig Config(const std::string& secret_key = kSecretKey) {
    XenditConfig config;
    config.base_url = fake_.BaseUrl();
    config.secret_key = secret_key;
    config.callback_token = kToken;
    return config;
  }

  FakeXendit fake_{kSecretKey, kToken};
  FakeWhatsapp receiver_;
  domain::SystemClock clock_;
  http::CurlTransport transport_ = testing::RealTransport();
};

TEST_F(XenditProviderTest, CreateReturnsTheInvoice) {
  XenditProvider provider(Config(), transport_, clock_);
  const auto request = SampleRequest("INV-1", "ignored: Xendit's URL is the dashboard's");
  CreatedPayment created = provider.Create(request);
  auto stored = fake_.FindByExternalId("INV-1");
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(created.provider_reference, stored->id);
  EXPECT_EQ(created.pay_url, fake_.BaseUrl() + "/web/" + stored->id);
  EXPECT_EQ(created.amount_charged, 150000);
  const auto drift = created.expires_at - request.expires_at;
  EXPECT_LT(std::chrono::abs(drift), std::chrono::seconds(5));
}

TEST_F(XenditProviderTest, ACustomerWithoutAPhoneGoesWithoutMobileNumber) {
  XenditProvider provider(Config(), transport_, clock_);
  auto request = SampleRequest("INV-1", "");
  provider.Create(request);
  request.merchant_ref = "INV-2";
  request.customer_phone.clear();  // adopted from a router, number still to be filled in
  provider.Create(request);
  auto requests = fake_.Requests();
  ASSERT_EQ(requests.size(), 2U);
  EXPECT_EQ(nlohmann::json::parse(requests[0].body)["customer"]["mobile_number"], "+6281234567890");
  EXPECT_FALSE(nlohmann::json::parse(requests[1].body)["customer"].contains("mobile_number"));
}

TEST_F(XenditProviderTest, CustomerFeeIsAddedAsAFee) {
  XenditConfig config = Config();
  config.fee_mode = FeeMode::kPaidByCustomer;
  config.customer_fee = 5000;
  XenditProvider provider(config, transport_, clock_);
  EXPECT_EQ(provider.Create(SampleRequest("INV-1", "")).amount_charged, 155000);
  EXPECT_EQ(fake_.FindByExternalId("INV-1")->amount, 155000);
}

TEST_F(XenditProviderTest, GetInvoiceReportsPaidAndSettledAsPaid) {
  XenditProvider provider(Config(), transport_, clock_);
  std::string id = provider.Create(SampleRequest("INV-1", "")).provider_reference;
  EXPECT_EQ(provider.Status("INV-1", id).status, PaymentStatus::kPending);
  fake_.Pay(id);
  PaymentState paid = provider.Status("INV-1", id);
  EXPECT_EQ(paid.status, PaymentStatus::kPaid);
  EXPECT_EQ(paid.amount, 150000);
  EXPECT_TRUE(paid.paid_at.has_value());
  fake_.Settle(id);
  EXPECT_EQ(provider.Status("INV-1", id).status, PaymentStatus::kPaid);
  EXPECT_EQ(ErrorCodeOf([&] { provider.Status("INV-9", "000000000000000000000000"); }),
            errors::Code::kNotFound);
}

TEST_F(XenditProviderTest, CallbackWithTheTokenIsAccepted) {
  XenditProvider provider(Config(), transport_, clock_);
  std::string id = provider.Create(SampleRequest("INV-1", "")).provider_reference;
  ASSERT_EQ(fake_.Expire(id), std::vector<int>{200});
  CallbackVerdict verdict = provider.VerifyCallback(Received(receiver_));
  ASSERT_TRUE(verdict.accepted()) << verdict.refusal;
  EXPECT_EQ(verdict.event->status, PaymentStatus::kExpired);
  EXPECT_EQ(verdict.event->merchant_ref, "INV-1");
  EXPECT_EQ(verdict.event->provider_reference, id);
}

TEST_F(XenditProviderTest, WrongOrMissingTokenIsRefused) {
  XenditProvider provider(Config(), transport_, clock_);
  std::string id = provider.Create(SampleRequest("INV-1", "")).provider_reference;
  auto tampered = fake_.BuildCallback(id, "PAID", testing::Tampered());
  auto unsigned_callback = fake_.BuildCallback(id, "PAID", testing::Unsigned());
  EXPECT_FALSE(provider
                   .VerifyCallback({{{"x-callback-token", tampered.headers["x-callback-token"]}},
                                    tampered.body})
                   .accepted());
  EXPECT_FALSE(provider.VerifyCallback({{}, unsigned_callback.body}).accepted());
  EXPECT_FALSE(provider.VerifyCallback({{{"x-callback-token", ""}}, tampered.body}).accepted());
  XenditConfig no_token = Config();
  no_token.callback_token.clear();  // not configured: nothing is accepted
  XenditProvider unconfigured(no_token, transport_, clock_);
  EXPECT_FALSE(unconfigured.VerifyCallback({{{"x-callback-token", ""}}, tampered.body}).accepted());
  EXPECT_TRUE(provider.VerifyCallback({{{"x-callback-token", kToken}}, tampered.body}).accepted());
}

TEST_F(XenditProviderTest, UnknownStatusIsRefused) {
  XenditProvider provider(Config(), transport_, clock_);
  std::string id = provider.Create(SampleRequest("INV-1", "")).provider_reference;
  auto callback = fake_.BuildCallback(id, "VOIDED");
  CallbackVerdict verdict =
      provider.VerifyCallback({{{"x-callback-token", kToken}}, callback.body});
  EXPECT_FALSE(verdict.accepted());
  EXPECT_EQ(verdict.refusal, "unknown status");
}

TEST_F(XenditProviderTest, WrongSecretKeyIsAClearRefusal) {
  XenditProvider provider(Config("xnd_development_wrong"), transport_, clock_);
  try {
    provider.Create(SampleRequest("INV-1", ""));
    FAIL() << "a wrong secret key must be refused";
  } catch (const errors::Error& error) {
    EXPECT_EQ(error.code(), errors::Code::kFailedPrecondition);
    EXPECT_NE(error.message().find("not authorized"), std::string::npos) << error.message();
  }
  EXPECT_FALSE(fake_.FindByExternalId("INV-1").has_value());
}

}  // namespace
}  // namespace billing::payment
