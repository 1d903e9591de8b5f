// The gateway's read cache (issue 13) never shows what came before a change to whoever should
// see the change: the writer itself, on its gateway, at once; a browser on another gateway as
// soon as it hears of the change; a user whose session ended, never.
#include <chrono>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "api_test.h"
#include "support/sse_client.h"
#include "support/wait_for.h"

namespace billing::testing {
namespace {

using nlohmann::json;
using std::chrono::seconds;

class ReadCacheApiTest : public ApiTest {
 protected:
  static void SetUpTestSuite() { second_url_ = Stack().StartExtraGateway(); }

  int64_t CreateGasCustomer(const HttpClient& gateway, const std::string& name) {
    return Api(staff_, &gateway).CreateGasCustomer({{"name", name}});
  }

  // How many customers a search for `q` lists through `gateway`, asked twice so that the
  // answer is the cached one when the cache keeps it.
  int64_t Found(const HttpClient& gateway, const std::string& q) {
    HttpResponse first = gateway.Get("/api/customers?q=" + q, staff_);
    HttpResponse second = gateway.Get("/api/customers?q=" + q, staff_);
    EXPECT_EQ(first.status, 200) << first.Describe();
    EXPECT_EQ(second.body, first.body);
    return second.status == 200 ? second.Json()["total"].get<int64_t>() : -1;
  }

  static std::string second_url_;
};

std::string ReadCacheApiTest::second_url_;

TEST_F(ReadCacheApiTest, TheWriterSeesItsChangeAtOnceOnItsGateway) {
  HttpClient gateway(Stack().GatewayUrl());
  std::string prefix = UniqueName("Cache");
  for (int round = 1; round <= 5; ++round) {
    EXPECT_EQ(Found(gateway, prefix), round - 1);
    ASSERT_GT(CreateGasCustomer(gateway, prefix + " " + std::to_string(round)), 0);
    // No wait: the write's answer came after the cache was dropped.
    HttpResponse after = gateway.Get("/api/customers?q=" + prefix, staff_);
    ASSERT_EQ(after.status, 200) << after.Describe();
    EXPECT_EQ(after.Json()["total"], round) << "round " << round;
  }
}

TEST_F(ReadCacheApiTest, StatsAndTheTransactionListFollowASaleAtOnce) {
  HttpClient gateway(Stack().GatewayUrl());
  int64_t customer = CreateGasCustomer(gateway, UniqueName("Stat Gas"));
  ASSERT_GT(customer, 0);
  std::string list = "/api/transactions?customer_id=" + std::to_string(customer);
  for (int round = 1; round <= 3; ++round) {
    json before = gateway.Get("/api/transactions/stats", staff_).Json();
    ASSERT_EQ(gateway.Get("/api/transactions/stats", staff_).Json(), before);
    ASSERT_EQ(gateway.Get(list, staff_).Json()["total"], round - 1);
    HttpResponse sale =
        gateway.PostJson("/api/transactions",
                         {{"customer_id", customer},
                          {"items", {{{"name", "LPG 3 kg"}, {"qty", 1}, {"unit_price", 22000}}}}},
                         staff_);
    ASSERT_EQ(sale.status, 201) << sale.Describe();
    EXPECT_NE(gateway.Get("/api/transactions/stats", staff_).Json(), before) << "round " << round;
    EXPECT_EQ(gateway.Get(list, staff_).Json()["total"], round);
  }
}

// What a browser does: it hears of a change on its stream and reloads the list. The gateway it
// talks to is not the one the change went through, and had the old list cached.
TEST_F(ReadCacheApiTest, ABrowserOnAnotherGatewaySeesTheChangeItHeardOf) {
  HttpClient first(Stack().GatewayUrl());
  HttpClient second(second_url_);
  SseClient stream(second_url_, "/api/events", BearerHeaders(staff_));
  ASSERT_EQ(stream.WaitForStatus(), 200) << stream.Body();
  std::string prefix = UniqueName("Lain");
  for (int round = 1; round <= 5; ++round) {
    EXPECT_EQ(Found(second, prefix), round - 1);
    int64_t id = CreateGasCustomer(first, prefix + " " + std::to_string(round));
    ASSERT_GT(id, 0);
    auto created = [id](const SseEvent& event) {
      json data = event.Json();
      return data.value("entity", "") == "customer" && data.value("action", "") == "create" &&
             data.value("id", "") == std::to_string(id);
    };
    ASSERT_TRUE(stream.WaitForEvents(1, seconds(15), created)) << stream.Body();
    HttpResponse reload = second.Get("/api/customers?q=" + prefix, staff_);
    ASSERT_EQ(reload.status, 200) << reload.Describe();
    EXPECT_EQ(reload.Json()["total"], round) << "round " << round;
  }
}

TEST_F(ReadCacheApiTest, AnEndedSessionGetsNothingFromTheCache) {
  HttpClient gateway(Stack().GatewayUrl());
  std::string token = Login("staff", "staff123");
  ASSERT_EQ(gateway.Get("/api/customers", token).status, 200);
  ASSERT_EQ(gateway.Get("/api/customers", staff_).status, 200);  // cached for staff
  ASSERT_EQ(gateway.PostJson("/api/auth/logout", json::object(), token).status, 200);
  EXPECT_TRUE(WaitFor([&] { return gateway.Get("/api/customers", token).status == 401; },
                      seconds(5), "the logged-out token refused"));
  EXPECT_TRUE(ExpectErrorShape(gateway.Get("/api/customers", token), 401, "unauthenticated"));
  EXPECT_TRUE(ExpectErrorShape(HttpClient(Stack().GatewayUrl()).Get("/api/customers", ""), 401,
                               "unauthenticated"));
}

TEST_F(ReadCacheApiTest, BadQueriesAreRefusedEveryTime) {
  HttpClient gateway(Stack().GatewayUrl());
  for (int i = 0; i < 2; ++i) {
    EXPECT_TRUE(
        ExpectErrorShape(gateway.Get("/api/customers?limit=abc", staff_), 400, "invalid_argument"));
    EXPECT_TRUE(ExpectErrorShape(gateway.Get("/api/transactions?customer_id=x", staff_), 400,
                                 "invalid_argument"));
  }
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  billing::testing::UseFullStack(&argc, argv);
  return RUN_ALL_TESTS();
}
