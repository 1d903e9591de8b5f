// Secrets and repeated creates, attacked through the public API (issue 12, items 9 and 10):
// a router moved to another host must not take its stored password along; staff lists must not
// carry PPPoE passwords (shown on demand, audited); a create repeated with one Idempotency-Key
// (one after the other or in parallel) must create once and answer the same.
#include <arpa/inet.h>
#include <fcntl.h>
#include <future>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

#include <gtest/gtest.h>

#include "api_test.h"
#include "support/wait_for.h"

namespace billing::testing {
namespace {

using nlohmann::json;
using std::chrono::seconds;

constexpr const char* kOldRouterPassword = "OldRouterPw-7781";
constexpr const char* kNewRouterPassword = "NewRouterPw-3310";
constexpr const char* kPppoePassword = "PppoeRahasia-5521";

// A TCP listener on 127.0.0.1 standing in for a router at a new address: it records every byte
// any client sends to it (the RouterOS API login carries "=password=..." in clear).
class FakeRouterListener final {
 public:
  FakeRouterListener() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    socklen_t size = sizeof(address);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size);
    port_ = ntohs(address.sin_port);
    listen(fd_, 16);
    fcntl(fd_, F_SETFL, O_NONBLOCK);
  }
  ~FakeRouterListener() {
    for (int client : clients_) close(client);
    close(fd_);
  }
  int Port() const { return port_; }

  // Accepts waiting connections and reads what they sent so far; returns everything received.
  const std::string& Poll() {
    for (int client; (client = accept(fd_, nullptr, nullptr)) >= 0;) {
      fcntl(client, F_SETFL, O_NONBLOCK);
      clients_.push_back(client);
    }
    char buffer[4096];
    for (int client : clients_) {
      for (ssize_t n; (n = read(client, buffer, sizeof(buffer))) > 0;) received_.append(buffer, n);
    }
    return received_;
  }
  size_t Connections() {
    Poll();
    return clients_.size();
  }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::vector<int> clients_;
  std::string received_;
};

class SecretsTest : public ApiTest {
 protected:
  int64_t Created(const HttpResponse& response) {
    EXPECT_EQ(response.status, 201) << response.Describe();
    return response.status == 201 ? response.Json()["id"].get<int64_t>() : 0;
  }

  int64_t InternetCustomer(const std::string& password = kPppoePassword) {
    int64_t package = Staff().CreatePackage({{"speed", "10M"}});
    return Staff().CreateInternetCustomer(package,
                                          {{"name", UniqueName("Budi ")},
                                           {"phone", "081234567890"},
                                           {"pppoe_username", UniqueName("budi").substr(0, 40)},
                                           {"pppoe_password", password}});
  }

  int64_t GasCustomer() {
    return Staff().CreateGasCustomer({{"name", UniqueName("Warung ")}, {"phone", "081298765432"}});
  }

  HttpResponse PostWithKey(const std::string& path, const json& body, const std::string& key,
                           const std::string& token) {
    return Stack().Http().Post(path, body.dump(),
                               {{"Authorization", "Bearer " + token},
                                {"Content-Type", "application/json"},
                                {"Idempotency-Key", key}});
  }
};

// --- Item 10: a router's stored password never follows it to a new destination --------------

TEST_F(SecretsTest, MovingARouterWithTheMaskedPasswordIsRefusedAndChangesNothing) {
  FakeRouterListener attacker;
  int64_t id = Created(Stack().Http().PostJson("/api/network/routers",
                                               {{"name", UniqueName("Router ")},
                                                {"kind", "routeros"},
                                                {"host", "127.0.0.1"},
                                                {"port", 1},
                                                {"username", "billing"},
                                                {"password", kOldRouterPassword}},
                                               admin_));
  ASSERT_GT(id, 0);
  std::string path = "/api/network/routers/" + std::to_string(id);
  std::string stored =
      "SELECT concat_ws('|', host, port, tls, kind, password, secret) FROM network.routers "
      "WHERE id = " +
      std::to_string(id);
  std::string before = Sql(stored);
  ASSERT_EQ(before, std::string("127.0.0.1|1|f|routeros|") + kOldRouterPassword + "|");

  // The attacker (or a careless edit) points the router elsewhere and keeps "********".
  for (const json& change :
       {json{{"host", "localhost"}, {"port", attacker.Port()}}, json{{"port", attacker.Port()}},
        json{{"tls", true}}, json{{"kind", "radius"}, {"secret", "********"}}}) {
    json body = change;
    body["password"] = "********";
    HttpResponse refused = Stack().Http().PutJson(path, body, admin_);
    ASSERT_TRUE(ExpectErrorShape(refused, 400, "invalid_argument")) << body.dump();
    json fields = refused.Json()["error"]["fields"];
    std::string field = change.contains("kind") ? "secret" : "password";
    ASSERT_TRUE(fields.contains(field)) << refused.body;
    EXPECT_NE(fields[field].get<std::string>().find("Isi ulang"), std::string::npos);
    EXPECT_EQ(Sql(stored), before) << body.dump();
  }
  // Leaving the password out entirely is no way around it either.
  EXPECT_TRUE(ExpectErrorShape(
      Stack().Http().PutJson(path, {{"host", "localhost"}, {"port", attacker.Port()}}, admin_), 400,
      "invalid_argument"));
  EXPECT_EQ(Sql(stored), before);

  // With the password typed again the move is accepted, and the new address gets only that one:
  // the probe logs in there (so a connection proves where the credentials go).
  HttpResponse moved = Stack().Http().PutJson(
      path, {{"port", attacker.Port()}, {"password", kNewRouterPassword}}, admin_);
  ASSERT_EQ(moved.status, 200) << moved.Describe();
  EXPECT_EQ(Sql("SELECT password FROM network.routers WHERE id = " + std::to_string(id)),
            kNewRouterPassword);
  ASSERT_TRUE(WaitFor([&] { return attacker.Poll().find(kNewRouterPassword) != std::string::npos; },
                      seconds(30), "the probe's login at the new address"));
  EXPECT_EQ(attacker.Poll().find(kOldRouterPassword), std::string::npos);
  Stack().Http().Delete(path, admin_);
}

// --- Item 10: PPPoE passwords are not in staff lists; shown on demand, audited ---------------

TEST_F(SecretsTest, CustomerListsAndDetailsCarryNoPppoePassword) {
  int64_t id = InternetCustomer();
  ASSERT_GT(id, 0);
  std::string path = "/api/customers/" + std::to_string(id);
  for (const std::string& url :
       {path, std::string("/api/customers?limit=500"), std::string("/api/customers?type=internet"),
        std::string("/api/customers?q=Budi"), path + "/network"}) {
    HttpResponse response = Stack().Http().Get(url, staff_);
    ASSERT_EQ(response.status, 200) << url << " " << response.Describe();
    EXPECT_EQ(response.body.find(kPppoePassword), std::string::npos) << url;
    EXPECT_EQ(response.body.find("pppoe_password"), std::string::npos) << url;
  }
  // Nor do the answers to a create or an edit, nor any live event (outbox) payload.
  HttpResponse edited = Stack().Http().PutJson(path, {{"notes", "pindah rumah"}}, staff_);
  ASSERT_EQ(edited.status, 200) << edited.Describe();
  EXPECT_EQ(edited.body.find(kPppoePassword), std::string::npos);
  EXPECT_EQ(Sql(std::string("SELECT count(*) FROM events.outbox WHERE changes::text LIKE '%") +
                kPppoePassword + "%' OR summary LIKE '%" + kPppoePassword + "%'"),
            "0");
  // Editing without the password keeps it (the routers keep getting it).
  EXPECT_EQ(Sql("SELECT pppoe_password FROM customer.customers WHERE id = " + std::to_string(id)),
            kPppoePassword);
}

TEST_F(SecretsTest, RevealingAPppoePasswordIsAuditedWithoutThePassword) {
  int64_t id = InternetCustomer();
  ASSERT_GT(id, 0);
  std::string path = "/api/customers/" + std::to_string(id) + "/pppoe-password";
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Get(path), 401, "unauthenticated"));
  std::string audited =
      "SELECT count(*) FROM events.outbox WHERE action = 'show_password' AND "
      "entity = 'customer' AND entity_id = '" +
      std::to_string(id) + "' AND actor_username = 'staff'";
  EXPECT_EQ(Sql(audited), "0");

  HttpResponse shown = Stack().Http().Get(path, staff_);
  ASSERT_EQ(shown.status, 200) << shown.Describe();
  EXPECT_EQ(shown.Json()["pppoe_password"], kPppoePassword);
  EXPECT_EQ(shown.Json()["customer_id"], id);
  EXPECT_EQ(shown.headers["cache-control"], "no-store");
  EXPECT_EQ(Sql(audited), "1");
  EXPECT_EQ(Sql(std::string("SELECT count(*) FROM events.outbox WHERE changes::text LIKE '%") +
                kPppoePassword + "%' OR summary LIKE '%" + kPppoePassword + "%'"),
            "0");
  HttpResponse trail = Stack().Http().Get("/api/audit?action=show_password", admin_);
  ASSERT_EQ(trail.status, 200) << trail.Describe();
  EXPECT_NE(trail.body.find("Melihat password PPPoE"), std::string::npos) << trail.body;
  EXPECT_EQ(trail.body.find(kPppoePassword), std::string::npos);

  // A gas customer has none; an unknown customer is 404.
  int64_t gas = GasCustomer();
  EXPECT_TRUE(ExpectErrorShape(
      Stack().Http().Get("/api/customers/" + std::to_string(gas) + "/pppoe-password", staff_), 409,
      "failed_precondition"));
  EXPECT_TRUE(ExpectErrorShape(
      Stack().Http().Get("/api/customers/999999999/pppoe-password", staff_), 404, "not_found"));
}

// --- Item 9: a repeated create with one Idempotency-Key creates once --------------------------

TEST_F(SecretsTest, AGasSalePostedTwiceWithOneKeyCreatesOneTransaction) {
  int64_t gas = GasCustomer();
  ASSERT_GT(gas, 0);
  json sale = {{"customer_id", gas},
               {"items", {{{"name", "LPG 3 kg"}, {"qty", 2}, {"unit_price", 22000}}}}};
  std::string count =
      "SELECT count(*) FROM billing.transactions WHERE customer_id = " + std::to_string(gas);
  std::string key = UniqueName("kunci-");
  HttpResponse first = PostWithKey("/api/transactions", sale, key, staff_);
  HttpResponse second = PostWithKey("/api/transactions", sale, key, staff_);
  ASSERT_EQ(first.status, 201) << first.Describe();
  EXPECT_EQ(second.status, 201) << second.Describe();
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(second.headers["idempotent-replayed"], "true");
  EXPECT_EQ(Sql(count), "1");

  // The same key with another body is refused (409), creating nothing.
  json other = sale;
  other["items"][0]["qty"] = 3;
  HttpResponse reused = PostWithKey("/api/transactions", other, key, staff_);
  EXPECT_TRUE(ExpectErrorShape(reused, 409, "failed_precondition"));
  EXPECT_EQ(Sql(count), "1");
  // Keys belong to their user: the admin's identical key is a request of its own.
  EXPECT_EQ(PostWithKey("/api/transactions", sale, key, admin_).status, 201);
  EXPECT_EQ(Sql(count), "2");
  // A malformed key is refused before anything runs.
  for (const std::string& bad : {std::string(129, 'k'), std::string("dua kata")}) {
    EXPECT_TRUE(ExpectErrorShape(PostWithKey("/api/transactions", sale, bad, staff_), 400,
                                 "invalid_argument"));
  }
  EXPECT_EQ(Sql(count), "2");
}

TEST_F(SecretsTest, ParallelGasSalesWithOneKeyCreateOneTransaction) {
  int64_t gas = GasCustomer();
  ASSERT_GT(gas, 0);
  json sale = {{"customer_id", gas},
               {"items", {{{"name", "LPG 12 kg"}, {"qty", 1}, {"unit_price", 210000}}}}};
  std::string key = UniqueName("paralel-");
  std::vector<std::future<HttpResponse>> answers;
  for (int i = 0; i < 12; ++i) {
    answers.push_back(std::async(
        std::launch::async, [&] { return PostWithKey("/api/transactions", sale, key, staff_); }));
  }
  std::string created_body;
  for (auto& future : answers) {
    HttpResponse answer = future.get();
    // Either the one answer (first or replayed) or "still running" (409); never a second sale.
    if (answer.status == 201) {
      if (created_body.empty()) created_body = answer.body;
      EXPECT_EQ(answer.body, created_body);
    } else {
      EXPECT_TRUE(ExpectErrorShape(answer, 409, "failed_precondition"));
    }
  }
  EXPECT_FALSE(created_body.empty());
  EXPECT_EQ(
      Sql("SELECT count(*) FROM billing.transactions WHERE customer_id = " + std::to_string(gas)),
      "1");
  // Once it finished, the same key answers the same transaction.
  HttpResponse later = PostWithKey("/api/transactions", sale, key, staff_);
  EXPECT_EQ(later.status, 201);
  EXPECT_EQ(later.body, created_body);
}

TEST_F(SecretsTest, EveryCreateHonoursTheKey) {
  // A customer, a user, an internet bill: the second POST with the key creates nothing.
  std::string name = UniqueName("Idem ");
  json customer = {{"type", "gas"}, {"name", name}, {"phone", "081211112222"}};
  std::string key = UniqueName("c-");
  HttpResponse a = PostWithKey("/api/customers", customer, key, staff_);
  HttpResponse b = PostWithKey("/api/customers", customer, key, staff_);
  ASSERT_EQ(a.status, 201) << a.Describe();
  EXPECT_EQ(b.body, a.body);
  EXPECT_EQ(Sql("SELECT count(*) FROM customer.customers WHERE name = '" + name + "'"), "1");

  std::string username = UniqueName("kasir");
  json user = {{"username", username}, {"password", "kasir-rahasia-1"}, {"role", "staff"}};
  key = UniqueName("u-");
  HttpResponse u1 = PostWithKey("/api/users", user, key, admin_);
  HttpResponse u2 = PostWithKey("/api/users", user, key, admin_);
  ASSERT_EQ(u1.status, 201) << u1.Describe();
  EXPECT_EQ(u2.status, 201) << u2.Describe();
  EXPECT_EQ(u2.body, u1.body);
  EXPECT_EQ(Sql("SELECT count(*) FROM auth.users WHERE username = '" + username + "'"), "1");

  int64_t internet = InternetCustomer();
  json bill = {{"customer_id", internet}, {"period", "2031-01"}};
  key = UniqueName("t-");
  HttpResponse t1 = PostWithKey("/api/transactions", bill, key, staff_);
  HttpResponse t2 = PostWithKey("/api/transactions", bill, key, staff_);
  ASSERT_EQ(t1.status, 201) << t1.Describe();
  EXPECT_EQ(t2.body, t1.body);
  EXPECT_EQ(Sql("SELECT count(*) FROM billing.transactions WHERE customer_id = " +
                std::to_string(internet)),
            "1");

  // A refused attempt is not kept: after fixing the cause, the same key works.
  json broken = {{"type", "gas"}, {"name", ""}, {"phone", "081211112222"}};
  key = UniqueName("f-");
  EXPECT_EQ(PostWithKey("/api/customers", broken, key, staff_).status, 400);
  EXPECT_EQ(PostWithKey("/api/customers", broken, key, staff_).status, 400);
}

// Redis down: creates still work (the web UI always sends a key) and this gateway still
// recognises a repeated key from its own memory; nothing is created twice.
TEST_F(SecretsTest, WhileRedisIsDownARepeatedKeyStillCreatesOnce) {
  int64_t gas = GasCustomer();
  ASSERT_GT(gas, 0);
  json sale = {{"customer_id", gas},
               {"items", {{{"name", "LPG 5,5 kg"}, {"qty", 1}, {"unit_price", 95000}}}}};
  std::string key = UniqueName("tanpa-redis-");
  Stack().Redis().Stop();
  HttpResponse first = PostWithKey("/api/transactions", sale, key, staff_);
  HttpResponse second = PostWithKey("/api/transactions", sale, key, staff_);
  ASSERT_EQ(first.status, 201) << first.Describe();
  EXPECT_EQ(second.status, 201) << second.Describe();
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(
      Sql("SELECT count(*) FROM billing.transactions WHERE customer_id = " + std::to_string(gas)),
      "1");
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  // The router probe runs every second, so a router's new address is contacted at once.
  billing::testing::UseFullStack(&argc, argv,
                                 {{"NETWORK_PROBE_SECONDS", "1"},
                                  {"NETWORK_POLL_MS", "100"},
                                  {"NETWORK_ROUTER_TIMEOUT_MS", "1000"}});
  return RUN_ALL_TESTS();
}
