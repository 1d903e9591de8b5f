// The fakes' callback options that black-box tests rely on: N copies in parallel, and callbacks
// sent out of order without changing what the status API answers.
#include <memory>

#include <gtest/gtest.h>

#include "fakes/payments/fake_tripay.h"
#include "payment_test_support.h"
#include "providers/tripay_provider.h"
#include "support/free_port.h"

namespace billing::payment {
namespace {

using billing::testing::FakeWhatsapp;
using billing::testing::payments::CallbackOptions;
using billing::testing::payments::FakeTripay;
using testing::SampleRequest;

class FakeDeliveryTest : public ::testing::Test {
 protected:
  FakeDeliveryTest() {
    TripayConfig config;
    config.base_url = fake_.BaseUrl();
    config.api_key = "k";
    config.private_key = "p";
    config.merchant_code = "T1";
    config.customer_email = "billing@isp.example";
    provider_ = std::make_unique<TripayProvider>(config, transport_);
    reference_ =
        provider_->Create(SampleRequest("INV-1", receiver_.BaseUrl() + "/cb")).provider_reference;
  }

  FakeTripay fake_{"k", "p", "T1"};
  FakeWhatsapp receiver_;
  http::CurlTransport transport_ = testing::RealTransport();
  std::unique_ptr<TripayProvider> provider_;
  std::string reference_;
};

TEST_F(FakeDeliveryTest, TenParallelCopiesAllArriveSignedAndIdentical) {
  CallbackOptions options;
  options.copies = 10;
  options.parallel = true;
  EXPECT_EQ(fake_.Pay(reference_, options), std::vector<int>(10, 200));
  auto requests = receiver_.Requests();
  ASSERT_EQ(requests.size(), 10u);
  for (const auto& request : requests) {
    EXPECT_EQ(request.body, requests[0].body);
    EXPECT_TRUE(provider_->VerifyCallback({request.headers, request.body}).accepted());
  }
}

TEST_F(FakeDeliveryTest, OutOfOrderCallbackLeavesTheFakesStateAlone) {
  fake_.Pay(reference_);
  CallbackOptions late;
  late.change_state = false;
  fake_.Expire(reference_, late);
  auto requests = receiver_.Requests();
  ASSERT_EQ(requests.size(), 2u);
  auto expired = provider_->VerifyCallback({requests[1].headers, requests[1].body});
  ASSERT_TRUE(expired.accepted());
  EXPECT_EQ(expired.event->status, PaymentStatus::kExpired);
  EXPECT_EQ(provider_->Status("INV-1", reference_).status, PaymentStatus::kPaid);
}

TEST_F(FakeDeliveryTest, CallbackCanOvertakeTheCreateAnswer) {
  fake_.PayBeforeAnsweringNextCreate();
  CreatedPayment created = provider_->Create(SampleRequest("INV-2", receiver_.BaseUrl() + "/cb"));
  const auto answered = std::chrono::steady_clock::now();
  auto requests = receiver_.Requests();
  ASSERT_EQ(requests.size(), 1u);  // the callback of INV-2, already there
  EXPECT_LT(requests[0].at, answered);
  auto verdict = provider_->VerifyCallback({requests[0].headers, requests[0].body});
  ASSERT_TRUE(verdict.accepted());
  EXPECT_EQ(verdict.event->merchant_ref, "INV-2");
  EXPECT_EQ(verdict.event->provider_reference, created.provider_reference);
  EXPECT_EQ(verdict.event->status, PaymentStatus::kPaid);
  EXPECT_EQ(fake_.Transactions().back().status, "PAID");
}

TEST_F(FakeDeliveryTest, NobodyListeningIsStatusZero) {
  auto unreachable = fake_.BuildCallback(reference_, "PAID");
  unreachable.url = "http://127.0.0.1:" + std::to_string(billing::testing::FreePort()) + "/cb";
  EXPECT_EQ(billing::testing::payments::Deliver(unreachable, {}), std::vector<int>{0});
}

}  // namespace
}  // namespace billing::payment
