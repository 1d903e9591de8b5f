// Network control through the gateway against the real suite: a fake MikroTik (a TCP server
// speaking the RouterOS API), a fake NAS (Disconnect-Request on UDP) and a real FreeRADIUS
// reading our PostgreSQL views.
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "api_test.h"
#include "radius/testing/fake_nas.h"
#include "radius/testing/freeradius_instance.h"
#include "routeros/api_connection.h"
#include "routeros/testing/fake_routeros.h"
#include "support/fake_whatsapp.h"
#include "support/process.h"

namespace billing::testing {
namespace {

using network::radius::testing::FakeNas;
using network::radius::testing::FreeRadiusDatabase;
using network::radius::testing::FreeRadiusInstance;
using network::routeros::Sentence;
using network::routeros::testing::FakeRouterOs;
using nlohmann::json;

constexpr const char* kApiUser = "billing-api";
constexpr const char* kApiPassword = "router-pass-8f3k";
constexpr const char* kNasSecret = "nas-secret-k29x";

struct Customer {
  int64_t id = 0;
  std::string username;
};

class NetworkApiTest : public ApiTest {
 protected:
  // Isolir / reconnect notices go out through a fake WhatsApp gateway.
  static void SetUpTestSuite() { whatsapp_ = std::make_unique<FakeWhatsapp>(); }

  void SetUp() override {
    ApiTest::SetUp();
    HttpResponse package = Stack().Http().PostJson("/api/packages",
                                                   {{"name", "Paket 10M"},
                                                    {"speed", "10 Mbps"},
                                                    {"price", 150000},
                                                    {"profile", "paket-10M"},
                                                    {"rate_limit", "10M/10M"}},
                                                   admin_);
    ASSERT_EQ(package.status, 201) << package.Describe();
    EXPECT_EQ(package.Json()["profile"], "paket-10M");
    EXPECT_EQ(package.Json()["rate_limit"], "10M/10M");
    package_id_ = package.Json()["id"];
    HttpResponse settings = Stack().Http().PostJson("/api/settings",
                                                    {{"whatsapp",
                                                      {{"provider", "gateway"},
                                                       {"base_url", whatsapp_->BaseUrl()},
                                                       {"token", "wa-token"},
                                                       {"remind_overdue", false},
                                                       {"send_receipt", false}}}},
                                                    admin_);
    ASSERT_EQ(settings.status, 200) << settings.Describe();
  }

  static void TearDownTestSuite() { whatsapp_.reset(); }

  static Customer NewCustomer(const std::string& name, const std::string& status = "active") {
    Customer customer{0, UniqueName("pppoe")};
    customer.id =
        Staff().CreateInternetCustomer(package_id_, {{"name", name},
                                                     {"pppoe_username", customer.username},
                                                     {"pppoe_password", "pw-" + customer.username},
                                                     {"status", status}});
    return customer;
  }

  int64_t AddRouter(json body) {
    body["name"] = UniqueName("router");
    HttpResponse response = Stack().Http().PostJson("/api/network/routers", body, admin_);
    EXPECT_EQ(response.status, 201) << response.Describe();
    if (response.status != 201) return 0;
    return response.Json()["id"].get<int64_t>();
  }

  int64_t AddRouterOs(const FakeRouterOs& router) {
    return AddRouter({{"kind", "routeros"},
                      {"host", router.host()},
                      {"port", router.port()},
                      {"username", kApiUser},
                      {"password", kApiPassword}});
  }

  int64_t AddNas(const FakeNas& nas) {
    return AddRouter(
        {{"kind", "radius"}, {"host", "127.0.0.1"}, {"port", nas.Port()}, {"secret", kNasSecret}});
  }

  static json Network(int64_t customer_id) {
    HttpResponse response =
        Stack().Http().Get("/api/customers/" + std::to_string(customer_id) + "/network", staff_);
    EXPECT_EQ(response.status, 200) << response.Describe();
    return response.Json();
  }

  static json LinkOf(const json& network, int64_t router_id) {
    for (const auto& link : network["links"]) {
      if (link["router_id"] == router_id) return link;
    }
    return json::object();
  }

  // Waits until the customer's state on the router is `state` (and, if given, applied as
  // `applied_status`).
  static bool WaitForLink(int64_t customer_id, int64_t router_id, const std::string& state,
                          const std::string& applied_status = "") {
    return WaitFor(
        [&] {
          json link = LinkOf(Network(customer_id), router_id);
          return link.value("state", "") == state &&
                 (applied_status.empty() || link.value("applied_status", "") == applied_status);
        },
        std::chrono::seconds(20), "link " + state + " " + applied_status);
  }

  // Waits until no customer is waiting for this router (everything earlier settled there).
  static bool WaitForRouterSettled(int64_t router_id) {
    return WaitFor(
        [&] {
          json status = Stack().Http().Get("/api/network/status", staff_).Json();
          for (const auto& router : status["routers"]) {
            if (router["id"] == router_id) return router["pending"] == 0 && router["failed"] == 0;
          }
          return false;
        },
        std::chrono::seconds(30), "router settled");
  }

  // What the router received about one customer (logins and other customers left out).
  static std::vector<Sentence> SentencesAbout(const FakeRouterOs& router,
                                              const std::string& username,
                                              const std::vector<std::string>& ids) {
    std::vector<Sentence> about;
    for (const auto& sentence : router.Received()) {
      bool relevant = false;
      for (const auto& word : sentence) {
        if (word == "?name=" + username || word == "=name=" + username) relevant = true;
        for (const auto& id : ids) {
          if (word == "=.id=" + id) relevant = true;
        }
      }
      if (relevant) about.push_back(sentence);
    }
    return about;
  }

  static HttpResponse Act(int64_t customer_id, const std::string& action, const json& body,
                          const std::string& token) {
    return Stack().Http().PostJson("/api/customers/" + std::to_string(customer_id) + "/" + action,
                                   body, token);
  }

  static std::string CustomerStatus(int64_t customer_id) {
    return Stack()
        .Http()
        .Get("/api/customers/" + std::to_string(customer_id), staff_)
        .Json()["status"];
  }

  static int64_t NewBill(int64_t customer_id, const std::string& due_date) {
    return Staff()
        .CreateBill(customer_id, due_date.substr(0, 7), {{"due_date", due_date}})
        .value("id", int64_t{0});
  }

  static bool WaitForMessage(int64_t customer_id, const std::string& kind) {
    return WaitFor(
        [&] {
          json items =
              Stack()
                  .Http()
                  .Get("/api/whatsapp/messages?customer_id=" + std::to_string(customer_id), staff_)
                  .Json()["items"];
          for (const auto& item : items) {
            if (item["kind"] == kind) return true;
          }
          return false;
        },
        std::chrono::seconds(20), "WhatsApp " + kind + " notice");
  }

  static inline int64_t package_id_ = 0;
  static inline std::unique_ptr<FakeWhatsapp> whatsapp_;
};

TEST_F(NetworkApiTest, RouterOsSyncIsolirAndReconnectSendExactlyTheExpectedSentences) {
  FakeRouterOs router({.username = kApiUser, .password = kApiPassword});
  int64_t router_id = AddRouterOs(router);
  ASSERT_TRUE(WaitForRouterSettled(router_id));
  router.ClearReceived();

  Customer budi = NewCustomer("Budi Jaringan");
  ASSERT_TRUE(WaitForLink(budi.id, router_id, "ok", "active"));
  auto secret = router.FindSecret(budi.username);
  ASSERT_TRUE(secret.has_value());
  std::string secret_id = secret->at(".id");
  EXPECT_EQ(SentencesAbout(router, budi.username, {secret_id}),
            (std::vector<Sentence>{
                {"/ppp/secret/print", "?name=" + budi.username},
                {"/ppp/secret/add", "=name=" + budi.username, "=password=pw-" + budi.username,
                 "=service=pppoe", "=profile=paket-10M", "=disabled=no",
                 "=comment=billing:" + std::to_string(budi.id)},
            }));
  EXPECT_EQ(router.Commands().front(), "/login");  // logged in with the stored credentials

  // Isolir: the profile switches and the running session is removed.
  std::string session = router.AddActive(budi.username);
  router.ClearReceived();
  HttpResponse isolated = Act(budi.id, "isolate", {{"reason", "Tunggakan dua bulan"}}, staff_);
  ASSERT_EQ(isolated.status, 200) << isolated.Describe();
  EXPECT_EQ(isolated.Json()["status"], "isolated");
  EXPECT_EQ(isolated.Json()["isolated_by"], "manual");
  EXPECT_EQ(isolated.Json()["reason"], "Tunggakan dua bulan");
  EXPECT_EQ(CustomerStatus(budi.id), "isolated");
  ASSERT_TRUE(WaitForLink(budi.id, router_id, "ok", "isolated"));
  EXPECT_EQ(SentencesAbout(router, budi.username, {secret_id, session}),
            (std::vector<Sentence>{
                {"/ppp/secret/print", "?name=" + budi.username},
                {"/ppp/secret/set", "=.id=" + secret_id, "=profile=isolir"},
                {"/ppp/active/print", "?name=" + budi.username},
                {"/ppp/active/remove", "=.id=" + session},
            }));
  EXPECT_EQ(router.FindSecret(budi.username)->at("profile"), "isolir");
  EXPECT_TRUE(router.Active().empty());

  // Reconnect: the package profile comes back and the isolir session is removed.
  session = router.AddActive(budi.username, "10.99.0.2");
  router.ClearReceived();
  HttpResponse reconnected = Act(budi.id, "reconnect", {{"reason", "Janji bayar Jumat"}}, staff_);
  ASSERT_EQ(reconnected.status, 200) << reconnected.Describe();
  EXPECT_EQ(reconnected.Json()["status"], "active");
  ASSERT_TRUE(WaitForLink(budi.id, router_id, "ok", "active"));
  EXPECT_EQ(SentencesAbout(router, budi.username, {secret_id, session}),
            (std::vector<Sentence>{
                {"/ppp/secret/print", "?name=" + budi.username},
                {"/ppp/secret/set", "=.id=" + secret_id, "=profile=paket-10M"},
                {"/ppp/active/print", "?name=" + budi.username},
                {"/ppp/active/remove", "=.id=" + session},
            }));
  EXPECT_EQ(CustomerStatus(budi.id), "active");

  // Both decisions are in the audit trail under the staff member, with the reason.
  EXPECT_EQ(Sql("SELECT string_agg(action || ':' || actor_username || ':' || (changes->>'reason'), "
                "',' ORDER BY id) FROM events.outbox WHERE entity = 'customer' AND entity_id = '" +
                std::to_string(budi.id) + "' AND action IN ('isolate', 'reconnect')"),
            "isolate:staff:Tunggakan dua bulan,reconnect:staff:Janji bayar Jumat");

  // Someone edits the secret on the router by hand: "Sinkronkan sekarang" puts it back.
  {
    auto human = network::routeros::ApiConnection::Connect({router.host(), router.port()});
    human->Login(kApiUser, kApiPassword);
    human->Run("/ppp/secret/set", {"=.id=" + secret_id, "=profile=default", "=disabled=yes"});
  }
  ASSERT_EQ(router.FindSecret(budi.username)->at("profile"), "default");
  HttpResponse sync = Stack().Http().Post("/api/network/sync", "", BearerHeaders(admin_));
  ASSERT_EQ(sync.status, 200) << sync.Describe();
  EXPECT_GE(sync.Json()["subscribers"].get<int64_t>(), 1);
  ASSERT_TRUE(WaitFor(
      [&] {
        auto repaired = router.FindSecret(budi.username);
        return repaired && repaired->at("profile") == "paket-10M" &&
               repaired->at("disabled") == "false";
      },
      std::chrono::seconds(20), "secret repaired by the sync"));

  // Turned into a gas customer: the secret goes, like for a deleted customer.
  Customer sold = NewCustomer("Pindah Ke Gas");
  ASSERT_TRUE(WaitFor([&] { return router.FindSecret(sold.username).has_value(); },
                      std::chrono::seconds(20), "secret added"));
  HttpResponse changed = Stack().Http().PutJson("/api/customers/" + std::to_string(sold.id),
                                                {{"type", "gas"}, {"gas_price", 22000}}, staff_);
  ASSERT_EQ(changed.status, 200) << changed.Describe();
  ASSERT_TRUE(WaitFor([&] { return !router.FindSecret(sold.username).has_value(); },
                      std::chrono::seconds(20), "secret of the former internet customer removed"));

  // Deleting the customer removes the secret from the router.
  router.ClearReceived();
  ASSERT_EQ(Stack().Http().Delete("/api/customers/" + std::to_string(budi.id), staff_).status, 200);
  ASSERT_TRUE(WaitFor([&] { return !router.FindSecret(budi.username).has_value(); },
                      std::chrono::seconds(20), "secret removed"));
}

TEST_F(NetworkApiTest, TrapAndDroppedConnectionAreRetriedUntilTheRouterAgrees) {
  FakeRouterOs router({.username = kApiUser, .password = kApiPassword});
  int64_t router_id = AddRouterOs(router);
  ASSERT_TRUE(WaitForRouterSettled(router_id));

  router.TrapNext("/ppp/secret/add", "failure: secret limit reached");
  Customer siti = NewCustomer("Siti Trap");
  ASSERT_TRUE(WaitFor(
      [&] {
        json link = LinkOf(Network(siti.id), router_id);
        return link.value("state", "") == "failed" &&
               link.value("last_error", "").find("secret limit reached") != std::string::npos &&
               link.value("attempts", 0) >= 1;
      },
      std::chrono::seconds(20), "the trap shown on the customer"));
  // Visible in the list of problems, then retried with back-off until applied.
  ASSERT_TRUE(WaitForLink(siti.id, router_id, "ok", "active"));
  EXPECT_EQ(router.FindSecret(siti.username)->at("profile"), "paket-10M");

  // The router drops the connection in the middle of the isolir: retried, never lost.
  router.DropOn("/ppp/secret/set");
  ASSERT_EQ(Act(siti.id, "isolate", {{"reason", "Uji putus"}}, staff_).status, 200);
  ASSERT_TRUE(WaitFor(
      [&] {
        json link = LinkOf(Network(siti.id), router_id);
        return link.value("state", "") == "failed" && !link.value("last_error", "").empty();
      },
      std::chrono::seconds(20), "the dropped connection shown on the customer"));
  ASSERT_TRUE(WaitForLink(siti.id, router_id, "ok", "isolated"));
  EXPECT_EQ(router.FindSecret(siti.username)->at("profile"), "isolir");
  json status = Stack().Http().Get("/api/network/status", staff_).Json();
  for (const auto& r : status["routers"]) {
    if (r["id"] != router_id) continue;
    EXPECT_TRUE(r["reachable"].get<bool>());
    EXPECT_FALSE(r["last_sync_at"].is_null());
    EXPECT_FALSE(r.contains("password"));
  }
}

TEST_F(NetworkApiTest, SilentRouterKeepsItsActionsAndSaysSoUntilItAnswers) {
  FakeRouterOs router({.username = kApiUser, .password = kApiPassword});
  router.SetAnswering(false);
  int64_t router_id = AddRouterOs(router);
  Customer eko = NewCustomer("Eko Sunyi");
  ASSERT_TRUE(WaitFor(
      [&] {
        json status = Stack().Http().Get("/api/network/status", staff_).Json();
        for (const auto& r : status["routers"]) {
          if (r["id"] == router_id) {
            return !r["reachable"].get<bool>() && !r["last_error"].get<std::string>().empty() &&
                   r["failed"].get<int64_t>() > 0 &&
                   LinkOf(Network(eko.id), router_id)["state"] == "failed";
          }
        }
        return false;
      },
      std::chrono::seconds(30), "router reported unreachable"));
  EXPECT_FALSE(LinkOf(Network(eko.id), router_id)["last_error"].get<std::string>().empty());
  json problems =
      Stack().Http().Get("/api/network/customers?state=problem&limit=500", staff_).Json();
  bool listed = false;
  for (const auto& item : problems["items"]) listed = listed || item["customer_id"] == eko.id;
  EXPECT_TRUE(listed) << problems.dump();

  router.SetAnswering(true);
  ASSERT_TRUE(WaitForLink(eko.id, router_id, "ok", "active"));
  EXPECT_TRUE(router.FindSecret(eko.username).has_value());
}

TEST_F(NetworkApiTest, OverdueCustomerIsIsolatedAutomaticallyAndReconnectedWhenPaid) {
  FakeRouterOs router({.username = kApiUser, .password = kApiPassword});
  FakeNas nas(kNasSecret);
  int64_t router_id = AddRouterOs(router);
  int64_t nas_id = AddNas(nas);
  ASSERT_EQ(
      Stack()
          .Http()
          .PutJson("/api/network/policy", {{"grace_days", 3}, {"notify_whatsapp", true}}, admin_)
          .status,
      200);

  Customer late = NewCustomer("Dewi Menunggak");
  Customer recent = NewCustomer("Rudi Baru Jatuh Tempo");
  ASSERT_TRUE(WaitForLink(late.id, router_id, "ok", "active"));
  ASSERT_TRUE(WaitForLink(late.id, nas_id, "ok", "active"));
  int64_t late_bill = NewBill(late.id, JakartaDate(-10));
  NewBill(recent.id, JakartaDate(-1));  // still inside the 3 grace days

  EXPECT_EQ(Stack().Http().Post("/api/network/isolir/run", "", BearerHeaders(staff_)).status, 403);
  HttpResponse run = Stack().Http().Post("/api/network/isolir/run", "", BearerHeaders(admin_));
  ASSERT_EQ(run.status, 200) << run.Describe();
  EXPECT_GE(run.Json()["checked"].get<int64_t>(), 1);
  EXPECT_GE(run.Json()["isolated"].get<int64_t>(), 1);
  EXPECT_EQ(CustomerStatus(late.id), "isolated");
  EXPECT_EQ(CustomerStatus(recent.id), "active");
  json view = Network(late.id);
  EXPECT_EQ(view["isolated_by"], "auto");
  EXPECT_NE(view["reason"].get<std::string>().find("3 hari"), std::string::npos);

  // The router, the NAS and the customer all hear about it.
  ASSERT_TRUE(WaitForLink(late.id, router_id, "ok", "isolated"));
  EXPECT_EQ(router.FindSecret(late.username)->at("profile"), "isolir");
  ASSERT_TRUE(WaitForLink(late.id, nas_id, "ok", "isolated"));
  auto disconnects_for = [&](const std::string& user) {
    size_t count = 0;
    for (const auto& request : nas.Requests()) {
      if (request.user_name == user && request.authenticator_valid) ++count;
    }
    return count;
  };
  EXPECT_EQ(disconnects_for(late.username), 1U);
  EXPECT_EQ(disconnects_for(recent.username), 0U);
  EXPECT_TRUE(WaitForMessage(late.id, "isolir"));

  // Paying the overdue bill reconnects at once, everywhere.
  ASSERT_FALSE(Staff().MarkPaid(late_bill).empty());
  ASSERT_TRUE(WaitFor([&] { return CustomerStatus(late.id) == "active"; }, std::chrono::seconds(20),
                      "reconnected after payment"));
  EXPECT_TRUE(WaitFor([&] { return Network(late.id)["isolated_by"] == ""; },
                      std::chrono::seconds(20), "no longer isolated by the policy"));
  ASSERT_TRUE(WaitForLink(late.id, router_id, "ok", "active"));
  EXPECT_EQ(router.FindSecret(late.username)->at("profile"), "paket-10M");
  ASSERT_TRUE(WaitForLink(late.id, nas_id, "ok", "active"));
  EXPECT_EQ(disconnects_for(late.username), 2U);
  EXPECT_TRUE(WaitForMessage(late.id, "reconnect"));

  // A second check changes nothing for a customer who paid.
  ASSERT_EQ(Stack().Http().Post("/api/network/isolir/run", "", BearerHeaders(admin_)).status, 200);
  EXPECT_EQ(CustomerStatus(late.id), "active");

  // On schedule: with auto isolir on, the worker runs the check by itself.
  Customer scheduled = NewCustomer("Sari Terjadwal");
  NewBill(scheduled.id, JakartaDate(-20));
  Sql("UPDATE network.policy SET last_check_at = NULL");
  ASSERT_EQ(Stack().Http().PutJson("/api/network/policy", {{"auto_isolir", true}}, admin_).status,
            200);
  ASSERT_TRUE(WaitFor([&] { return CustomerStatus(scheduled.id) == "isolated"; },
                      std::chrono::seconds(20), "scheduled isolir"));
  ASSERT_EQ(Stack().Http().PutJson("/api/network/policy", {{"auto_isolir", false}}, admin_).status,
            200);

  // Staff let them back in while still in arrears: the next checks leave them alone.
  EXPECT_TRUE(ExpectErrorShape(Act(scheduled.id, "reconnect", {{"reason", "  "}}, staff_), 400,
                               "invalid_argument"));
  EXPECT_TRUE(
      Network(scheduled.id)["exempt_until"].is_null());  // a refused reconnect grants nothing
  HttpResponse exempted = Act(scheduled.id, "reconnect", {{"reason", "Janji bayar"}}, staff_);
  ASSERT_EQ(exempted.status, 200) << exempted.Describe();
  EXPECT_EQ(exempted.Json()["exempt_until"], JakartaDate(3));
  ASSERT_EQ(Stack().Http().Post("/api/network/isolir/run", "", BearerHeaders(admin_)).status, 200);
  EXPECT_EQ(CustomerStatus(scheduled.id), "active");
}

TEST_F(NetworkApiTest, OnlyPayingEveryOverdueBillReconnectsAndOnlyWhomThePolicyIsolated) {
  ASSERT_EQ(Stack().Http().PutJson("/api/network/policy", {{"grace_days", 3}}, admin_).status, 200);
  Customer two_bills = NewCustomer("Tono Dua Tagihan");
  int64_t first = NewBill(two_bills.id, JakartaDate(-40));
  int64_t second = NewBill(two_bills.id, JakartaDate(-10));
  Customer by_hand = NewCustomer("Hana Diisolir Manual");
  int64_t owed = NewBill(by_hand.id, JakartaDate(-10));
  ASSERT_EQ(Act(by_hand.id, "isolate", {{"reason", "Penyalahgunaan jaringan"}}, staff_).status,
            200);
  ASSERT_EQ(Stack().Http().Post("/api/network/isolir/run", "", BearerHeaders(admin_)).status, 200);
  ASSERT_EQ(CustomerStatus(two_bills.id), "isolated");
  ASSERT_TRUE(WaitFor([&] { return Network(by_hand.id)["isolated_by"] == "manual"; },
                      std::chrono::seconds(20), "isolated by hand"));

  auto pay = [&](int64_t bill) { Staff().MarkPaid(bill); };
  // Waits until the network service has read the payment of `bill` from the outbox.
  auto handled = [&](int64_t bill) {
    return WaitFor(
        [&] {
          return Sql("SELECT coalesce((SELECT last_seq FROM network.cursor) >= (SELECT seq FROM "
                     "events.outbox WHERE action = 'mark_lunas' AND entity_id = '" +
                     std::to_string(bill) + "'), false)") == "t";
        },
        std::chrono::seconds(20), "payment read by the network service");
  };
  // Paying one of two overdue bills is not enough.
  pay(first);
  ASSERT_TRUE(handled(first));
  EXPECT_EQ(CustomerStatus(two_bills.id), "isolated");
  // Isolated by hand for another reason: paying does not reconnect them.
  pay(owed);
  ASSERT_TRUE(handled(owed));
  EXPECT_EQ(CustomerStatus(by_hand.id), "isolated");
  // The last overdue bill paid: back online.
  pay(second);
  ASSERT_TRUE(WaitFor([&] { return CustomerStatus(two_bills.id) == "active"; },
                      std::chrono::seconds(20), "reconnected after the last overdue bill"));
  EXPECT_EQ(Network(by_hand.id)["reason"], "Penyalahgunaan jaringan");
}

TEST_F(NetworkApiTest, FreeRadiusAuthorisesFromOurDataAndTheNasHearsEveryChange) {
  // FreeRADIUS reads the views as its own role, with the shipped grants.
  Sql("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'radius') THEN "
      "CREATE ROLE radius LOGIN PASSWORD 'radius-db-pass'; END IF; END $$;");
  std::string grants = ReadFile(std::string(BILLING_SOURCE_DIR) + "/deploy/freeradius/grants.sql");
  ASSERT_FALSE(grants.empty());
  Sql(grants);
  FreeRadiusDatabase database;
  database.port = Stack().Postgres().Port();
  database.name = "billing";
  database.user = "radius";
  database.password = "radius-db-pass";
  FreeRadiusInstance radius(database);
  FakeNas nas(kNasSecret);
  int64_t nas_id = AddNas(nas);

  Customer active = NewCustomer("Ani Aktif");
  Customer isolated = NewCustomer("Iwan Isolir");
  Customer inactive = NewCustomer("Nina Nonaktif", "inactive");
  ASSERT_TRUE(WaitForLink(isolated.id, nas_id, "ok", "active"));
  ASSERT_EQ(Act(isolated.id, "isolate", {{"reason", "Uji RADIUS"}}, staff_).status, 200);
  ASSERT_TRUE(WaitForLink(isolated.id, nas_id, "ok", "isolated"));
  ASSERT_TRUE(WaitForLink(active.id, nas_id, "ok", "active"));
  // The NAS counts as reachable once it answered a Disconnect-Request, not before.
  json status = Stack().Http().Get("/api/network/status", staff_).Json();
  for (const auto& r : status["routers"]) {
    if (r["id"] == nas_id) {
      EXPECT_TRUE(r["reachable"].get<bool>()) << r.dump();
    }
  }

  auto accepted = radius.Authorize(active.username, "pw-" + active.username);
  EXPECT_TRUE(accepted.Accepted()) << accepted.output << radius.LogTail();
  EXPECT_EQ(accepted.Find("Mikrotik-Rate-Limit").value_or(""), "10M/10M");

  auto isolir = radius.Authorize(isolated.username, "pw-" + isolated.username);
  EXPECT_TRUE(isolir.Accepted()) << isolir.output;
  EXPECT_EQ(isolir.Find("Framed-Pool").value_or(""), "isolir");
  EXPECT_EQ(isolir.Find("Mikrotik-Address-List").value_or(""), "isolir");
  EXPECT_FALSE(isolir.Find("Mikrotik-Rate-Limit").has_value());

  EXPECT_EQ(radius.Authorize(inactive.username, "pw-" + inactive.username).code, "Access-Reject");
  EXPECT_EQ(radius.Authorize(active.username, "wrong-password").code, "Access-Reject");

  // The isolir reached the NAS as a Disconnect-Request for that user only.
  size_t for_isolated = 0;
  for (const auto& request : nas.Requests()) {
    EXPECT_TRUE(request.authenticator_valid);
    EXPECT_NE(request.user_name, active.username);
    if (request.user_name == isolated.username) ++for_isolated;
  }
  EXPECT_EQ(for_isolated, 1U);

  // Reconnect: Accept with the package's rate limit again.
  ASSERT_EQ(Act(isolated.id, "reconnect", {{"reason", "Sudah bayar"}}, staff_).status, 200);
  ASSERT_TRUE(WaitForLink(isolated.id, nas_id, "ok", "active"));
  EXPECT_EQ(radius.Authorize(isolated.username, "pw-" + isolated.username)
                .Find("Mikrotik-Rate-Limit")
                .value_or(""),
            "10M/10M");
}

TEST_F(NetworkApiTest, BadInputsAreRefusedAndChangeNothing) {
  std::string routers_before = Sql("SELECT count(*) FROM network.routers");
  std::string policy_before = Sql("SELECT grace_days || ',' || check_minutes FROM network.policy");

  // Roles: staff sees the state but never the settings, and changes nothing.
  EXPECT_EQ(Stack().Http().Get("/api/network/status").status, 401);
  EXPECT_EQ(Stack().Http().Get("/api/network/status", staff_).status, 200);
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Get("/api/network/settings", staff_), 403,
                               "permission_denied"));
  EXPECT_TRUE(ExpectErrorShape(
      Stack().Http().PostJson(
          "/api/network/routers",
          {{"name", "x"}, {"kind", "radius"}, {"host", "10.0.0.1"}, {"secret", "s"}}, staff_),
      403, "permission_denied"));
  EXPECT_EQ(Stack().Http().PutJson("/api/network/policy", {{"grace_days", 1}}, staff_).status, 403);
  EXPECT_EQ(Stack().Http().Post("/api/network/sync", "", BearerHeaders(staff_)).status, 403);

  // Invalid routers and policies: 400 with the fields named.
  HttpResponse bad = Stack().Http().PostJson(
      "/api/network/routers",
      {{"name", ""}, {"kind", "cisco"}, {"host", "10.0.0.1;reboot"}, {"port", 70000}}, admin_);
  ASSERT_TRUE(ExpectErrorShape(bad, 400, "invalid_argument"));
  for (const char* field : {"name", "kind", "host", "port"}) {
    EXPECT_TRUE(bad.Json()["error"]["fields"].contains(field)) << field << bad.body;
  }
  EXPECT_TRUE(ExpectErrorShape(
      Stack().Http().PostJson("/api/network/routers", {{"name", "x"}, {"port", "delapan"}}, admin_),
      400, "invalid_argument"));
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Post("/api/network/routers", "{not json",
                                                   {{"Authorization", "Bearer " + admin_},
                                                    {"Content-Type", "application/json"}}),
                               400, "invalid_argument"));
  for (const json& policy :
       {json{{"grace_days", 61}}, json{{"grace_days", 99999999999LL}}, json{{"check_minutes", 1}},
        json{{"isolir_pool", ""}}, json{{"auto_isolir", "ya"}}}) {
    EXPECT_TRUE(ExpectErrorShape(Stack().Http().PutJson("/api/network/policy", policy, admin_), 400,
                                 "invalid_argument"))
        << policy.dump();
  }
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Delete("/api/network/routers/999999", admin_), 404,
                               "not_found"));
  for (const char* query : {"state=ok", "limit=0", "limit=100000", "offset=-1"}) {
    EXPECT_TRUE(
        ExpectErrorShape(Stack().Http().Get(std::string("/api/network/customers?") + query, staff_),
                         400, "invalid_argument"))
        << query;
  }
  EXPECT_EQ(Sql("SELECT count(*) FROM network.routers"), routers_before);
  EXPECT_EQ(Sql("SELECT grace_days || ',' || check_minutes FROM network.policy"), policy_before);

  // Isolate / reconnect: a reason is required, only internet customers, known ids.
  Customer budi = NewCustomer("Budi Salah Input");
  EXPECT_TRUE(
      ExpectErrorShape(Act(budi.id, "isolate", json::object(), staff_), 400, "invalid_argument"));
  EXPECT_TRUE(ExpectErrorShape(Act(budi.id, "isolate", {{"reason", "   "}}, staff_), 400,
                               "invalid_argument"));
  EXPECT_TRUE(ExpectErrorShape(Act(budi.id, "isolate", {{"reason", std::string(201, 'a')}}, staff_),
                               400, "invalid_argument"));
  EXPECT_EQ(CustomerStatus(budi.id), "active");
  EXPECT_TRUE(
      ExpectErrorShape(Act(99999999, "isolate", {{"reason", "x"}}, staff_), 404, "not_found"));
  EXPECT_TRUE(ExpectErrorShape(
      Stack().Http().PostJson("/api/customers/abc/isolate", {{"reason", "x"}}, staff_), 400,
      "invalid_argument"));
  HttpResponse gas = Stack().Http().PostJson(
      "/api/customers",
      {{"type", "gas"}, {"name", "Toko Gas"}, {"phone", "081298765432"}, {"gas_price", 22000}},
      staff_);
  ASSERT_EQ(gas.status, 201);
  int64_t gas_id = gas.Json()["id"];
  EXPECT_TRUE(ExpectErrorShape(Act(gas_id, "isolate", {{"reason", "x"}}, staff_), 409,
                               "failed_precondition"));
  EXPECT_TRUE(ExpectErrorShape(
      Stack().Http().Get("/api/customers/" + std::to_string(gas_id) + "/network", staff_), 404,
      "not_found"));
  EXPECT_TRUE(ExpectErrorShape(
      Stack().Http().PostJson("/api/packages",
                              {{"name", "Paket Aneh"}, {"price", 1000}, {"rate_limit", "cepat"}},
                              admin_),
      400, "invalid_argument"));
}

TEST_F(NetworkApiTest, RouterSecretsAreNeverShownLoggedOrAudited) {
  HttpResponse created = Stack().Http().PostJson("/api/network/routers",
                                                 {{"name", UniqueName("rahasia")},
                                                  {"kind", "routeros"},
                                                  {"host", "127.0.0.1"},
                                                  {"port", 1},
                                                  {"username", "api"},
                                                  {"password", "SuperSecretRouterPw1"},
                                                  {"enabled", false}},
                                                 admin_);
  ASSERT_EQ(created.status, 201) << created.Describe();
  int64_t id = created.Json()["id"];
  EXPECT_EQ(created.Json()["password"], "********");
  std::string path = "/api/network/routers/" + std::to_string(id);

  // Sending the mask back keeps the stored password (same host); a new one replaces it.
  HttpResponse kept =
      Stack().Http().PutJson(path, {{"password", "********"}, {"username", "api2"}}, admin_);
  ASSERT_EQ(kept.status, 200) << kept.Describe();
  EXPECT_EQ(Sql("SELECT password FROM network.routers WHERE id = " + std::to_string(id)),
            "SuperSecretRouterPw1");
  ASSERT_EQ(Stack().Http().PutJson(path, {{"password", "AnotherSecretPw2"}}, admin_).status, 200);

  HttpResponse settings = Stack().Http().Get("/api/network/settings", admin_);
  ASSERT_EQ(settings.status, 200);
  for (const char* secret : {"SuperSecretRouterPw1", "AnotherSecretPw2"}) {
    EXPECT_EQ(settings.body.find(secret), std::string::npos);
    EXPECT_EQ(Sql(std::string("SELECT count(*) FROM events.outbox WHERE changes::text LIKE '%") +
                  secret + "%'"),
              "0");
    for (const char* service : {"network", "gateway"}) {
      std::string log = LogTail(Stack().WorkDir() + "/" + service + ".log", 1000000);
      EXPECT_EQ(log.find(secret), std::string::npos) << service;
    }
  }
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  billing::testing::UseFullStack(&argc, argv,
                                 {{"NETWORK_POLL_MS", "100"},
                                  {"NETWORK_RETRY_BASE_MS", "200"},
                                  {"NETWORK_RETRY_MAX_MS", "1000"},
                                  {"NETWORK_PROBE_SECONDS", "1"},
                                  {"NETWORK_ROUTER_TIMEOUT_MS", "1000"}});
  return RUN_ALL_TESTS();
}
