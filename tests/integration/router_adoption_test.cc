// Adopting a MikroTik's existing subscribers (Jaringan > router > Ambil pelanggan dari router)
// against a fake RouterOS server holding 30 PPP secrets across 3 profiles: the proposal (names,
// packages matched by profile or offered, secrets already ours marked), the adoption of the
// ticked ones as they are (no second add on the router) and the refusals.
#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "api_test.h"
#include "routeros/testing/fake_routeros.h"
#include "support/fake_whatsapp.h"
#include "support/wait_for.h"

namespace billing::testing {
namespace {

using network::routeros::testing::FakeRouterOs;
using nlohmann::json;

constexpr const char* kApiUser = "billing-api";
constexpr const char* kApiPassword = "router-pass-8f3k";

class RouterAdoptionTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    // paket-10M matches this package by its profile; paket-20M and "hemat" have none yet.
    Admin().CreatePackage({{"name", "Paket 10M"}, {"price", 150000}, {"profile", "paket-10M"}});
    router_.AddProfile({{"name", "paket-10M"}, {"rate-limit", "10M/10M"}});
    router_.AddProfile({{"name", "paket-20M"}, {"rate-limit", "20M/20M"}});
    router_.AddProfile({{"name", "hemat"}, {"rate-limit", "5M/5M"}});
    const char* profiles[] = {"paket-10M", "paket-20M", "hemat"};
    for (int i = 1; i <= 30; ++i) {
      std::string n = std::to_string(i);
      router_.AddSecret({{"name", "warga" + n},
                         {"password", "pw" + n},
                         {"service", "pppoe"},
                         {"profile", profiles[i % 3]},
                         {"comment", i <= 25 ? "Warga " + n : ""},
                         {"disabled", i == 7 ? "true" : "false"}});
    }
    HttpResponse added = Stack().Http().PostJson("/api/network/routers",
                                                 {{"name", UniqueName("router")},
                                                  {"kind", "routeros"},
                                                  {"host", router_.host()},
                                                  {"port", router_.port()},
                                                  {"username", kApiUser},
                                                  {"password", kApiPassword}},
                                                 admin_);
    ASSERT_EQ(added.status, 201) << added.Describe();
    router_id_ = added.Json()["id"].get<int64_t>();
  }

  std::string Path(const std::string& tail) {
    return "/api/network/routers/" + std::to_string(router_id_) + tail;
  }

  json Proposal() {
    HttpResponse response = Stack().Http().Get(Path("/adoptable"), admin_);
    EXPECT_EQ(response.status, 200) << response.Describe();
    return response.status == 200 ? response.Json() : json::object();
  }

  static json ItemNamed(const json& proposal, const std::string& username) {
    for (const auto& item : proposal["items"]) {
      if (item["username"] == username) return item;
    }
    return json::object();
  }

  FakeRouterOs router_{{.username = kApiUser, .password = kApiPassword}};
  int64_t router_id_ = 0;
};

TEST_F(RouterAdoptionTest, TheProposalNamesEverySecretWithItsPackage) {
  json proposal = Proposal();
  ASSERT_EQ(proposal["items"].size(), 30u) << proposal.dump();
  EXPECT_EQ(proposal["profiles"].size(), 3u);
  json first = ItemNamed(proposal, "warga3");  // 3 % 3 == 0: paket-10M
  EXPECT_EQ(first["name"], "Warga 3");
  EXPECT_EQ(first["package_name"], "Paket 10M");
  EXPECT_EQ(first["new_package"], false);
  EXPECT_TRUE(first["linked_customer_id"].is_null());
  EXPECT_TRUE(first["problem"].is_null());
  json other = ItemNamed(proposal, "warga1");
  EXPECT_EQ(other["package_name"], "paket-20M");
  EXPECT_EQ(other["new_package"], true);
  EXPECT_EQ(ItemNamed(proposal, "warga26")["name"], "warga26") << "no comment: the username";
  EXPECT_EQ(ItemNamed(proposal, "warga7")["disabled"], true);
  EXPECT_EQ(proposal.dump().find("pw1"), std::string::npos) << "no passwords in the proposal";
}

TEST_F(RouterAdoptionTest, AdoptedSecretsBecomeCustomersWithoutASecondAddOnTheRouter) {
  json items = json::array();
  for (int i = 1; i <= 30; ++i) {
    std::string n = std::to_string(i);
    items.push_back({{"username", "warga" + n}, {"phone", "0812" + std::to_string(55500000 + i)}});
  }
  json body = {{"items", items}, {"package_prices", {{"paket-20M", 200000}, {"hemat", 100000}}}};
  json check = body;
  check["dry_run"] = true;
  HttpResponse checked = Stack().Http().PostJson(Path("/adopt"), check, admin_);
  ASSERT_EQ(checked.status, 200) << checked.Describe();
  EXPECT_EQ(checked.Json()["valid"], 30) << checked.body;
  EXPECT_EQ(checked.Json()["new_packages"].size(), 2u);

  router_.ClearReceived();
  HttpResponse adopted = Stack().Http().PostJson(Path("/adopt"), body, admin_);
  ASSERT_EQ(adopted.status, 200) << adopted.Describe();
  EXPECT_EQ(adopted.Json()["imported"], 30);
  EXPECT_EQ(adopted.Json()["packages_created"], 2);
  EXPECT_EQ(Sql("SELECT count(*) FROM customer.customers WHERE deleted_at IS NULL"), "30");
  EXPECT_EQ(Sql("SELECT name || '|' || pppoe_password || '|' || status FROM customer.customers "
                "WHERE pppoe_username = 'warga7'"),
            "Warga 7|pw7|inactive");
  EXPECT_EQ(Sql("SELECT string_agg(name || ':' || price, ',' ORDER BY price) FROM "
                "customer.packages WHERE deleted_at IS NULL"),
            "hemat:100000,Paket 10M:150000,paket-20M:200000");

  // The network service takes them over: every secret gets our mark, none is added again.
  ASSERT_TRUE(WaitFor(
      [&] {
        for (const auto& secret : router_.Secrets()) {
          if (!secret.at("comment").starts_with("billing:")) return false;
        }
        return true;
      },
      std::chrono::seconds(60), "every secret marked as ours"));
  for (const auto& command : router_.Commands()) {
    EXPECT_NE(command, "/ppp/secret/add");
  }
  EXPECT_EQ(router_.Secrets().size(), 30u);
  EXPECT_EQ(router_.FindSecret("warga5")->at("password"), "pw5");

  json proposal = Proposal();
  EXPECT_FALSE(ItemNamed(proposal, "warga5")["linked_customer_id"].is_null());
  HttpResponse again = Stack().Http().PostJson(
      Path("/adopt"), {{"items", {{{"username", "warga5"}, {"phone", "081299999999"}}}}}, admin_);
  EXPECT_EQ(again.status, 422) << again.Describe();
}

TEST_F(RouterAdoptionTest, RefusalsChangeNothing) {
  std::string before = Sql("SELECT count(*) FROM customer.customers");
  // A phone that is no number, an unknown secret, a new package without a price.
  HttpResponse refused =
      Stack().Http().PostJson(Path("/adopt"),
                              {{"items",
                                {{{"username", "warga3"}, {"phone", "12345"}},
                                 {{"username", "hantu"}, {"phone", "081200000000"}},
                                 {{"username", "warga1"}, {"phone", "081200000001"}}}}},
                              admin_);
  ASSERT_EQ(refused.status, 422) << refused.Describe();
  json errors = refused.Json()["errors"];
  ASSERT_EQ(errors.size(), 3u) << errors.dump();
  EXPECT_EQ(errors[0]["row"], 1);
  EXPECT_EQ(errors[0]["column"], "Telepon");
  EXPECT_EQ(errors[1]["row"], 2);
  EXPECT_EQ(errors[1]["column"], "Username PPPoE");
  EXPECT_EQ(errors[2]["row"], 3);
  EXPECT_EQ(errors[2]["column"], "Paket");
  EXPECT_EQ(Sql("SELECT count(*) FROM customer.customers"), before);

  EXPECT_EQ(Stack().Http().Get(Path("/adoptable"), staff_).status, 403);
  EXPECT_EQ(Stack().Http().PostJson(Path("/adopt"), {{"items", json::array()}}, admin_).status,
            400);
  EXPECT_EQ(Stack().Http().Get("/api/network/routers/999999/adoptable", admin_).status, 404);
  router_.SetAnswering(false);
  EXPECT_EQ(Stack().Http().Get(Path("/adoptable"), admin_).status, 503);
}

// The admin may adopt first and fill the numbers in later: such customers are marked (the
// list's phone=missing filter finds them), get no WhatsApp until a number is filled in, and
// keep their mark through other edits.
TEST_F(RouterAdoptionTest, PhonesMayBeLeftForLaterAndSuchCustomersAreMarked) {
  HttpResponse adopted =
      Stack().Http().PostJson(Path("/adopt"),
                              {{"items",
                                {{{"username", "warga3"}},
                                 {{"username", "warga6"}, {"phone", ""}},
                                 {{"username", "warga9"}, {"phone", "0812-5550-0009"}}}}},
                              admin_);
  ASSERT_EQ(adopted.status, 200) << adopted.Describe();
  EXPECT_EQ(adopted.Json()["imported"], 3);
  EXPECT_EQ(Sql("SELECT string_agg(pppoe_username || ':' || phone, ',' ORDER BY pppoe_username) "
                "FROM customer.customers WHERE deleted_at IS NULL"),
            "warga3:,warga6:,warga9:6281255500009");

  HttpResponse missing = Stack().Http().Get("/api/customers?phone=missing", staff_);
  ASSERT_EQ(missing.status, 200) << missing.Describe();
  EXPECT_EQ(missing.Json()["total"], 2);
  ASSERT_EQ(missing.Json()["items"].size(), 2u);
  for (const auto& customer : missing.Json()["items"]) EXPECT_EQ(customer["phone"], "");
  EXPECT_EQ(Stack().Http().Get("/api/customers?phone=missing&q=warga6", staff_).Json()["total"], 1);
  EXPECT_EQ(Stack().Http().Get("/api/customers", staff_).Json()["total"], 3);
  HttpResponse bad_filter = Stack().Http().Get("/api/customers?phone=yes", staff_);
  EXPECT_EQ(bad_filter.status, 400) << bad_filter.Describe();
  EXPECT_TRUE(bad_filter.Json()["error"]["fields"].contains("phone")) << bad_filter.body;

  // The routers take them over like any other adopted secret.
  ASSERT_TRUE(WaitFor(
      [&] {
        return router_.FindSecret("warga3")->at("comment").starts_with("billing:") &&
               router_.FindSecret("warga6")->at("comment").starts_with("billing:");
      },
      std::chrono::seconds(60), "the phone-less secrets marked as ours"));

  // No WhatsApp for a customer without a number: a clear refusal, nothing queued.
  FakeWhatsapp whatsapp;
  HttpResponse settings = Stack().Http().PostJson(
      "/api/settings",
      {{"whatsapp",
        {{"provider", "gateway"}, {"base_url", whatsapp.BaseUrl()}, {"token", "tok-adopt"}}}},
      admin_);
  ASSERT_EQ(settings.status, 200) << settings.Describe();
  int64_t waiting = std::stoll(
      Sql("SELECT id FROM customer.customers WHERE pppoe_username = 'warga3' AND deleted_at IS "
          "NULL"));
  Admin().CreateBill(waiting, "2026-10");
  HttpResponse send =
      Stack().Http().PostJson("/api/whatsapp/send-billing", {{"customer_id", waiting}}, staff_);
  EXPECT_EQ(send.status, 400) << send.Describe();
  EXPECT_NE(send.body.find("nomor HP belum diisi"), std::string::npos) << send.body;
  EXPECT_EQ(Sql("SELECT count(*) FROM messaging.messages"), "0");

  // Other edits keep the mark; a number filled in ends it and cannot be emptied again.
  std::string path = "/api/customers/" + std::to_string(waiting);
  HttpResponse edited =
      Stack().Http().PutJson(path, {{"phone", ""}, {"address", "Gg. Mawar 2"}}, staff_);
  ASSERT_EQ(edited.status, 200) << edited.Describe();
  EXPECT_EQ(edited.Json()["phone"], "");
  EXPECT_EQ(edited.Json()["address"], "Gg. Mawar 2");
  HttpResponse filled = Stack().Http().PutJson(path, {{"phone", "0812 5550 0003"}}, staff_);
  ASSERT_EQ(filled.status, 200) << filled.Describe();
  EXPECT_EQ(filled.Json()["phone"], "6281255500003");
  EXPECT_EQ(Stack().Http().PutJson(path, {{"phone", ""}}, staff_).status, 400);
  EXPECT_EQ(Stack().Http().Get("/api/customers?phone=missing", staff_).Json()["total"], 1);

  // A number given must still be a number.
  HttpResponse bad_phone = Stack().Http().PostJson(
      Path("/adopt"), {{"items", {{{"username", "warga12"}, {"phone", "0812"}}}}}, admin_);
  EXPECT_EQ(bad_phone.status, 422) << bad_phone.Describe();
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  billing::testing::UseFullStack(&argc, argv,
                                 {{"NETWORK_POLL_MS", "100"},
                                  {"NETWORK_RETRY_BASE_MS", "200"},
                                  {"NETWORK_ROUTER_TIMEOUT_MS", "1000"}});
  return RUN_ALL_TESTS();
}
