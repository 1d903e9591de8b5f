// WhatsApp through the owner's own phone (provider "linked"): the real services against
// FakeWaLink, a real HTTP server speaking wa-link's contract (docs/wa-link.md). Paced sends with
// idempotency keys, wa-link down, the phone not linked, a number not on WhatsApp, the admin's
// link/unlink routes, and the watcher's audit trail of the phone's state.
#include <map>
#include <memory>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "api_test.h"
#include "support/fake_wa_link.h"

namespace billing::testing {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr const char* kSecret = "wa-link-RAHASIA-0123456789abcdef0123";
constexpr milliseconds kPace{1500};
constexpr const char* kLinkedNumber = "6281299990001";

FakeWaLink* fake = nullptr;  // made in main(), before the services get its address

int64_t WaitingMessages() {
  return std::stoll(
      Sql("SELECT count(*) FROM messaging.messages WHERE status IN ('queued', 'sending')"));
}

int64_t AttemptsMade() {
  return std::stoll(Sql("SELECT coalesce(sum(attempts), 0) FROM messaging.messages"));
}

int64_t LinkEvents(const std::string& action) {
  return std::stoll(
      Sql("SELECT count(*) FROM events.outbox WHERE entity = 'whatsapp_link' AND "
          "action = '" +
          action + "'"));
}

class LinkedDeviceTest : public ApiTest {
 protected:
  // Every test starts from the seeded database and a fresh sidecar: up, nothing linked.
  void SetUp() override {
    fake->Reset();
    ApiTest::SetUp();
    package_id_ = Admin().CreatePackage({{"name", "Paket 30 Mbps"}, {"speed", "30 Mbps"}});
    ASSERT_GT(package_id_, 0);
    HttpResponse settings = Stack().Http().PostJson("/api/settings",
                                                    {{"business", {{"name", "Sejahtera Net"}}},
                                                     {"whatsapp",
                                                      {{"provider", "linked"},
                                                       {"remind_overdue", false},
                                                       {"reminder_days_before", 0},
                                                       {"send_receipt", false}}}},
                                                    admin_);
    ASSERT_EQ(settings.status, 200) << settings.Describe();
  }

  void TearDown() override { fake->Up(); }

  struct Customer {
    int64_t id = 0;
    std::string name;
    std::string phone;  // normalised
  };

  // An internet customer with an unpaid bill.
  static Customer BilledCustomer(const std::string& name) {
    static int counter = 0;
    std::string digits = std::to_string(20000000 + ++counter * 7919);
    Customer c;
    c.name = name;
    c.phone = "62813" + digits;
    json created = Staff().CreateCustomer({{"type", "internet"},
                                           {"name", name},
                                           {"phone", "0813-" + digits},
                                           {"pppoe_username", UniqueName("linked")},
                                           {"pppoe_password", "sandi-" + digits},
                                           {"package_id", package_id_},
                                           {"due_day", 10}});
    c.id = created.value("id", int64_t{0});
    EXPECT_GT(c.id, 0);
    Staff().CreateBill(c.id, "2026-10");
    return c;
  }

  // Queues the customer's bill; the queued message's id.
  static int64_t SendBill(const Customer& c) {
    HttpResponse response =
        Stack().Http().PostJson("/api/whatsapp/send-billing", {{"customer_id", c.id}}, staff_);
    EXPECT_EQ(response.status, 202) << response.Describe();
    return response.status == 202 ? response.Json()["messages"][0].value("id", int64_t{0}) : 0;
  }

  static json Message(int64_t id) {
    json items = Stack().Http().Get("/api/whatsapp/messages?limit=100", admin_).Json()["items"];
    for (const auto& m : items) {
      if (m["id"] == id) return m;
    }
    return json::object();
  }

  static json Status() {
    HttpResponse response = Stack().Http().Get("/api/whatsapp/status", staff_);
    EXPECT_EQ(response.status, 200) << response.Describe();
    return response.Json();
  }

  static void ExpectPaced(const std::vector<FakeWaLink::SendAttempt>& sends) {
    for (size_t i = 1; i < sends.size(); ++i) {
      auto gap = std::chrono::duration_cast<milliseconds>(sends[i].at - sends[i - 1].at);
      EXPECT_GE(gap.count(), kPace.count()) << "between send " << i << " and " << i + 1;
    }
  }

  // Every message sent exactly once: one accepted send per key, and no send beyond them.
  static void ExpectEachSentOnce(const std::map<int64_t, Customer>& by_message) {
    auto sent = fake->Sent();
    EXPECT_EQ(sent.size(), by_message.size());
    std::set<std::string> keys;
    for (const auto& send : sent) keys.insert(send.key);
    EXPECT_EQ(keys.size(), sent.size()) << "a key was sent twice";
    for (const auto& [id, customer] : by_message) {
      std::string key = "msg-" + std::to_string(id);
      int matching = 0;
      for (const auto& send : sent) {
        if (send.key != key) continue;
        ++matching;
        EXPECT_EQ(send.to, customer.phone) << key;
        EXPECT_NE(send.text.find(customer.name), std::string::npos) << send.text;
      }
      EXPECT_EQ(matching, 1) << key << " (" << customer.name << ")";
      json m = Message(id);
      EXPECT_EQ(m.value("status", ""), "sent") << m.dump();
      EXPECT_EQ(m.value("attempts", 0), 1) << m.dump();
      EXPECT_EQ(m.value("provider_message_id", "").rfind("3EB0FAKE", 0), 0u) << m.dump();
    }
  }

  static inline int64_t package_id_ = 0;
};

// The fake itself keeps wa-link's contract (docs/wa-link.md), which the tests above rely on.
TEST_F(LinkedDeviceTest, TheFakeSpeaksWaLinksContract) {
  HttpClient wa_link(fake->BaseUrl(), seconds(5));
  HttpHeaders with_secret = BearerHeaders(kSecret);
  with_secret["Content-Type"] = "application/json";
  EXPECT_EQ(wa_link.Get("/health").status, 200);
  EXPECT_EQ(wa_link.Get("/status").status, 401);
  EXPECT_EQ(wa_link.Get("/status", "wrong-secret").status, 401);
  EXPECT_EQ(wa_link.Get("/status", kSecret).Json()["state"], "disconnected");
  EXPECT_EQ(wa_link.Get("/qr", kSecret).status, 404);

  json fields = {{"state", "connected"}, {"number", kLinkedNumber}, {"name", "Toko"}};
  EXPECT_EQ(wa_link.PostJson("/__fake/state", fields).status, 200);
  json status = wa_link.Get("/status", kSecret).Json();
  EXPECT_EQ(status["number"], kLinkedNumber);
  EXPECT_EQ(status["name"], "Toko");
  EXPECT_EQ(status["reason"], "");

  std::string message = R"({"to":"6281234567890","text":"Halo","key":"msg-7"})";
  json first = wa_link.Post("/send", message, with_secret).Json();
  EXPECT_EQ(first["duplicate"], false);
  json again = wa_link.Post("/send", message, with_secret).Json();
  EXPECT_EQ(again["duplicate"], true);
  EXPECT_EQ(again["id"], first["id"]);
  EXPECT_EQ(wa_link.Post("/send", R"({"to":"08x","text":"Halo"})", with_secret).status, 400);
  EXPECT_EQ(wa_link.Post("/send", message, {}).status, 401);
  json sent = wa_link.Get("/__fake/sent").Json();
  ASSERT_EQ(sent["messages"].size(), 1u);
  EXPECT_EQ(sent["messages"][0],
            (json{{"to", "6281234567890"}, {"text", "Halo"}, {"key", "msg-7"}}));
  EXPECT_EQ(sent["link_calls"], 0);

  fake->Down();
  EXPECT_THROW(wa_link.Get("/health"), HttpTransportError);
  fake->Up();
  EXPECT_EQ(wa_link.Get("/health").status, 200);
}

TEST_F(LinkedDeviceTest, ABroadcastGoesOutOneAtATimeAtThePaceWithEachMessagesKey) {
  fake->Connect(kLinkedNumber, "Sejahtera Net");
  std::vector<Customer> customers;
  for (const char* name : {"Agus Salim", "Bunga Citra", "Cahya Putra", "Dina Mariana"}) {
    customers.push_back(BilledCustomer(name));
  }
  HttpResponse started = Stack().Http().PostJson("/api/whatsapp/broadcast", json::object(), staff_);
  ASSERT_EQ(started.status, 202) << started.Describe();
  ASSERT_EQ(started.Json()["queued"], 4);
  int64_t broadcast = started.Json()["broadcast_id"];

  ASSERT_TRUE(WaitFor([] { return WaitingMessages() == 0; }, seconds(40), "broadcast sent"));
  json listed =
      Stack()
          .Http()
          .Get("/api/whatsapp/messages?limit=10&broadcast_id=" + std::to_string(broadcast), staff_)
          .Json();
  std::map<int64_t, Customer> by_message;
  for (const auto& m : listed["items"]) {
    for (const auto& c : customers) {
      if (m["customer_id"] == c.id) by_message[m["id"].get<int64_t>()] = c;
    }
  }
  ASSERT_EQ(by_message.size(), 4u) << listed.dump();
  ExpectEachSentOnce(by_message);
  ExpectPaced(fake->Attempts());
  EXPECT_EQ(fake->Unauthorized(), 0);
  for (const auto& request : fake->Requests()) {
    if (request.path == "/send") {
      EXPECT_EQ(request.headers.at("authorization"), std::string("Bearer ") + kSecret);
    }
  }
  json status = Status();
  EXPECT_EQ(status["connected"], true) << status.dump();
  EXPECT_EQ(status["linked"]["state"], "connected");
  EXPECT_EQ(status["linked"]["number"], kLinkedNumber);
  EXPECT_EQ(status["linked"]["name"], "Sejahtera Net");
  EXPECT_EQ(status["linked"].contains("qr"), false);
}

TEST_F(LinkedDeviceTest, WhileWaLinkIsDownMessagesWaitAndThenGoExactlyOnce) {
  fake->Connect(kLinkedNumber);
  ASSERT_TRUE(WaitFor([] { return LinkEvents("state") == 1; }, seconds(15), "connect seen"));
  fake->Down();
  std::map<int64_t, Customer> by_message;
  for (const char* name : {"Eka Wijaya", "Fajar Nugroho", "Gita Savitri"}) {
    Customer c = BilledCustomer(name);
    by_message[SendBill(c)] = c;
  }
  json status = Status();
  EXPECT_EQ(status["connected"], false);
  EXPECT_EQ(status["linked"]["reachable"], false);
  EXPECT_NE(status["detail"].get<std::string>().find("wa-link"), std::string::npos)
      << status.dump();
  // A deliberate pause: several sender steps in which a (wrong) attempt would have been counted.
  std::this_thread::sleep_for(seconds(4));
  EXPECT_EQ(WaitingMessages(), 3);
  EXPECT_EQ(AttemptsMade(), 0);
  EXPECT_EQ(LinkEvents("state"), 1) << "only the connect, not the outage";

  fake->Up();
  ASSERT_TRUE(WaitFor([] { return WaitingMessages() == 0; }, seconds(40), "queue drained"));
  ExpectEachSentOnce(by_message);
  EXPECT_EQ(fake->Attempts().size(), 3u) << "no failed or repeated send";
  ExpectPaced(fake->Attempts());
}

TEST_F(LinkedDeviceTest, WhileThePhoneIsNotLinkedMessagesWaitAndTheStatusSaysWhy) {
  std::map<int64_t, Customer> by_message;
  for (const char* name : {"Hadi Kusuma", "Intan Permata"}) {
    Customer c = BilledCustomer(name);
    by_message[SendBill(c)] = c;
  }
  json never = Status();
  EXPECT_EQ(never["provider"], "linked");
  EXPECT_EQ(never["connected"], false);
  EXPECT_EQ(never["linked"]["reachable"], true);
  EXPECT_EQ(never["linked"]["state"], "disconnected");
  std::string detail = never["linked"]["detail"];
  EXPECT_NE(detail.find("Belum ada WhatsApp yang ditautkan"), std::string::npos) << detail;
  EXPECT_NE(detail.find("pesan menunggu"), std::string::npos) << detail;
  EXPECT_EQ(never["detail"], never["linked"]["detail"]);

  fake->SetState("waiting_for_scan");
  json scanning = Status();
  EXPECT_EQ(scanning["linked"]["state"], "waiting_for_scan");
  EXPECT_NE(scanning["linked"]["detail"].get<std::string>().find("pindai kode QR"),
            std::string::npos)
      << scanning.dump();
  EXPECT_EQ(scanning["linked"].contains("qr"), false) << "the QR code is for admins only";

  fake->SetState("disconnected");
  fake->SetReason("reconnecting");
  EXPECT_NE(Status()["linked"]["detail"].get<std::string>().find("menyambung ulang"),
            std::string::npos);
  // A deliberate pause: several sender steps in which a (wrong) send would have been tried.
  std::this_thread::sleep_for(seconds(3));
  EXPECT_EQ(WaitingMessages(), 2);
  EXPECT_EQ(AttemptsMade(), 0);
  EXPECT_TRUE(fake->Attempts().empty()) << "nothing is sent to a phone that is not connected";

  fake->Connect(kLinkedNumber);
  ASSERT_TRUE(WaitFor([] { return WaitingMessages() == 0; }, seconds(30), "queue drained"));
  ExpectEachSentOnce(by_message);
  json connected = Status();
  EXPECT_EQ(connected["connected"], true);
  EXPECT_EQ(connected["detail"], "");
  EXPECT_EQ(connected["linked"]["detail"], std::string("Terhubung sebagai ") + kLinkedNumber);
}

TEST_F(LinkedDeviceTest, ANumberNotOnWhatsappFailsWithTheReasonAndTheRestGoOn) {
  fake->Connect(kLinkedNumber);
  Customer first = BilledCustomer("Joko Susilo");
  Customer unknown = BilledCustomer("Kurnia Tanpa WA");
  Customer last = BilledCustomer("Lestari Ayu");
  fake->AddNotOnWhatsapp(unknown.phone);
  int64_t first_id = SendBill(first);
  int64_t unknown_id = SendBill(unknown);
  int64_t last_id = SendBill(last);
  ASSERT_TRUE(WaitFor([] { return WaitingMessages() == 0; }, seconds(30), "queue drained"));

  json failed = Message(unknown_id);
  EXPECT_EQ(failed["status"], "failed");
  EXPECT_EQ(failed["attempts"], 1);
  EXPECT_EQ(failed["last_error"], "Nomor tidak terdaftar di WhatsApp");
  EXPECT_EQ(Message(first_id)["status"], "sent");
  EXPECT_EQ(Message(last_id)["status"], "sent");
  // A deliberate pause: time for a (wrong) retry of the refused number.
  std::this_thread::sleep_for(seconds(3));
  int to_unknown = 0;
  for (const auto& attempt : fake->Attempts()) to_unknown += attempt.to == unknown.phone;
  EXPECT_EQ(to_unknown, 1);
  EXPECT_EQ(fake->Sent().size(), 2u);
}

TEST_F(LinkedDeviceTest, ARateLimitOrASocketErrorIsRetriedWithTheSameKey) {
  fake->Connect(kLinkedNumber);
  Customer c = BilledCustomer("Made Wirawan");
  fake->FailNextSends(1, 429);
  int64_t id = SendBill(c);
  ASSERT_TRUE(
      WaitFor([&] { return Message(id).value("status", "") == "sent"; }, seconds(30), "sent"));
  EXPECT_EQ(Message(id)["attempts"], 2);
  auto attempts = fake->Attempts();
  ASSERT_EQ(attempts.size(), 2u);
  EXPECT_EQ(attempts[0].status, 429);
  EXPECT_EQ(attempts[1].status, 200);
  EXPECT_EQ(attempts[0].key, "msg-" + std::to_string(id));
  EXPECT_EQ(attempts[1].key, attempts[0].key);

  fake->FailNextSends(1, 502);
  Customer other = BilledCustomer("Nyoman Sari");
  int64_t other_id = SendBill(other);
  ASSERT_TRUE(WaitFor([&] { return Message(other_id).value("status", "") == "sent"; }, seconds(30),
                      "sent after 502"));
  EXPECT_EQ(Message(other_id)["attempts"], 2);
  EXPECT_EQ(fake->Sent().size(), 2u);
}

TEST_F(LinkedDeviceTest, AnAdminLinksSeesTheQrCodeAndUnlinksWithAnAuditRow) {
  HttpResponse before = Stack().Http().Get("/api/whatsapp/link", admin_);
  ASSERT_EQ(before.status, 200) << before.Describe();
  EXPECT_EQ(before.Json()["reachable"], true);
  EXPECT_EQ(before.Json()["state"], "disconnected");
  EXPECT_EQ(before.Json()["qr"], "");

  fake->SetQr("2@PertamaQrCode,abc");
  HttpResponse linking = Stack().Http().Post("/api/whatsapp/link", "", BearerHeaders(admin_));
  ASSERT_EQ(linking.status, 200) << linking.Describe();
  EXPECT_EQ(linking.Json()["state"], "waiting_for_scan");
  EXPECT_EQ(linking.Json()["qr"], "2@PertamaQrCode,abc");
  EXPECT_EQ(fake->LinkCalls(), 1);

  fake->SetQr("2@KeduaQrCode,def");  // WhatsApp sends a new code about every 20 s
  json waiting = Stack().Http().Get("/api/whatsapp/link", admin_).Json();
  EXPECT_EQ(waiting["state"], "waiting_for_scan");
  EXPECT_EQ(waiting["qr"], "2@KeduaQrCode,def");
  EXPECT_NE(waiting["detail"].get<std::string>().find("Tautkan perangkat"), std::string::npos);

  fake->Connect(kLinkedNumber, "Sejahtera Net");
  json connected = Stack().Http().Get("/api/whatsapp/link", admin_).Json();
  EXPECT_EQ(connected["state"], "connected");
  EXPECT_EQ(connected["number"], kLinkedNumber);
  EXPECT_EQ(connected["qr"], "");
  EXPECT_FALSE(connected["since"].get<std::string>().empty());

  HttpResponse unlinked = Stack().Http().Delete("/api/whatsapp/link", admin_);
  ASSERT_EQ(unlinked.status, 200) << unlinked.Describe();
  EXPECT_EQ(unlinked.Json()["state"], "disconnected");
  EXPECT_EQ(unlinked.Json()["reason"], "unlinked");
  EXPECT_EQ(fake->UnlinkCalls(), 1);
  EXPECT_EQ(Sql("SELECT actor_username || '|' || summary || '|' || (changes->>'number') FROM "
                "events.outbox WHERE entity = 'whatsapp_link' AND action = 'unlink'"),
            std::string("admin|Memutuskan WhatsApp tertaut ") + kLinkedNumber + " (sesi dihapus)|" +
                kLinkedNumber);
  EXPECT_EQ(Sql("SELECT state || '|' || reason FROM messaging.linked_device"),
            "disconnected|unlinked");

  HttpResponse audit = Stack().Http().Get("/api/audit?limit=50", admin_);
  ASSERT_EQ(audit.status, 200) << audit.Describe();
  EXPECT_NE(audit.body.find("Memutuskan WhatsApp tertaut"), std::string::npos);
  for (const char* path : {"/api/whatsapp/status", "/api/whatsapp/link", "/api/audit?limit=100"}) {
    EXPECT_EQ(Stack().Http().Get(path, admin_).body.find(kSecret), std::string::npos) << path;
  }
}

TEST_F(LinkedDeviceTest, StaffCannotSeeTheQrCodeLinkOrUnlink) {
  fake->SetQr("2@RahasiaQrCode,xyz");
  fake->SetState("waiting_for_scan");
  // Staff see the state on the WhatsApp page, never the QR code (scanning it would link the
  // scanner's phone as the suite's WhatsApp).
  HttpResponse status = Stack().Http().Get("/api/whatsapp/status", staff_);
  ASSERT_EQ(status.status, 200) << status.Describe();
  EXPECT_EQ(status.Json()["linked"]["state"], "waiting_for_scan");
  EXPECT_EQ(status.body.find("RahasiaQrCode"), std::string::npos) << status.body;
  EXPECT_TRUE(
      ExpectErrorShape(Stack().Http().Get("/api/whatsapp/link", staff_), 403, "permission_denied"));
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Post("/api/whatsapp/link", "", BearerHeaders(staff_)),
                               403, "permission_denied"));
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Delete("/api/whatsapp/link", staff_), 403,
                               "permission_denied"));
  EXPECT_EQ(fake->LinkCalls(), 0);
  EXPECT_EQ(fake->UnlinkCalls(), 0);
  EXPECT_EQ(LinkEvents("unlink"), 0);
}

TEST_F(LinkedDeviceTest, WhenWaLinkIsDownTheLinkPanelSaysSoAndChangesAreRefused) {
  fake->Down();
  HttpResponse panel = Stack().Http().Get("/api/whatsapp/link", admin_);
  ASSERT_EQ(panel.status, 200) << panel.Describe();
  EXPECT_EQ(panel.Json()["reachable"], false);
  EXPECT_NE(panel.Json()["detail"].get<std::string>().find("tidak dapat dihubungi"),
            std::string::npos);
  EXPECT_EQ(panel.Json()["qr"], "");
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Post("/api/whatsapp/link", "", BearerHeaders(admin_)),
                               503, "unavailable"));
  EXPECT_TRUE(
      ExpectErrorShape(Stack().Http().Delete("/api/whatsapp/link", admin_), 503, "unavailable"));
  EXPECT_EQ(LinkEvents("unlink"), 0);
}

TEST_F(LinkedDeviceTest, TheWatcherRecordsEachStateChangeOnce) {
  ASSERT_EQ(LinkEvents("state"), 0);
  fake->Connect(kLinkedNumber);
  ASSERT_TRUE(WaitFor([] { return LinkEvents("state") == 1; }, seconds(15), "connect recorded"));
  EXPECT_EQ(Sql("SELECT actor_username || '|' || summary FROM events.outbox WHERE entity = "
                "'whatsapp_link' AND action = 'state'"),
            std::string("sistem|WhatsApp tertaut: terhubung sebagai ") + kLinkedNumber);
  EXPECT_EQ(Sql("SELECT changes->'state'->>'from' || '>' || (changes->'state'->>'to') FROM "
                "events.outbox WHERE entity = 'whatsapp_link' AND action = 'state'"),
            "disconnected>connected");
  // A deliberate pause: several watcher looks (every 2 s) at the same state.
  std::this_thread::sleep_for(seconds(5));
  EXPECT_EQ(LinkEvents("state"), 1);

  // wa-link going away is not a change of the phone's state.
  fake->Down();
  std::this_thread::sleep_for(seconds(5));  // deliberate: looks that find wa-link down
  EXPECT_EQ(LinkEvents("state"), 1);
  fake->Up();

  fake->SetState("disconnected");
  fake->SetNumber("");
  fake->SetReason("logged_out");
  ASSERT_TRUE(WaitFor([] { return LinkEvents("state") == 2; }, seconds(15), "logout recorded"));
  EXPECT_EQ(Sql("SELECT summary FROM events.outbox WHERE entity = 'whatsapp_link' AND action = "
                "'state' ORDER BY id DESC LIMIT 1"),
            "WhatsApp mengeluarkan perangkat (logged out)");
  EXPECT_EQ(Sql("SELECT state || '|' || reason FROM messaging.linked_device"),
            "disconnected|logged_out");
  EXPECT_EQ(Sql("SELECT count(*) FROM events.outbox WHERE entity = 'whatsapp_link' AND "
                "changes::text LIKE '%qr%'"),
            "0");
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  billing::testing::FakeWaLink wa_link(billing::testing::kSecret);
  billing::testing::fake = &wa_link;
  billing::testing::UseFullStack(&argc, argv,
                                 {{"WA_LINK_URL", wa_link.BaseUrl()},
                                  {"WA_LINK_SECRET", billing::testing::kSecret},
                                  {"WHATSAPP_RETRY_BASE_MS", "700"},
                                  {"WHATSAPP_MAX_ATTEMPTS", "3"}});
  return RUN_ALL_TESTS();
}
