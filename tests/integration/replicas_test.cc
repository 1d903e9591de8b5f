// Two replicas of every service and two gateways: one replica of each (and one gateway) stops
// in the middle of a stream of requests; every later request still succeeds and every SSE
// client still gets every event.
#include <set>

#include <gtest/gtest.h>

#include "api_test.h"
#include "support/sse_client.h"

namespace billing::testing {
namespace {

using nlohmann::json;

bool IsCustomerCreate(const SseEvent& event) {
  json data = event.Json();
  return event.event == "change" && data.value("entity", "") == "customer" &&
         data.value("action", "") == "create";
}

std::set<std::string> CreatedIds(const std::vector<SseEvent>& events) {
  std::set<std::string> ids;
  for (const auto& event : events) ids.insert(event.Json()["id"].dump());
  return ids;
}

TEST(ReplicasTest, StoppingOneReplicaOfEachLosesNoRequestAndNoEvent) {
  const std::string first_gateway = Stack().GatewayUrl();
  const std::string second_gateway = Stack().StartExtraGateway();
  HttpClient first(first_gateway);
  HttpClient second(second_gateway);
  std::string token = Login("admin", "admin123");
  ASSERT_FALSE(token.empty());
  HttpHeaders bearer = {{"Authorization", "Bearer " + token}};
  auto on_first = std::make_unique<SseClient>(first_gateway, "/api/events", bearer);
  SseClient on_second(second_gateway, "/api/events", bearer);
  ASSERT_EQ(on_first->WaitForStatus(), 200);
  ASSERT_EQ(on_second.WaitForStatus(), 200);

  int64_t package_id =
      Api(token, &first).CreatePackage({{"name", "Paket Replika"}, {"price", 100000}});
  ASSERT_GT(package_id, 0);

  constexpr int kRequests = 30;
  constexpr int kStopAt = 10;
  int failures = 0;
  for (int i = 0; i < kRequests; ++i) {
    if (i == kStopAt) {
      for (const char* replica : {"auth-1", "customer-1", "billing-1", "messaging-1", "backup-1"}) {
        Stack().StopService(replica);
      }
      Stack().StopService("gateway");  // its clients move to the other gateway
    }
    // In front of real gateways a load balancer sends traffic to the live one.
    HttpClient& gateway = i < kStopAt ? first : second;
    HttpResponse customer = gateway.PostJson("/api/customers",
                                             {{"type", "internet"},
                                              {"name", "Replika " + std::to_string(i)},
                                              {"phone", "0812000000" + std::to_string(10 + i)},
                                              {"address", "Jl. Replika"},
                                              {"pppoe_username", "replika" + std::to_string(i)},
                                              {"pppoe_password", "rahasia1"},
                                              {"package_id", package_id}},
                                             token);
    HttpResponse bill =
        customer.status == 201
            ? gateway.PostJson("/api/transactions",
                               {{"customer_id", customer.Json()["id"]}, {"period", "2026-10"}},
                               token)
            : customer;
    HttpResponse stats = gateway.Get("/api/transactions/stats", token);
    if (customer.status != 201 || bill.status != 201 || stats.status != 200) {
      ++failures;
      ADD_FAILURE() << "request " << i << ": " << customer.Describe() << " / " << bill.Describe()
                    << " / " << stats.Describe();
    }
  }
  EXPECT_EQ(failures, 0);

  // The client on the stopped gateway reconnects to the other one where it left off.
  ASSERT_TRUE(on_first->WaitForClose(std::chrono::seconds(15)));
  std::vector<SseEvent> before = on_first->Events(IsCustomerCreate);
  std::string last_id = on_first->Events().empty() ? "0" : on_first->Events().back().id;
  SseClient resumed(second_gateway, "/api/events",
                    {{"Authorization", "Bearer " + token}, {"Last-Event-ID", last_id}});
  ASSERT_EQ(resumed.WaitForStatus(), 200);

  auto all_created = [&] {
    std::vector<SseEvent> events = before;
    for (const auto& event : resumed.Events(IsCustomerCreate)) events.push_back(event);
    return events;
  };
  EXPECT_TRUE(WaitFor([&] { return CreatedIds(all_created()).size() == kRequests; },
                      std::chrono::seconds(30), "resumed client has every customer event"));
  EXPECT_EQ(all_created().size(), static_cast<size_t>(kRequests));  // none twice
  EXPECT_TRUE(on_second.WaitForEvents(kRequests, std::chrono::seconds(30), IsCustomerCreate));
  EXPECT_EQ(on_second.Events(IsCustomerCreate).size(), static_cast<size_t>(kRequests));
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  using billing::testing::TestData;
  // One test, which starts from the seed anyway: a reset before it would only cost time.
  ::testing::AddGlobalTestEnvironment(new billing::testing::SuiteEnvironment(
      billing::testing::FullStack({}, 2, TestData::kShared)));
  return RUN_ALL_TESTS();
}
