// Live sync through real processes: SSE on two gateway replicas, replay with Last-Event-ID,
// a Redis outage, and streams ending with their session (logout, deactivation).
#include <set>

#include <gtest/gtest.h>

#include "api_test.h"
#include "support/sse_client.h"

namespace billing::testing {
namespace {

using nlohmann::json;
using std::chrono::seconds;

std::function<bool(const SseEvent&)> UserEvent(int64_t id, const std::string& action = "") {
  return [id, action](const SseEvent& event) {
    if (event.event != "change") return false;
    json data = event.Json();
    return data.value("entity", "") == "user" && data.value("id", "") == std::to_string(id) &&
           (action.empty() || data.value("action", "") == action);
  };
}

int64_t Seq(const SseEvent& event) { return std::stoll(event.id); }

std::string Unpublished() {
  return Sql("SELECT count(*) FROM events.outbox WHERE published_at IS NULL");
}

void Rename(const std::string& admin, int64_t id, const std::string& name) {
  HttpResponse response =
      Stack().Http().PutJson("/api/users/" + std::to_string(id), {{"full_name", name}}, admin);
  ASSERT_EQ(response.status, 200) << response.Describe();
}

class EventsApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (second_gateway_.empty()) second_gateway_ = Stack().StartExtraGateway();
  }
  void SetUp() override {
    admin_ = Login("admin", "admin123");
    ASSERT_FALSE(admin_.empty());
  }
  std::unique_ptr<SseClient> Open(const std::string& base, const std::string& token,
                                  HttpHeaders extra = {}) {
    extra["Authorization"] = "Bearer " + token;
    auto client = std::make_unique<SseClient>(base, "/api/events", extra);
    EXPECT_EQ(client->WaitForStatus(), 200) << client->Body();
    return client;
  }
  static std::string second_gateway_;
  std::string admin_;
};

std::string EventsApiTest::second_gateway_;

TEST_F(EventsApiTest, ClientsOnTwoGatewaysBothReceiveAChangeMadeElsewhere) {
  auto first = Open(Stack().GatewayUrl(), admin_);
  auto second = Open(second_gateway_, admin_);
  int64_t id = CreateUser(admin_, UniqueName("sinkron"), "password-1", "staff");
  ASSERT_GT(id, 0);
  for (SseClient* client : {first.get(), second.get()}) {
    ASSERT_TRUE(client->WaitForEvents(1, seconds(15), UserEvent(id, "create"))) << client->Body();
    SseEvent event = client->Events(UserEvent(id, "create")).front();
    json data = event.Json();
    EXPECT_EQ(data["by"], "admin");
    EXPECT_FALSE(data["at"].get<std::string>().empty());
    EXPECT_GT(Seq(event), 0);
    EXPECT_EQ(data.size(), 5u) << event.data;  // entity, action, id, by, at: no summary, no secrets
  }
}

TEST_F(EventsApiTest, ReconnectWithLastEventIdReplaysExactlyWhatWasMissed) {
  int64_t id = CreateUser(admin_, UniqueName("replay"), "password-1", "staff");
  auto client = Open(Stack().GatewayUrl(), admin_);
  Rename(admin_, id, "Sebelum putus");
  ASSERT_TRUE(client->WaitForEvents(1, seconds(15), UserEvent(id, "update")));
  std::string last_id = client->Events().back().id;
  client->Disconnect();

  for (const char* name : {"Satu", "Dua", "Tiga"}) Rename(admin_, id, name);

  auto again = Open(second_gateway_, admin_, {{"Last-Event-ID", last_id}});
  ASSERT_TRUE(again->WaitForEvents(3, seconds(15)));
  // A deliberate pause, not a wait for something: time for a (wrong) fourth event to arrive.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  std::vector<SseEvent> events = again->Events();
  ASSERT_EQ(events.size(), 3u);
  int64_t previous = std::stoll(last_id);
  for (const auto& event : events) {
    EXPECT_TRUE(UserEvent(id, "update")(event)) << event.data;
    EXPECT_GT(Seq(event), previous);
    previous = Seq(event);
  }
}

TEST_F(EventsApiTest, LastEventIdInTheQueryAlsoReplays) {
  int64_t id = CreateUser(admin_, UniqueName("kueri"), "password-1", "staff");
  auto client = Open(Stack().GatewayUrl(), admin_);
  Rename(admin_, id, "Awal");
  ASSERT_TRUE(client->WaitForEvents(1, seconds(15), UserEvent(id, "update")));
  std::string last_id = client->Events(UserEvent(id, "update")).back().id;
  client->Disconnect();
  Rename(admin_, id, "Akhir");
  SseClient again(Stack().GatewayUrl(), "/api/events?last_event_id=" + last_id,
                  BearerHeaders(admin_));
  ASSERT_TRUE(again.WaitForEvents(1, seconds(15), UserEvent(id, "update")));
  EXPECT_EQ(again.Events(UserEvent(id, "update")).size(), 1u);
}

TEST_F(EventsApiTest, RedisOutageDelaysEventsButLosesNoneAndRepeatsNone) {
  auto first = Open(Stack().GatewayUrl(), admin_);
  auto second = Open(second_gateway_, admin_);
  int64_t id = CreateUser(admin_, UniqueName("padam"), "password-1", "staff");
  ASSERT_TRUE(first->WaitForEvents(1, seconds(15), UserEvent(id, "create")));
  ASSERT_TRUE(second->WaitForEvents(1, seconds(15), UserEvent(id, "create")));

  Stack().Redis().Stop();
  for (int i = 1; i <= 5; ++i) Rename(admin_, id, "Nama " + std::to_string(i));
  // A deliberate pause: long enough for the relay to fail and back off and for both
  // subscriptions to drop (neither is observable from here).
  std::this_thread::sleep_for(seconds(3));
  EXPECT_EQ(Unpublished(), "5") << "the relay cannot have published without Redis";
  Stack().Redis().Start();

  for (SseClient* client : {first.get(), second.get()}) {
    ASSERT_TRUE(client->WaitForEvents(5, seconds(30), UserEvent(id, "update"))) << client->Body();
    std::vector<SseEvent> all = client->Events();
    std::set<int64_t> seen;
    int64_t previous = 0;
    for (const auto& event : all) {
      EXPECT_TRUE(seen.insert(Seq(event)).second) << "seq " << event.id << " delivered twice";
      EXPECT_GT(Seq(event), previous) << "out of order";
      previous = Seq(event);
    }
    EXPECT_EQ(client->Events(UserEvent(id, "update")).size(), 5u);
  }
  EXPECT_TRUE(WaitFor([] { return Unpublished() == "0"; }, seconds(15), "relay catching up"));
}

TEST_F(EventsApiTest, ABulkChangeLargerThanABatchArrivesOnceEachInOrderAndIsMarked) {
  auto client = Open(Stack().GatewayUrl(), admin_);
  std::string tag = UniqueName("bulk");
  constexpr int kRows = 1234;  // more than one relay pass (500 rows each)
  Sql("INSERT INTO events.outbox (service, actor_username, action, entity, entity_id) "
      "SELECT 'test', 'admin', 'update', 'system', '" +
      tag + "-' || g FROM generate_series(1, " + std::to_string(kRows) +
      ") g; NOTIFY billing_events");
  auto bulk = [&tag](const SseEvent& event) {
    return event.event == "change" && event.Json().value("id", "").rfind(tag + "-", 0) == 0;
  };
  ASSERT_TRUE(client->WaitForEvents(kRows, seconds(30), bulk)) << client->Events(bulk).size();
  std::vector<SseEvent> events = client->Events(bulk);
  ASSERT_EQ(events.size(), static_cast<size_t>(kRows));
  for (int i = 0; i < kRows; ++i) {
    // Numbered in id order, so the rows of one transaction arrive as they were written.
    EXPECT_EQ(events[i].Json().value("id", ""), tag + "-" + std::to_string(i + 1));
    if (i > 0) {
      EXPECT_GT(Seq(events[i]), Seq(events[i - 1]));
    }
  }
  EXPECT_TRUE(WaitFor([] { return Unpublished() == "0"; }, seconds(15), "relay marking"));
}

TEST_F(EventsApiTest, StreamNeedsAValidSession) {
  SseClient anonymous(Stack().GatewayUrl(), "/api/events");
  EXPECT_EQ(anonymous.WaitForStatus(), 401);
  ASSERT_TRUE(anonymous.WaitForClose(seconds(5)));
  EXPECT_NE(anonymous.Body().find("unauthenticated"), std::string::npos) << anonymous.Body();

  SseClient forged(Stack().GatewayUrl(), "/api/events", {{"Cookie", "billing_session=abc"}});
  EXPECT_EQ(forged.WaitForStatus(), 401);

  HttpResponse bad =
      Stack().Http().Request("GET", "/api/events", "",
                             {{"Authorization", "Bearer " + admin_}, {"Last-Event-ID", "12abc"}});
  EXPECT_TRUE(ExpectErrorShape(bad, 400, "invalid_argument"));
}

TEST_F(EventsApiTest, TheLoginCookieOpensTheStreamButNoOtherRoute) {
  HttpResponse login =
      Stack().Http().PostJson("/api/auth/login", {{"username", "admin"}, {"password", "admin123"}});
  ASSERT_EQ(login.status, 200);
  std::string cookie = login.headers["set-cookie"];
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  std::string pair = cookie.substr(0, cookie.find(';'));
  SseClient client(Stack().GatewayUrl(), "/api/events", {{"Cookie", pair}});
  EXPECT_EQ(client.WaitForStatus(), 200) << client.Body();
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Request("GET", "/api/users", "", {{"Cookie", pair}}),
                               401, "unauthenticated"));
}

TEST_F(EventsApiTest, HeartbeatsKeepTheStreamAlive) {
  auto client = Open(Stack().GatewayUrl(), admin_);
  EXPECT_TRUE(WaitFor([&] { return client->Heartbeats() >= 1; }, seconds(10), "a heartbeat"));
}

TEST_F(EventsApiTest, LogoutClosesThatSessionsStream) {
  std::string token = Login("admin", "admin123");
  auto client = Open(Stack().GatewayUrl(), token);
  auto other = Open(Stack().GatewayUrl(), admin_);
  HttpResponse logout = Stack().Http().PostJson("/api/auth/logout", json::object(), token);
  ASSERT_EQ(logout.status, 200) << logout.Describe();
  EXPECT_NE(logout.headers["set-cookie"].find("Max-Age=0"), std::string::npos);
  EXPECT_TRUE(client->WaitForClose(seconds(10)));
  EXPECT_FALSE(other->Closed());
}

TEST_F(EventsApiTest, DeactivationClosesTheUsersStream) {
  std::string name = UniqueName("nonaktif");
  int64_t id = CreateUser(admin_, name, "password-1", "staff");
  std::string token = Login(name, "password-1");
  auto client = Open(second_gateway_, token);
  HttpResponse response =
      Stack().Http().PutJson("/api/users/" + std::to_string(id), {{"active", false}}, admin_);
  ASSERT_EQ(response.status, 200) << response.Describe();
  EXPECT_TRUE(client->WaitForClose(seconds(10)));
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  billing::testing::UseFullStack(&argc, argv,
                                 {{"SSE_HEARTBEAT_SECONDS", "1"}, {"SSE_REVERIFY_SECONDS", "2"}});
  return RUN_ALL_TESTS();
}
