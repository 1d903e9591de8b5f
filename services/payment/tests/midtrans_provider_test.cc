// MidtransProvider against FakeMidtrans: Snap create, the status API, notifications.
#include "providers/midtrans_provider.h"

#include <gtest/gtest.h>

#include "domain/clock.h"
#include "fakes/payments/fake_midtrans.h"
#include "payment_test_support.h"
#include "providers/signatures.h"

namespace billing::payment {
namespace {

using billing::testing::FakeWhatsapp;
using billing::testing::payments::FakeMidtrans;
using nlohmann::json;
using testing::ErrorCodeOf;
using testing::Received;
using testing::SampleRequest;

constexpr char kServerKey[] = "SB-Mid-server-abc";

class MidtransProviderTest : public ::testing::Test {
 protected:
  MidtransConfig Config(const std::string& server_key = kServerKey) {
    MidtransConfig config;
    config.snap_base_url = fake_.BaseUrl();
    config.core_base_url = fake_.BaseUrl();
    config.server_key = server_key;
    return config;
  }

  std::string CallbackUrl() const { return receiver_.BaseUrl() + "/pay/callback/midtrans"; }

  // A notification signed with the server key, for status / fraud combinations.
  static CallbackRequest Notification(const std::string& status, const std::string& fraud,
                                      const std::string& gross = "150000.00") {
    const std::string code = status == "settlement" || status == "capture" ? "200" : "201";
    json body = {{"order_id", "INV-1"},
                 {"status_code", code},
                 {"gross_amount", gross},
                 {"transaction_id", "tx-1"},
                 {"transaction_status", status},
                 {"fraud_status", fraud},
                 {"transaction_time", "2026-01-05 17:00:00"},
                 {"signature_key", Sha512Hex("INV-1" + code + gross + kServerKey)}};
    return {{}, body.dump()};
  }

  FakeMidtrans fake_{kServerKey};
  FakeWhatsapp receiver_;
  domain::SystemClock clock_;
  http::CurlTransport transport_ = testing::RealTransport();
};

TEST_F(MidtransProviderTest, CreateReturnsTheSnapRedirectAndSetsTheNotificationUrl) {
  MidtransProvider provider(Config(), transport_, clock_);
  CreatedPayment created = provider.Create(SampleRequest("INV-1", CallbackUrl()));
  EXPECT_EQ(created.pay_url, fake_.BaseUrl() + "/snap/v2/vtweb/" + created.provider_reference);
  EXPECT_EQ(created.amount_charged, 150000);
  auto stored = fake_.Find("INV-1");
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->notification_url, CallbackUrl());
  EXPECT_EQ(stored->gross_amount, 150000);
}

TEST_F(MidtransProviderTest, CustomerFeeIsAnItemOfItsOwn) {
  MidtransConfig config = Config();
  config.fee_mode = FeeMode::kPaidByCustomer;
  config.customer_fee = 4000;
  MidtransProvider provider(config, transport_, clock_);
  CreatedPayment created = provider.Create(SampleRequest("INV-1", CallbackUrl()));
  EXPECT_EQ(created.amount_charged, 154000);
  EXPECT_EQ(fake_.Find("INV-1")->gross_amount, 154000);  // the fake checks items add up
}

TEST_F(MidtransProviderTest, StatusApiParsesGrossAmountExactly) {
  MidtransProvider provider(Config(), transport_, clock_);
  CreatedPayment created = provider.Create(SampleRequest("INV-1", CallbackUrl()));
  EXPECT_EQ(provider.Status("INV-1", created.provider_reference).status, PaymentStatus::kPending);
  fake_.Pay("INV-1");
  PaymentState paid = provider.Status("INV-1", created.provider_reference);
  EXPECT_EQ(paid.status, PaymentStatus::kPaid);
  EXPECT_EQ(paid.amount, 150000);  // from "150000.00"
  EXPECT_TRUE(paid.paid_at.has_value());
  EXPECT_EQ(ErrorCodeOf([&] { provider.Status("INV-404", ""); }), errors::Code::kNotFound);
}

TEST_F(MidtransProviderTest, SignedNotificationIsAccepted) {
  MidtransProvider provider(Config(), transport_, clock_);
  provider.Create(SampleRequest("INV-1", CallbackUrl()));
  ASSERT_EQ(fake_.Pay("INV-1"), std::vector<int>{200});
  CallbackVerdict verdict = provider.VerifyCallback(Received(receiver_));
  ASSERT_TRUE(verdict.accepted()) << verdict.refusal;
  EXPECT_EQ(verdict.event->status, PaymentStatus::kPaid);
  EXPECT_EQ(verdict.event->merchant_ref, "INV-1");
  EXPECT_EQ(verdict.event->amount, 150000);
  EXPECT_TRUE(verdict.event->paid_at.has_value());
}

TEST_F(MidtransProviderTest, TransactionStatusesAreNormalised) {
  MidtransProvider provider(Config(), transport_, clock_);
  const std::vector<std::tuple<std::string, std::string, PaymentStatus>> cases = {
      {"settlement", "accept", PaymentStatus::kPaid},
      {"capture", "accept", PaymentStatus::kPaid},
      {"capture", "challenge", PaymentStatus::kPending},
      {"pending", "accept", PaymentStatus::kPending},
      {"expire", "accept", PaymentStatus::kExpired},
      {"cancel", "accept", PaymentStatus::kFailed},
      {"deny", "deny", PaymentStatus::kFailed},
      {"refund", "accept", PaymentStatus::kRefunded}};
  for (const auto& [status, fraud, expected] : cases) {
    CallbackVerdict verdict = provider.VerifyCallback(Notification(status, fraud));
    ASSERT_TRUE(verdict.accepted()) << status << ": " << verdict.refusal;
    EXPECT_EQ(verdict.event->status, expected) << status << "/" << fraud;
  }
}

TEST_F(MidtransProviderTest, UnknownStatusOrFraudOutcomeIsRefused) {
  MidtransProvider provider(Config(), transport_, clock_);
  EXPECT_FALSE(provider.VerifyCallback(Notification("authorize", "accept")).accepted());
  EXPECT_FALSE(provider.VerifyCallback(Notification("capture", "deny")).accepted());
  EXPECT_FALSE(provider.VerifyCallback(Notification("settlement", "accept", "150000.50"))
                   .accepted());  // signed, but not a whole Rupiah
}

TEST_F(MidtransProviderTest, ForgedMissingOrTamperedSignatureIsRefused) {
  MidtransProvider provider(Config(), transport_, clock_);
  provider.Create(SampleRequest("INV-1", CallbackUrl()));
  auto tampered = fake_.BuildCallback("INV-1", "settlement", testing::Tampered());
  auto unsigned_body = fake_.BuildCallback("INV-1", "settlement", testing::Unsigned());
  MidtransProvider other_key(Config("SB-Mid-server-other"), transport_, clock_);
  EXPECT_FALSE(provider.VerifyCallback({{}, tampered.body}).accepted());
  EXPECT_FALSE(provider.VerifyCallback({{}, unsigned_body.body}).accepted());
  EXPECT_FALSE(other_key.VerifyCallback(Notification("settlement", "accept")).accepted());
  EXPECT_FALSE(provider.VerifyCallback({{}, "not json"}).accepted());
  EXPECT_TRUE(provider.VerifyCallback(Notification("settlement", "accept")).accepted());
}

TEST_F(MidtransProviderTest, WrongServerKeyIsAClearRefusal) {
  MidtransProvider provider(Config("SB-Mid-server-wrong"), transport_, clock_);
  try {
    provider.Create(SampleRequest("INV-1", CallbackUrl()));
    FAIL() << "a wrong server key must be refused";
  } catch (const errors::Error& error) {
    EXPECT_EQ(error.code(), errors::Code::kFailedPrecondition);
    EXPECT_NE(error.message().find("Access denied"), std::string::npos) << error.message();
    EXPECT_EQ(error.message().find("SB-Mid-server-wrong"), std::string::npos);
  }
  EXPECT_EQ(ErrorCodeOf([&] { provider.Status("INV-1", ""); }), errors::Code::kFailedPrecondition);
}

TEST_F(MidtransProviderTest, ReusedOrderIdIsRefused) {
  MidtransProvider provider(Config(), transport_, clock_);
  provider.Create(SampleRequest("INV-1", CallbackUrl()));
  EXPECT_EQ(ErrorCodeOf([&] { provider.Create(SampleRequest("INV-1", CallbackUrl())); }),
            errors::Code::kFailedPrecondition);
}

}  // namespace
}  // namespace billing::payment
