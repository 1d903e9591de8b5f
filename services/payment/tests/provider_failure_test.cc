// Every provider when the gateway is down, answers 5xx, garbage, too much, or JSON without the
// fields: a clear errors::Error (unavailable), never a crash, and the size bound holds.
#include <functional>
#include <future>
#include <memory>

#include <gtest/gtest.h>

#include "domain/clock.h"
#include "payment_test_support.h"
#include "providers/midtrans_provider.h"
#include "providers/tripay_provider.h"
#include "providers/xendit_provider.h"
#include "support/free_port.h"

namespace billing::payment {
namespace {

using billing::testing::FakeReply;
using billing::testing::FakeRequest;
using billing::testing::FakeWhatsapp;
using testing::ErrorCodeOf;
using testing::SampleRequest;

using ProviderFactory = std::function<std::unique_ptr<PaymentProvider>(
    const std::string& base_url, http::HttpTransport& transport, const domain::Clock& clock)>;

struct NamedFactory {
  std::string name;
  ProviderFactory make;
};

std::vector<NamedFactory> Factories() {
  return {
      {"tripay",
       [](const std::string& url, http::HttpTransport& transport, const domain::Clock&) {
         TripayConfig config;
         config.base_url = url;
         config.api_key = "k";
         config.private_key = "p";
         config.merchant_code = "T1";
         return std::make_unique<TripayProvider>(config, transport);
       }},
      {"midtrans",
       [](const std::string& url, http::HttpTransport& transport, const domain::Clock& clock) {
         MidtransConfig config;
         config.snap_base_url = url;
         config.core_base_url = url;
         config.server_key = "k";
         return std::make_unique<MidtransProvider>(config, transport, clock);
       }},
      {"xendit",
       [](const std::string& url, http::HttpTransport& transport, const domain::Clock& clock) {
         XenditConfig config;
         config.base_url = url;
         config.secret_key = "k";
         config.callback_token = "t";
         return std::make_unique<XenditProvider>(config, transport, clock);
       }},
  };
}

class ProviderFailureTest : public ::testing::TestWithParam<size_t> {
 protected:
  std::unique_ptr<PaymentProvider> Provider(const std::string& base_url) {
    return Factories()[GetParam()].make(base_url, transport_, clock_);
  }

  // Both calls against a server answering `reply` fail with `expected`.
  void ExpectBothCallsFail(const FakeReply& reply, errors::Code expected) {
    server_.SetHandler([reply](const FakeRequest&) { return reply; });
    auto provider = Provider(server_.BaseUrl());
    EXPECT_EQ(ErrorCodeOf([&] { provider->Create(SampleRequest("INV-1", "http://cb")); }), expected)
        << reply.status << " " << reply.body.substr(0, 40);
    EXPECT_EQ(ErrorCodeOf([&] { provider->Status("INV-1", "REF-1"); }), expected)
        << reply.status << " " << reply.body.substr(0, 40);
  }

  FakeWhatsapp server_;
  domain::SystemClock clock_;
  http::CurlTransport transport_ = testing::RealTransport();
};

TEST_P(ProviderFailureTest, ProviderDownIsUnavailable) {
  auto provider = Provider("http://127.0.0.1:" + std::to_string(billing::testing::FreePort()));
  EXPECT_EQ(ErrorCodeOf([&] { provider->Create(SampleRequest("INV-1", "http://cb")); }),
            errors::Code::kUnavailable);
  EXPECT_EQ(ErrorCodeOf([&] { provider->Status("INV-1", "REF-1"); }), errors::Code::kUnavailable);
}

TEST_P(ProviderFailureTest, SlowProviderTimesOutAsUnavailable) {
  auto released = std::make_shared<std::promise<void>>();
  std::shared_future<void> release = released->get_future().share();
  server_.SetHandler([release](const FakeRequest&) {
    release.wait_for(std::chrono::seconds(5));  // held until the caller has given up
    return FakeReply{200, "{}"};
  });
  http::CurlTransport impatient(std::chrono::milliseconds(300), std::chrono::milliseconds(300));
  auto provider = Factories()[GetParam()].make(server_.BaseUrl(), impatient, clock_);
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(ErrorCodeOf([&] { provider->Status("INV-1", "REF-1"); }), errors::Code::kUnavailable);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
  released->set_value();
}

TEST_P(ProviderFailureTest, ServerErrorsAreUnavailable) {
  ExpectBothCallsFail({500, "{\"message\":\"oops\"}"}, errors::Code::kUnavailable);
  ExpectBothCallsFail({503, "<html>maintenance</html>", "text/html"}, errors::Code::kUnavailable);
}

TEST_P(ProviderFailureTest, GarbageIsUnavailable) {
  ExpectBothCallsFail({200, "<html>not json</html>", "text/html"}, errors::Code::kUnavailable);
  ExpectBothCallsFail({200, "[1,2,3]"}, errors::Code::kUnavailable);
  ExpectBothCallsFail({200, "{\"truncated\": "}, errors::Code::kUnavailable);
}

TEST_P(ProviderFailureTest, JsonWithoutTheFieldsIsNeitherSuccessNorCrash) {
  server_.SetHandler([](const FakeRequest&) {
    return FakeReply{200, R"({"success": true, "data": {"status": 7}, "status_code": "200"})"};
  });
  auto provider = Provider(server_.BaseUrl());
  EXPECT_NE(ErrorCodeOf([&] { provider->Create(SampleRequest("INV-1", "http://cb")); }),
            errors::Code::kInternal);
  EXPECT_NE(ErrorCodeOf([&] { provider->Status("INV-1", "REF-1"); }), errors::Code::kInternal);
}

TEST_P(ProviderFailureTest, AnswerLargerThanTheBoundIsUnavailable) {
  const std::string huge = "{\"padding\": \"" + std::string(200 * 1024, 'x') + "\"}";
  ExpectBothCallsFail({200, huge}, errors::Code::kUnavailable);
}

TEST_P(ProviderFailureTest, GarbageCallbacksAreRefused) {
  auto provider = Provider(server_.BaseUrl());
  for (const std::string& body : {std::string(), std::string("null"), std::string("{\"a\":"),
                                  std::string(100000, '{'), std::string(100000, '[')}) {
    EXPECT_FALSE(provider->VerifyCallback({{}, body}).accepted());
  }
}

INSTANTIATE_TEST_SUITE_P(AllProviders, ProviderFailureTest, ::testing::Values(0, 1, 2),
                         [](const ::testing::TestParamInfo<size_t>& info) {
                           return Factories()[info.param].name;
                         });

}  // namespace
}  // namespace billing::payment
