// WhatsApp through the gateway against the real messaging service and a fake provider that is a
// real HTTP server on loopback: bills, broadcasts, pacing, retries, kills, stop/start, roles.
#include <algorithm>
#include <atomic>
#include <ctime>
#include <memory>
#include <set>
#include <signal.h>
#include <sys/types.h>
#include <thread>

#include <gtest/gtest.h>

#include "api_test.h"
#include "support/fake_whatsapp.h"

namespace billing::testing {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr const char* kToken = "tok-RAHASIA-9f8e7d6c";
constexpr milliseconds kPace{1500};

int64_t WaitingMessages() {
  return std::stoll(
      Sql("SELECT count(*) FROM messaging.messages WHERE status IN ('queued', "
          "'sending')"));
}

int64_t MessageCount() { return std::stoll(Sql("SELECT count(*) FROM messaging.messages")); }

class WhatsappApiTest : public ApiTest {
 protected:
  static void SetUpTestSuite() { fake_ = std::make_unique<FakeWhatsapp>(); }

  static void TearDownTestSuite() { fake_.reset(); }

  // Every test starts with the seeded database (an empty queue) and a fake that has seen
  // nothing.
  void SetUp() override {
    fake_->SetHandler(nullptr);
    fake_->Clear();
    ApiTest::SetUp();
    package_id_ = Admin().CreatePackage({{"name", "Paket 20 Mbps"}, {"speed", "20 Mbps"}});
    ASSERT_GT(package_id_, 0);
    Configure({{"provider", "gateway"},
               {"remind_overdue", false},
               {"reminder_days_before", 0},
               {"send_receipt", false}});
    HttpResponse business = Stack().Http().PostJson(
        "/api/settings",
        {{"business", {{"name", "Sejahtera Net"}}},
         {"bank_accounts", {{{"bank", "BCA"}, {"number", "1234567890"}, {"holder", "Sejahtera"}}}}},
        admin_);
    ASSERT_EQ(business.status, 200) << business.Describe();
  }

  void TearDown() override { fake_->SetHandler(nullptr); }

  // The provider settings, always pointing at the fake.
  static void Configure(json whatsapp) {
    whatsapp["base_url"] = fake_->BaseUrl();
    whatsapp["token"] = kToken;
    HttpResponse response =
        Stack().Http().PostJson("/api/settings", {{"whatsapp", whatsapp}}, admin_);
    ASSERT_EQ(response.status, 200) << response.Describe();
  }

  struct Customer {
    int64_t id = 0;
    std::string name;
    std::string phone;  // normalised
  };

  static Customer NewCustomer(const std::string& type, const std::string& name) {
    static int counter = 0;
    std::string digits = std::to_string(10000000 + ++counter * 7919);
    Customer c;
    c.name = name;
    c.phone = "62813" + digits;
    json body = {{"type", type}, {"name", name}, {"phone", "0813-" + digits}};
    if (type == "internet") {
      body["pppoe_username"] = UniqueName("wa-user");
      body["pppoe_password"] = "sandi-" + digits;
      body["package_id"] = package_id_;
      body["due_day"] = 10;
    } else {
      body["gas_price"] = 22000;
    }
    json created = Staff().CreateCustomer(body);
    if (created.contains("id")) {
      c.id = created["id"];
      EXPECT_EQ(created["phone"], c.phone);
    }
    return c;
  }

  static int64_t NewBill(const Customer& c, const std::string& type,
                         const std::string& period = "2026-10") {
    json body = {{"customer_id", c.id}};
    if (type == "internet") {
      body["period"] = period;
    } else {
      body["items"] = {{{"name", "LPG 3 kg"}, {"qty", 2}, {"unit_price", 22000}}};
    }
    return Staff().CreateTransaction(body).value("id", int64_t{0});
  }

  static std::vector<FakeRequest> SendsTo(const std::string& phone, const std::string& suffix) {
    std::vector<FakeRequest> out;
    for (auto& r : fake_->RequestsTo(suffix)) {
      std::string target = r.Form().count("target") ? r.Form()["target"] : r.QueryParams()["to"];
      if (target.empty() && !r.body.empty() && r.body[0] == '{') {
        target = json::parse(r.body).value("to", "");
      }
      if (target == phone) out.push_back(r);
    }
    return out;
  }

  static bool WaitForSends(size_t count, const std::string& suffix, milliseconds timeout) {
    return WaitFor([&] { return fake_->RequestsTo(suffix).size() >= count; }, timeout,
                   std::to_string(count) + " requests to " + suffix);
  }

  static void ExpectPaced(const std::vector<FakeRequest>& requests) {
    for (size_t i = 1; i < requests.size(); ++i) {
      auto gap = std::chrono::duration_cast<milliseconds>(requests[i].at - requests[i - 1].at);
      EXPECT_GE(gap.count(), kPace.count()) << "between message " << i << " and " << i + 1;
    }
  }

  static json Broadcast(const json& body, const std::string& token) {
    HttpResponse response = Stack().Http().PostJson("/api/whatsapp/broadcast", body, token);
    EXPECT_EQ(response.status, 202) << response.Describe();
    return response.status == 202 ? response.Json() : json::object();
  }

  static json BroadcastState(int64_t id) {
    return Stack().Http().Get("/api/whatsapp/broadcasts/" + std::to_string(id), staff_).Json();
  }

  static inline std::unique_ptr<FakeWhatsapp> fake_;
  static inline int64_t package_id_ = 0;
};

TEST_F(WhatsappApiTest, StatusReportsProviderConnectionAndQueueWithoutTheToken) {
  Configure({{"provider", "gateway"}});
  HttpResponse status = Stack().Http().Get("/api/whatsapp/status", staff_);
  ASSERT_EQ(status.status, 200) << status.Describe();
  json s = status.Json();
  EXPECT_EQ(s["enabled"], true);
  EXPECT_EQ(s["provider"], "gateway");
  EXPECT_EQ(s["connected"], true) << status.body;
  EXPECT_TRUE(s["queue"]["queued"].is_number_integer());
  EXPECT_TRUE(s["queue"]["sent"].is_number_integer());
  EXPECT_TRUE(s["queue"]["failed"].is_number_integer());
  EXPECT_EQ(status.body.find(kToken), std::string::npos);
  auto checks = fake_->RequestsTo("/device");
  ASSERT_FALSE(checks.empty());
  EXPECT_EQ(checks.back().headers["authorization"], kToken);

  fake_->SetHandler([](const FakeRequest&) {
    return FakeReply{401, R"({"status":false,"reason":"invalid token"})"};
  });
  json refused = Stack().Http().Get("/api/whatsapp/status", staff_).Json();
  EXPECT_EQ(refused["connected"], false);
  EXPECT_NE(refused["detail"].get<std::string>().find("invalid token"), std::string::npos);

  HttpResponse settings = Stack().Http().Get("/api/settings", staff_);
  EXPECT_EQ(settings.Json()["whatsapp"]["token"], "***");
  EXPECT_EQ(settings.body.find(kToken), std::string::npos);
}

TEST_F(WhatsappApiTest, BroadcastSendsEveryCustomerInArrearsOnceAtLeastThePaceApart) {
  Configure({{"provider", "gateway"}});
  std::vector<Customer> customers = {
      NewCustomer("internet", "Budi Santoso"), NewCustomer("internet", "Citra Lestari"),
      NewCustomer("internet", "Dewi Anggraini"), NewCustomer("gas", "Warung Bu Sri")};
  for (const auto& c : customers) NewBill(c, c.name == "Warung Bu Sri" ? "gas" : "internet");

  json started = Broadcast(json::object(), staff_);
  EXPECT_EQ(started["queued"], 4);
  int64_t id = started["broadcast_id"];
  EXPECT_EQ(BroadcastState(id)["total"], 4);
  ASSERT_TRUE(WaitForSends(4, "/send", seconds(30)));
  ASSERT_TRUE(WaitFor([&] { return BroadcastState(id)["status"] == "done"; }, seconds(10),
                      "broadcast done"));

  auto sends = fake_->RequestsTo("/send");
  ASSERT_EQ(sends.size(), 4u);
  ExpectPaced(sends);
  for (const auto& c : customers) {
    auto mine = SendsTo(c.phone, "/send");
    ASSERT_EQ(mine.size(), 1u) << c.name;
    EXPECT_EQ(mine[0].headers["authorization"], kToken);
    std::string text = mine[0].Form()["message"];
    EXPECT_NE(text.find("Halo " + c.name), std::string::npos) << text;
    EXPECT_NE(text.find(c.name == "Warung Bu Sri" ? "Rp 44.000" : "Rp 150.000"), std::string::npos)
        << text;
    EXPECT_NE(text.find("BCA 1234567890 a.n. Sejahtera"), std::string::npos) << text;
    EXPECT_NE(text.find("Sejahtera Net"), std::string::npos) << text;
  }
  json state = BroadcastState(id);
  EXPECT_EQ(state["sent"], 4);
  EXPECT_EQ(state["failed"], 0);
  EXPECT_EQ(state["queued"], 0);

  json listed =
      Stack()
          .Http()
          .Get("/api/whatsapp/messages?status=sent&limit=4&broadcast_id=" + std::to_string(id),
               staff_)
          .Json();
  EXPECT_EQ(listed["total"], 4);
  EXPECT_EQ(listed["items"].size(), 4u);
  EXPECT_EQ(listed["items"][0]["status"], "sent");
  EXPECT_EQ(listed["items"][0]["broadcast_id"], id);
}

TEST_F(WhatsappApiTest, TypeFiltersReachOnlyGasOrOnlyInternetCustomers) {
  Configure({{"provider", "custom"},
             {"custom_method", "GET"},
             {"url_template", fake_->BaseUrl() + "/kirim?to={target}&text={message}"}});
  Customer gas = NewCustomer("gas", "Pangkalan Joko");
  Customer net1 = NewCustomer("internet", "Eko Prasetyo");
  Customer net2 = NewCustomer("internet", "Fitri Handayani");
  NewBill(gas, "gas");
  NewBill(net1, "internet");
  NewBill(net2, "internet");

  json only_gas = Broadcast({{"type", "gas"}}, staff_);
  EXPECT_EQ(only_gas["queued"], 1);
  ASSERT_TRUE(WaitForSends(1, "/kirim", seconds(20)));
  ASSERT_TRUE(WaitFor([] { return WaitingMessages() == 0; }, seconds(20), "gas sent"));
  EXPECT_EQ(fake_->RequestsTo("/kirim").size(), 1u);
  ASSERT_EQ(SendsTo(gas.phone, "/kirim").size(), 1u);
  EXPECT_EQ(SendsTo(gas.phone, "/kirim")[0].method, "GET");
  EXPECT_NE(SendsTo(gas.phone, "/kirim")[0].QueryParams()["text"].find("Pangkalan Joko"),
            std::string::npos);

  fake_->Clear();
  json only_internet = Broadcast({{"type", "internet"}, {"kind", "bill"}}, staff_);
  EXPECT_EQ(only_internet["queued"], 2);
  ASSERT_TRUE(WaitForSends(2, "/kirim", seconds(20)));
  ASSERT_TRUE(WaitFor([] { return WaitingMessages() == 0; }, seconds(20), "internet sent"));
  EXPECT_EQ(fake_->RequestsTo("/kirim").size(), 2u);
  EXPECT_TRUE(SendsTo(gas.phone, "/kirim").empty());
  ASSERT_EQ(SendsTo(net1.phone, "/kirim").size(), 1u);
  ASSERT_EQ(SendsTo(net2.phone, "/kirim").size(), 1u);
  // The "bill" broadcast uses the internet bill template: PPPoE credentials included.
  std::string text = SendsTo(net1.phone, "/kirim")[0].QueryParams()["text"];
  EXPECT_NE(text.find("Username PPPoE: wa-user"), std::string::npos) << text;
}

TEST_F(WhatsappApiTest, CloudApiRetriesA500AndFailsA400WithTheProvidersReason) {
  Configure({{"provider", "cloud"}, {"phone_number_id", "1055501"}, {"api_version", "v21.0"}});
  Customer flaky = NewCustomer("internet", "Gilang Ramadhan");
  Customer invalid = NewCustomer("internet", "Hana Pertiwi");
  NewBill(flaky, "internet", "2026-08");
  int64_t invalid_bill = NewBill(invalid, "internet", "2026-08");
  auto flaky_calls = std::make_shared<std::atomic<int>>(0);
  std::string flaky_phone = flaky.phone;
  fake_->SetHandler([flaky_calls, flaky_phone](const FakeRequest& r) {
    if (r.path.size() < 9 || r.path.substr(r.path.size() - 9) != "/messages") {
      return FakeWhatsapp::DefaultReply(0);
    }
    std::string to = json::parse(r.body).value("to", "");
    if (to == flaky_phone) {
      return ++*flaky_calls == 1 ? FakeReply{500, R"({"error":{"message":"try later"}})"}
                                 : FakeReply{200, R"({"messages":[{"id":"wamid.OK1"}]})"};
    }
    return FakeReply{400,
                     R"x({"error":{"message":"Invalid parameter (recipient)","code":131026}})x"};
  });

  HttpResponse a =
      Stack().Http().PostJson("/api/whatsapp/send-billing", {{"customer_id", flaky.id}}, staff_);
  ASSERT_EQ(a.status, 202) << a.Describe();
  HttpResponse b = Stack().Http().PostJson("/api/whatsapp/send-billing",
                                           {{"transaction_id", invalid_bill}}, staff_);
  ASSERT_EQ(b.status, 202) << b.Describe();
  int64_t a_id = a.Json()["messages"][0]["id"];
  int64_t b_id = b.Json()["messages"][0]["id"];
  EXPECT_EQ(a.Json()["messages"][0]["status"], "queued");

  auto message = [](int64_t id) {
    json items = Stack().Http().Get("/api/whatsapp/messages?limit=50", admin_).Json()["items"];
    for (const auto& m : items) {
      if (m["id"] == id) return m;
    }
    return json::object();
  };
  ASSERT_TRUE(WaitFor([&] { return message(a_id).value("status", "") == "sent"; }, seconds(30),
                      "retried message sent"));
  ASSERT_TRUE(WaitFor([&] { return message(b_id).value("status", "") == "failed"; }, seconds(30),
                      "invalid message failed"));
  EXPECT_EQ(message(a_id)["attempts"], 2);
  EXPECT_EQ(message(a_id)["provider_message_id"], "wamid.OK1");
  EXPECT_EQ(message(b_id)["attempts"], 1);
  EXPECT_NE(message(b_id)["last_error"].get<std::string>().find("Invalid parameter (recipient)"),
            std::string::npos);
  // A deliberate pause: long enough for a (wrong) retry of the 400 to have happened.
  std::this_thread::sleep_for(seconds(3));
  EXPECT_EQ(SendsTo(invalid.phone, "/messages").size(), 1u);
  auto flaky_sends = SendsTo(flaky.phone, "/messages");
  ASSERT_EQ(flaky_sends.size(), 2u);
  ExpectPaced(flaky_sends);

  const FakeRequest& sent = flaky_sends[1];
  EXPECT_EQ(sent.path, "/v21.0/1055501/messages");
  EXPECT_EQ(sent.headers.at("authorization"), std::string("Bearer ") + kToken);
  json body = json::parse(sent.body);
  EXPECT_EQ(body["messaging_product"], "whatsapp");
  EXPECT_EQ(body["type"], "text");
  std::string text = body["text"]["body"];
  EXPECT_NE(text.find("Gilang Ramadhan"), std::string::npos) << text;
  EXPECT_NE(text.find("Password: sandi-"), std::string::npos) << text;
  EXPECT_NE(text.find("Rp 150.000"), std::string::npos) << text;
  EXPECT_NE(text.find("10 Agustus 2026"), std::string::npos) << text;
}

TEST_F(WhatsappApiTest, KilledMidBroadcastResumesWithoutLossOrDuplicate) {
  Configure({{"provider", "gateway"}});
  std::vector<Customer> customers;
  for (const char* name : {"Indra", "Joko", "Kartika", "Lina"}) {
    customers.push_back(NewCustomer("internet", name));
    NewBill(customers.back(), "internet");
  }
  for (int signal_number : {SIGKILL, SIGTERM}) {
    SCOPED_TRACE(signal_number == SIGKILL ? "SIGKILL" : "SIGTERM");
    fake_->Clear();
    json started = Broadcast(json::object(), staff_);
    ASSERT_EQ(started["queued"], 4);
    ASSERT_TRUE(WaitForSends(1, "/send", seconds(20)));
    // In the pause after the first message, not in the tiny window around a send.
    std::this_thread::sleep_until(fake_->RequestsTo("/send")[0].at + milliseconds(700));
    Process& messaging = Stack().ServiceProcess("messaging");
    if (signal_number == SIGKILL) {
      ASSERT_EQ(kill(messaging.Pid(), SIGKILL), 0);
      ASSERT_TRUE(WaitFor([&] { return !messaging.Running(); }, seconds(10), "killed"));
    } else {
      Stack().StopService("messaging");
    }
    size_t before_restart = fake_->RequestsTo("/send").size();
    EXPECT_LT(before_restart, 4u);
    Stack().StartService("messaging");
    ASSERT_TRUE(WaitFor([] { return WaitingMessages() == 0; }, seconds(40), "broadcast resumed"));
    auto sends = fake_->RequestsTo("/send");
    EXPECT_EQ(sends.size(), 4u);
    std::set<std::string> targets;
    for (auto& r : sends) targets.insert(r.Form()["target"]);
    EXPECT_EQ(targets.size(), 4u);
    for (const auto& c : customers) EXPECT_EQ(targets.count(c.phone), 1u) << c.name;
    ExpectPaced(sends);
    json state = BroadcastState(started["broadcast_id"]);
    EXPECT_EQ(state["sent"], 4);
    EXPECT_EQ(state["failed"], 0);
    EXPECT_EQ(state["status"], "done");
  }
}

TEST_F(WhatsappApiTest, StopPausesSendingAndStartResumesIt) {
  Configure({{"provider", "gateway"}});
  std::vector<Customer> customers = {NewCustomer("gas", "Mawar"), NewCustomer("gas", "Nusa"),
                                     NewCustomer("gas", "Oki")};
  for (const auto& c : customers) NewBill(c, "gas");

  HttpResponse stopped = Stack().Http().Post("/api/whatsapp/stop", "", BearerHeaders(staff_));
  ASSERT_EQ(stopped.status, 200) << stopped.Describe();
  EXPECT_EQ(stopped.Json()["enabled"], false);
  json started = Broadcast({{"type", "gas"}}, staff_);
  EXPECT_EQ(started["queued"], 3);
  // A deliberate pause, not a wait for something: time for a (wrong) send to have happened.
  std::this_thread::sleep_for(seconds(3));
  EXPECT_TRUE(fake_->RequestsTo("/send").empty());
  json status = Stack().Http().Get("/api/whatsapp/status", staff_).Json();
  EXPECT_EQ(status["enabled"], false);
  EXPECT_EQ(status["queue"]["queued"], 3);

  HttpResponse resumed = Stack().Http().Post("/api/whatsapp/start", "", BearerHeaders(staff_));
  ASSERT_EQ(resumed.status, 200) << resumed.Describe();
  EXPECT_EQ(resumed.Json()["enabled"], true);
  ASSERT_TRUE(WaitForSends(3, "/send", seconds(20)));
  for (const auto& c : customers) EXPECT_EQ(SendsTo(c.phone, "/send").size(), 1u) << c.name;
}

TEST_F(WhatsappApiTest, StaffMaySendButNotChangeProviderSettingsOrCancel) {
  Configure({{"provider", "gateway"}});
  HttpResponse refused = Stack().Http().PostJson(
      "/api/settings", {{"whatsapp", {{"provider", "none"}, {"token", "staff-token"}}}}, staff_);
  EXPECT_TRUE(ExpectErrorShape(refused, 403, "permission_denied"));
  EXPECT_EQ(Stack().Http().Get("/api/whatsapp/status", staff_).Json()["provider"], "gateway");

  Customer c1 = NewCustomer("internet", "Putri");
  Customer c2 = NewCustomer("internet", "Rudi");
  NewBill(c1, "internet");
  NewBill(c2, "internet");
  ASSERT_EQ(Stack().Http().Post("/api/whatsapp/stop", "", BearerHeaders(staff_)).status, 200);
  json started = Broadcast(json::object(), staff_);
  ASSERT_EQ(started["queued"], 2);
  std::string cancel = "/api/whatsapp/broadcasts/" +
                       std::to_string(started["broadcast_id"].get<int64_t>()) + "/cancel";
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Post(cancel, "", BearerHeaders(staff_)), 403,
                               "permission_denied"));
  HttpResponse cancelled = Stack().Http().Post(cancel, "", BearerHeaders(admin_));
  ASSERT_EQ(cancelled.status, 200) << cancelled.Describe();
  EXPECT_EQ(cancelled.Json()["status"], "cancelled");
  EXPECT_EQ(cancelled.Json()["cancelled"], 2);
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Post(cancel, "", BearerHeaders(admin_)), 409,
                               "failed_precondition"));

  ASSERT_EQ(Stack().Http().Post("/api/whatsapp/start", "", BearerHeaders(staff_)).status, 200);
  HttpResponse one =
      Stack().Http().PostJson("/api/whatsapp/send-billing", {{"customer_id", c2.id}}, staff_);
  ASSERT_EQ(one.status, 202) << one.Describe();
  EXPECT_EQ(one.Json()["messages"][0]["created_by"], "staff");
  ASSERT_TRUE(WaitForSends(1, "/send", seconds(20)));
  // A deliberate pause: time for a (wrong) send to the other customer to have happened.
  std::this_thread::sleep_for(seconds(2));
  EXPECT_TRUE(SendsTo(c1.phone, "/send").empty());
  EXPECT_EQ(SendsTo(c2.phone, "/send").size(), 1u);
}

TEST_F(WhatsappApiTest, PreviewRendersTheTemplateForTheChosenCustomer) {
  Customer c = NewCustomer("internet", "Sinta Dewi");
  NewBill(c, "internet", "2026-07");
  HttpResponse preview = Stack().Http().PostJson(
      "/api/whatsapp/preview", {{"kind", "internet_bill"}, {"customer_id", c.id}}, staff_);
  ASSERT_EQ(preview.status, 200) << preview.Describe();
  std::string text = preview.Json()["text"];
  EXPECT_NE(text.find("Halo Sinta Dewi"), std::string::npos) << text;
  EXPECT_NE(text.find("Paket 20 Mbps"), std::string::npos) << text;
  EXPECT_NE(text.find("2026-07"), std::string::npos) << text;
  EXPECT_NE(text.find("Rp 150.000"), std::string::npos) << text;
  EXPECT_NE(text.find("Password: sandi-"), std::string::npos) << text;
  EXPECT_EQ(preview.Json()["phone"], c.phone);

  HttpResponse custom = Stack().Http().PostJson(
      "/api/whatsapp/preview",
      {{"kind", "reminder"}, {"customer_id", c.id}, {"template", "{nama}: {tunggakan}"}}, staff_);
  ASSERT_EQ(custom.status, 200) << custom.Describe();
  EXPECT_EQ(custom.Json()["text"], "Sinta Dewi: Rp 150.000");
}

TEST_F(WhatsappApiTest, BadInputGetsTheErrorShapeAndQueuesNothing) {
  Configure({{"provider", "gateway"}});
  Customer paid_up = NewCustomer("gas", "Tono Lunas");
  int64_t before = MessageCount();
  struct Case {
    std::string path;
    std::string body;
    int status;
    const char* code;
  };
  std::vector<Case> cases = {
      {"/api/whatsapp/send-billing", "{}", 400, "invalid_argument"},
      {"/api/whatsapp/send-billing", "{\"customer_id\": \"1\"}", 400, "invalid_argument"},
      {"/api/whatsapp/send-billing", "{\"customer_id\": -4}", 400, "invalid_argument"},
      {"/api/whatsapp/send-billing", "{\"customer_id\": 1, \"transaction_id\": 2}", 400,
       "invalid_argument"},
      {"/api/whatsapp/send-billing", "{\"customer_id\": 99999999}", 404, "not_found"},
      {"/api/whatsapp/send-billing", "{\"transaction_id\": 99999999}", 404, "not_found"},
      {"/api/whatsapp/send-billing", "{\"customer_id\": " + std::to_string(paid_up.id) + "}", 409,
       "failed_precondition"},
      {"/api/whatsapp/send-billing", "{\"customer_id\": 1' OR '1'='1}", 400, "invalid_argument"},
      {"/api/whatsapp/send-billing", "[1, 2]", 400, "invalid_argument"},
      {"/api/whatsapp/broadcast", "{\"type\": \"fiber\"}", 400, "invalid_argument"},
      {"/api/whatsapp/broadcast", "{\"type\": 5}", 400, "invalid_argument"},
      {"/api/whatsapp/broadcast", "{\"kind\": \"promo\"}", 400, "invalid_argument"},
      {"/api/whatsapp/broadcast", "not json", 400, "invalid_argument"},
      {"/api/whatsapp/preview", "{\"kind\": \"promo\", \"customer_id\": 1}", 400,
       "invalid_argument"},
      {"/api/whatsapp/preview", "{\"kind\": \"reminder\"}", 400, "invalid_argument"},
      {"/api/whatsapp/preview",
       "{\"kind\": \"reminder\", \"customer_id\": " + std::to_string(paid_up.id) +
           ", \"template\": \"Halo {name}\"}",
       400, "invalid_argument"},
      {"/api/whatsapp/broadcasts/abc/cancel", "", 400, "invalid_argument"},
      {"/api/whatsapp/broadcasts/99999999/cancel", "", 404, "not_found"},
  };
  HttpHeaders headers = BearerHeaders(admin_);
  headers["Content-Type"] = "application/json";
  for (const auto& c : cases) {
    HttpResponse response = Stack().Http().Post(c.path, c.body, headers);
    EXPECT_TRUE(ExpectErrorShape(response, c.status, c.code)) << c.path << " " << c.body;
  }
  for (const char* path :
       {"/api/whatsapp/messages?status=bogus", "/api/whatsapp/messages?limit=501",
        "/api/whatsapp/messages?limit=x", "/api/whatsapp/broadcasts/0",
        "/api/whatsapp/broadcasts/1%27%20OR%201=1"}) {
    EXPECT_TRUE(ExpectErrorShape(Stack().Http().Get(path, staff_), 400, "invalid_argument"))
        << path;
  }
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Get("/api/whatsapp/broadcasts/99999999", staff_), 404,
                               "not_found"));
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Get("/api/whatsapp/status"), 401, "unauthenticated"));
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().PostJson("/api/whatsapp/broadcast", json::object()),
                               401, "unauthenticated"));
  EXPECT_EQ(MessageCount(), before);

  Configure({{"provider", "none"}});
  NewBill(paid_up, "gas");
  EXPECT_TRUE(ExpectErrorShape(
      Stack().Http().PostJson("/api/whatsapp/send-billing", {{"customer_id", paid_up.id}}, staff_),
      409, "failed_precondition"));
  EXPECT_TRUE(
      ExpectErrorShape(Stack().Http().PostJson("/api/whatsapp/broadcast", json::object(), staff_),
                       409, "failed_precondition"));
  EXPECT_EQ(MessageCount(), before);
  Configure({{"provider", "gateway"}});
}

TEST_F(WhatsappApiTest, AutomaticRemindersAndReceiptsGoOutOnce) {
  Configure({{"provider", "gateway"}});
  // Payments before receipts are switched on never get one: wait until the scheduler (receipts
  // off) has moved its "receipts since" mark past every payment so far.
  ASSERT_TRUE(WaitFor(
      [] {
        return Sql("SELECT (SELECT receipts_since FROM messaging.scheduler_state WHERE id = 1) > "
                   "(SELECT coalesce(max(at), '-infinity') FROM events.outbox WHERE service = "
                   "'billing' AND entity = 'transaction' AND action = 'mark_lunas')") == "t";
      },
      seconds(30), "receipts mark past the earlier payments"));
  Customer overdue = NewCustomer("internet", "Umar Overdue");
  Customer soon = NewCustomer("internet", "Vina Segera");
  int64_t overdue_bill = NewBill(overdue, "internet", "2025-01");
  auto in_two_days = std::chrono::system_clock::now() + std::chrono::hours(24 * 2 + 7);
  std::time_t t = std::chrono::system_clock::to_time_t(in_two_days);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char due[16];
  std::strftime(due, sizeof(due), "%Y-%m-%d", &tm);
  HttpResponse soon_bill = Stack().Http().PostJson(
      "/api/transactions",
      {{"customer_id", soon.id}, {"period", std::string(due).substr(0, 7)}, {"due_date", due}},
      staff_);
  ASSERT_EQ(soon_bill.status, 201) << soon_bill.Describe();

  Configure({{"provider", "gateway"},
             {"remind_overdue", true},
             {"reminder_days_before", 3},
             {"send_receipt", true}});
  ASSERT_TRUE(WaitFor(
      [&] {
        return SendsTo(overdue.phone, "/send").size() == 1 &&
               SendsTo(soon.phone, "/send").size() == 1;
      },
      seconds(30), "automatic reminders"));
  // A deliberate pause: a few scheduler ticks (one a second) in which no reminder may repeat.
  std::this_thread::sleep_for(seconds(3));
  EXPECT_EQ(SendsTo(overdue.phone, "/send").size(), 1u);
  EXPECT_EQ(SendsTo(soon.phone, "/send").size(), 1u);
  EXPECT_NE(SendsTo(overdue.phone, "/send")[0].Form()["message"].find("tunggakan"),
            std::string::npos);

  HttpResponse paid =
      Stack().Http().PostJson("/api/transactions/" + std::to_string(overdue_bill) + "/mark-lunas",
                              {{"method", "cash"}}, staff_);
  ASSERT_EQ(paid.status, 200) << paid.Describe();
  ASSERT_TRUE(
      WaitFor([&] { return SendsTo(overdue.phone, "/send").size() == 2; }, seconds(30), "receipt"));
  // A deliberate pause: a few scheduler ticks in which no second receipt may follow.
  std::this_thread::sleep_for(seconds(3));
  auto to_overdue = SendsTo(overdue.phone, "/send");
  ASSERT_EQ(to_overdue.size(), 2u);
  EXPECT_NE(to_overdue[1].Form()["message"].find("sudah kami terima"), std::string::npos)
      << to_overdue[1].Form()["message"];
  EXPECT_EQ(SendsTo(soon.phone, "/send").size(), 1u);
  json automatic = Stack().Http().Get("/api/whatsapp/messages?limit=10", staff_).Json();
  EXPECT_EQ(automatic["items"][0]["trigger"], "auto");

  Configure({{"remind_overdue", false}, {"reminder_days_before", 0}, {"send_receipt", false}});
}

TEST_F(WhatsappApiTest, SecretsNeverAppearInAnyGetOrLog) {
  for (const char* path : {"/api/whatsapp/status", "/api/whatsapp/messages?limit=500",
                           "/api/settings", "/api/audit?limit=500"}) {
    HttpResponse response = Stack().Http().Get(path, admin_);
    EXPECT_EQ(response.body.find(kToken), std::string::npos) << path;
  }
  for (const char* name : {"auth", "customer", "billing", "messaging", "gateway"}) {
    std::string log = LogTail(Stack().WorkDir() + "/" + std::string(name) + ".log", 1000000);
    EXPECT_EQ(log.find(kToken), std::string::npos) << name << ".log";
    EXPECT_EQ(log.find("RAHASIA"), std::string::npos) << name << ".log";
  }
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  billing::testing::UseFullStack(&argc, argv,
                                 {{"WHATSAPP_RETRY_BASE_MS", "700"},
                                  {"WHATSAPP_MAX_ATTEMPTS", "3"},
                                  {"REMINDER_CHECK_SECONDS", "1"}});
  return RUN_ALL_TESTS();
}
