// Settings.payment (as billing reveals it to this service) -> the providers and PaymentSettings,
// and PaymentConfigSource: cached a few seconds, a change taking effect after that, billing away.
#include "payment_config.h"

#include <gtest/gtest.h>

#include "domain/manual_clock.h"
#include "errors/error.h"
#include "payment_test_support.h"

namespace billing::payment {
namespace {

using std::chrono::seconds;

bills::v1::PaymentSettings TripaySettings() {
  bills::v1::PaymentSettings s;
  s.set_provider("tripay");
  s.set_mode("sandbox");
  s.set_fee_mode("absorbed");
  s.set_public_url("https://tagihan.example.net/");
  s.set_link_hours(48);
  s.mutable_tripay()->set_merchant_code("T0001");
  s.mutable_tripay()->set_api_key("DEV-key");
  s.mutable_tripay()->set_private_key("private");
  s.mutable_tripay()->set_method("BRIVA");
  s.mutable_tripay()->set_api_base_url("http://127.0.0.1:1/tripay");
  return s;
}

TEST(ConfigFromSettingsTest, TripayWithItsKeysAndThePublicAddress) {
  PaymentConfig config = ConfigFromSettings(TripaySettings());
  ASSERT_TRUE(config.tripay);
  EXPECT_FALSE(config.midtrans);
  EXPECT_FALSE(config.xendit);
  EXPECT_EQ(config.tripay->mode, ProviderMode::kSandbox);
  EXPECT_EQ(config.tripay->base_url, "http://127.0.0.1:1/tripay");
  EXPECT_EQ(config.tripay->api_key, "DEV-key");
  EXPECT_EQ(config.tripay->private_key, "private");
  EXPECT_EQ(config.tripay->merchant_code, "T0001");
  EXPECT_EQ(config.tripay->method, "BRIVA");
  EXPECT_EQ(config.tripay->customer_email, "tagihan@tagihan.example.net");
  EXPECT_TRUE(config.online());
  EXPECT_EQ(config.settings.active_provider, "tripay");
  EXPECT_EQ(config.public_url, "https://tagihan.example.net");
  EXPECT_EQ(config.settings.callback_url_base, "https://tagihan.example.net/pay/callback/");
  EXPECT_EQ(config.settings.return_url_base, "https://tagihan.example.net/portal?paid=");
  EXPECT_EQ(config.settings.link_lifetime, std::chrono::hours(48));
}

TEST(ConfigFromSettingsTest, TripayChannelDefaultsToQris) {
  auto s = TripaySettings();
  s.mutable_tripay()->clear_method();
  EXPECT_EQ(ConfigFromSettings(s).tripay->method, "QRIS");
}

TEST(ConfigFromSettingsTest, MidtransAndXenditCarryModeAndFee) {
  bills::v1::PaymentSettings s;
  s.set_provider("midtrans");
  s.set_mode("production");
  s.set_fee_mode("customer");
  s.set_customer_fee(4000);
  s.set_public_url("http://10.0.0.5:3000");
  s.mutable_midtrans()->set_server_key("SB-Mid-server");
  s.mutable_midtrans()->set_snap_base_url("http://snap");
  s.mutable_midtrans()->set_core_base_url("http://core");
  s.mutable_xendit()->set_secret_key("xnd_secret");
  s.mutable_xendit()->set_callback_token("token");
  PaymentConfig config = ConfigFromSettings(s);
  ASSERT_TRUE(config.midtrans);
  ASSERT_TRUE(config.xendit);
  EXPECT_FALSE(config.tripay);
  EXPECT_EQ(config.midtrans->mode, ProviderMode::kProduction);
  EXPECT_EQ(config.midtrans->server_key, "SB-Mid-server");
  EXPECT_EQ(config.midtrans->snap_base_url, "http://snap");
  EXPECT_EQ(config.midtrans->core_base_url, "http://core");
  EXPECT_EQ(config.midtrans->fee_mode, FeeMode::kPaidByCustomer);
  EXPECT_EQ(config.midtrans->customer_fee, 4000);
  EXPECT_EQ(config.xendit->secret_key, "xnd_secret");
  EXPECT_EQ(config.xendit->callback_token, "token");
  EXPECT_EQ(config.xendit->fee_mode, FeeMode::kPaidByCustomer);
  EXPECT_EQ(config.settings.active_provider, "midtrans");
  EXPECT_EQ(config.settings.callback_url_base, "http://10.0.0.5:3000/pay/callback/");
}

TEST(ConfigFromSettingsTest, ProviderNoneMakesNoLinksButKeepsConfiguredProviders) {
  auto s = TripaySettings();
  s.set_provider("none");
  PaymentConfig config = ConfigFromSettings(s);
  EXPECT_FALSE(config.online());
  EXPECT_TRUE(config.tripay);  // callbacks and reconciliation of earlier links still work
}

TEST(ConfigFromSettingsTest, ChosenProviderWithoutKeysOrPublicAddressIsNotOnline) {
  auto masked = TripaySettings();
  masked.mutable_tripay()->set_private_key("***");  // masked, not revealed
  EXPECT_FALSE(ConfigFromSettings(masked).tripay);
  EXPECT_FALSE(ConfigFromSettings(masked).online());

  auto other = TripaySettings();
  other.set_provider("xendit");
  EXPECT_FALSE(ConfigFromSettings(other).online());

  for (const char* url : {"", "tagihan.example.net", "ftp://x", "https://", "https://a b"}) {
    auto s = TripaySettings();
    s.set_public_url(url);
    PaymentConfig config = ConfigFromSettings(s);
    EXPECT_FALSE(config.online()) << url;
    EXPECT_EQ(config.settings.callback_url_base, "") << url;
  }
}

TEST(ConfigFromSettingsTest, XenditNeedsItsCallbackToken) {
  bills::v1::PaymentSettings s;
  s.set_provider("xendit");
  s.set_public_url("https://x.example");
  s.mutable_xendit()->set_secret_key("xnd_secret");
  EXPECT_FALSE(ConfigFromSettings(s).xendit);
  EXPECT_FALSE(ConfigFromSettings(s).online());
}

TEST(ConfigFromSettingsTest, LinkHoursDefaultAndBound) {
  auto s = TripaySettings();
  s.set_link_hours(0);
  EXPECT_EQ(ConfigFromSettings(s).settings.link_lifetime, std::chrono::hours(24));
  s.set_link_hours(1000);
  EXPECT_EQ(ConfigFromSettings(s).settings.link_lifetime, std::chrono::hours(168));
  s.set_link_hours(1);
  EXPECT_EQ(ConfigFromSettings(s).settings.reuse_margin, std::chrono::minutes(15));
}

class PaymentConfigSourceTest : public ::testing::Test {
 protected:
  PaymentConfigSource Source() {
    return PaymentConfigSource(
        [this] {
          ++reads_;
          if (billing_down_) throw errors::Unavailable("billing down");
          return settings_;
        },
        transport_, clock_, seconds(5));
  }

  bills::v1::PaymentSettings settings_ = TripaySettings();
  bool billing_down_ = false;
  int reads_ = 0;
  domain::ManualClock clock_{domain::UtcTime(2026, 12, 1, 10)};
  http::CurlTransport transport_ = testing::RealTransport();
};

TEST_F(PaymentConfigSourceTest, ReadsOnceWithinMaxAgeThenSeesTheChange) {
  auto source = Source();
  auto first = source.Current();
  EXPECT_EQ(first->settings().active_provider, "tripay");
  ASSERT_EQ(first->Providers().size(), 1u);
  EXPECT_EQ(first->Providers()[0]->Name(), "tripay");
  settings_.set_provider("none");
  clock_.Advance(seconds(4));
  EXPECT_EQ(source.Current(), first);
  EXPECT_EQ(reads_, 1);
  clock_.Advance(seconds(2));
  auto second = source.Current();
  EXPECT_EQ(reads_, 2);
  EXPECT_FALSE(second->config().online());
  EXPECT_EQ(first->settings().active_provider, "tripay");  // a call in flight keeps its own
}

TEST_F(PaymentConfigSourceTest, UnchangedSettingsKeepTheProviders) {
  auto source = Source();
  auto first = source.Current();
  clock_.Advance(seconds(10));
  EXPECT_EQ(source.Current(), first);
  EXPECT_EQ(reads_, 2);
}

TEST_F(PaymentConfigSourceTest, BillingAwayKeepsTheLastSettings) {
  auto source = Source();
  auto first = source.Current();
  billing_down_ = true;
  clock_.Advance(seconds(6));
  EXPECT_EQ(source.Current(), first);
  EXPECT_EQ(source.Current(), first);
  EXPECT_EQ(reads_, 2);  // asked again only after max_age
}

TEST_F(PaymentConfigSourceTest, BillingAwayBeforeAnyReadingIsUnavailable) {
  billing_down_ = true;
  auto source = Source();
  EXPECT_EQ(testing::ErrorCodeOf([&] { source.Current(); }), errors::Code::kUnavailable);
}

}  // namespace
}  // namespace billing::payment
