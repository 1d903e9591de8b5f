// The client and the driver against the fake router on loopback: the exact sentences sent for
// each change of a subscriber, and how every kind of failure is reported.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "routeros/api_connection.h"
#include "routeros/routeros_driver.h"
#include "routeros/testing/fake_routeros.h"

namespace billing::network::routeros {
namespace {

using testing::FakeRouterOs;

const Sentence kLogin{"/login", "=name=api", "=password=rahasia"};

class RouterOsDriverTest : public ::testing::Test {
 protected:
  RouterOsDriverTest() : router_(FakeRouterOs::Options{.username = "api", .password = "rahasia"}) {
    config_.id = 1;
    config_.name = "core";
    config_.kind = "routeros";
    config_.host = router_.host();
    config_.port = router_.port();
    config_.username = "api";
    config_.password = "rahasia";
    config_.isolir_mode = "profile";
    config_.isolir_profile = "isolir";
    config_.timeout_ms = 2000;

    budi_.customer_id = 42;
    budi_.username = "budi";
    budi_.password = "pw-budi";
    budi_.profile = "paket-10M";
    budi_.rate_limit = "10M/10M";
    budi_.status = "active";
  }

  std::unique_ptr<RouterSession> Open() { return driver_.Open(config_); }

  // Budi's secret as we would have left it for `status`.
  std::string AddBudiSecret(const std::string& profile, const std::string& disabled) {
    return router_.AddSecret({{"name", "budi"},
                              {"password", "pw-budi"},
                              {"service", "pppoe"},
                              {"profile", profile},
                              {"disabled", disabled},
                              {"comment", "billing:42"}});
  }

  static Applied Was(const std::string& status, const std::string& profile = "paket-10M",
                     const std::string& username = "budi") {
    return Applied{.username = username, .status = status, .profile = profile, .deleted = false};
  }

  // Everything received after the login.
  std::vector<Sentence> AfterLogin() {
    std::vector<Sentence> received = router_.Received();
    EXPECT_FALSE(received.empty());
    if (received.empty()) return received;
    EXPECT_EQ(received.front(), kLogin);
    received.erase(received.begin());
    return received;
  }

  FakeRouterOs router_;
  RouterOsDriver driver_;
  RouterConfig config_;
  Subscriber budi_;
};

TEST_F(RouterOsDriverTest, NewActiveCustomerGetsASecretWithThePackageProfile) {
  auto session = Open();
  session->Apply(budi_, std::nullopt);

  EXPECT_EQ(router_.Received(),
            (std::vector<Sentence>{
                kLogin,
                {"/ppp/secret/print", "?name=budi"},
                {"/ppp/secret/add", "=name=budi", "=password=pw-budi", "=service=pppoe",
                 "=profile=paket-10M", "=disabled=no", "=comment=billing:42"},
            }));
  const auto secret = router_.FindSecret("budi");
  ASSERT_TRUE(secret.has_value());
  EXPECT_EQ(secret->at("profile"), "paket-10M");
  EXPECT_EQ(secret->at("disabled"), "false");
}

TEST_F(RouterOsDriverTest, IsolirInProfileModeSwitchesTheProfileAndKicks) {
  const std::string id = AddBudiSecret("paket-10M", "false");
  const std::string session_id = router_.AddActive("budi");
  router_.AddActive("siti");
  budi_.status = "isolated";

  Open()->Apply(budi_, Was("active"));

  EXPECT_EQ(AfterLogin(), (std::vector<Sentence>{
                              {"/ppp/secret/print", "?name=budi"},
                              {"/ppp/secret/set", "=.id=" + id, "=profile=isolir"},
                              {"/ppp/active/print", "?name=budi"},
                              {"/ppp/active/remove", "=.id=" + session_id},
                          }));
  EXPECT_EQ(router_.FindSecret("budi")->at("profile"), "isolir");
  ASSERT_EQ(router_.Active().size(), 1U);  // only siti is still online
  EXPECT_EQ(router_.Active()[0].at("name"), "siti");
}

TEST_F(RouterOsDriverTest, IsolirInDisableModeDisablesTheSecretAndKicks) {
  config_.isolir_mode = "disable";
  const std::string id = AddBudiSecret("paket-10M", "false");
  const std::string session_id = router_.AddActive("budi");
  budi_.status = "isolated";

  Open()->Apply(budi_, Was("active"));

  EXPECT_EQ(AfterLogin(), (std::vector<Sentence>{
                              {"/ppp/secret/print", "?name=budi"},
                              {"/ppp/secret/set", "=.id=" + id, "=disabled=yes"},
                              {"/ppp/active/print", "?name=budi"},
                              {"/ppp/active/remove", "=.id=" + session_id},
                          }));
  EXPECT_EQ(router_.FindSecret("budi")->at("disabled"), "true");
  EXPECT_EQ(router_.FindSecret("budi")->at("profile"), "paket-10M");
  EXPECT_TRUE(router_.Active().empty());
}

TEST_F(RouterOsDriverTest, ReconnectFromProfileIsolirSetsThePackageProfileBackAndKicks) {
  const std::string id = AddBudiSecret("isolir", "false");
  const std::string session_id = router_.AddActive("budi", "172.16.0.9");

  Open()->Apply(budi_, Was("isolated"));

  EXPECT_EQ(AfterLogin(), (std::vector<Sentence>{
                              {"/ppp/secret/print", "?name=budi"},
                              {"/ppp/secret/set", "=.id=" + id, "=profile=paket-10M"},
                              {"/ppp/active/print", "?name=budi"},
                              {"/ppp/active/remove", "=.id=" + session_id},
                          }));
  EXPECT_EQ(router_.FindSecret("budi")->at("profile"), "paket-10M");
}

TEST_F(RouterOsDriverTest, ReconnectFromDisableIsolirEnablesTheSecretAndKicks) {
  config_.isolir_mode = "disable";
  const std::string id = AddBudiSecret("paket-10M", "true");
  const std::string session_id = router_.AddActive("budi");

  Open()->Apply(budi_, Was("isolated"));

  EXPECT_EQ(AfterLogin(), (std::vector<Sentence>{
                              {"/ppp/secret/print", "?name=budi"},
                              {"/ppp/secret/set", "=.id=" + id, "=disabled=no"},
                              {"/ppp/active/print", "?name=budi"},
                              {"/ppp/active/remove", "=.id=" + session_id},
                          }));
  EXPECT_EQ(router_.FindSecret("budi")->at("disabled"), "false");
}

TEST_F(RouterOsDriverTest, InactiveCustomerIsDisabledWithThePackageProfile) {
  const std::string id = AddBudiSecret("paket-10M", "no");
  router_.AddActive("budi");
  budi_.status = "inactive";

  Open()->Apply(budi_, Was("active"));

  const auto sent = AfterLogin();
  ASSERT_EQ(sent.size(), 4U);
  EXPECT_EQ(sent[1], (Sentence{"/ppp/secret/set", "=.id=" + id, "=disabled=yes"}));
  EXPECT_TRUE(router_.Active().empty());
}

TEST_F(RouterOsDriverTest, NothingChangedOnlyPrints) {
  AddBudiSecret("paket-10M", "false");
  router_.AddActive("budi");

  Open()->Apply(budi_, Was("active"));

  EXPECT_EQ(AfterLogin(), (std::vector<Sentence>{{"/ppp/secret/print", "?name=budi"}}));
  EXPECT_EQ(router_.Active().size(), 1U);
}

TEST_F(RouterOsDriverTest, OnlyTheFieldsThatDifferAreSet) {
  const std::string id = router_.AddSecret(
      {{"name", "budi"}, {"password", "old"}, {"service", "any"}, {"profile", "paket-10M"}});

  Open()->Apply(budi_, Was("active"));  // same status and profile: no kick

  EXPECT_EQ(AfterLogin(), (std::vector<Sentence>{
                              {"/ppp/secret/print", "?name=budi"},
                              {"/ppp/secret/set", "=.id=" + id, "=password=pw-budi",
                               "=service=pppoe", "=comment=billing:42"},
                          }));
}

TEST_F(RouterOsDriverTest, DeletedCustomerLosesSecretAndSession) {
  const std::string id = AddBudiSecret("paket-10M", "false");
  const std::string session_id = router_.AddActive("budi");
  budi_.deleted = true;

  Open()->Apply(budi_, Was("active"));

  EXPECT_EQ(AfterLogin(), (std::vector<Sentence>{
                              {"/ppp/secret/print", "?name=budi"},
                              {"/ppp/secret/remove", "=.id=" + id},
                              {"/ppp/active/print", "?name=budi"},
                              {"/ppp/active/remove", "=.id=" + session_id},
                          }));
  EXPECT_FALSE(router_.FindSecret("budi").has_value());
  EXPECT_TRUE(router_.Active().empty());
}

TEST_F(RouterOsDriverTest, DeletingAnAbsentSecretOnlyLooks) {
  budi_.deleted = true;
  Open()->Apply(budi_, std::nullopt);
  EXPECT_EQ(AfterLogin(), (std::vector<Sentence>{
                              {"/ppp/secret/print", "?name=budi"},
                              {"/ppp/active/print", "?name=budi"},
                          }));
}

TEST_F(RouterOsDriverTest, RenameRemovesTheOldSecretAndAddsTheNewOne) {
  const std::string old_id = AddBudiSecret("paket-10M", "false");
  const std::string session_id = router_.AddActive("budi");
  budi_.username = "budi.santoso";

  Open()->Apply(budi_, Was("active", "paket-10M", "budi"));

  EXPECT_EQ(AfterLogin(),
            (std::vector<Sentence>{
                {"/ppp/secret/print", "?name=budi"},
                {"/ppp/secret/remove", "=.id=" + old_id},
                {"/ppp/active/print", "?name=budi"},
                {"/ppp/active/remove", "=.id=" + session_id},
                {"/ppp/secret/print", "?name=budi.santoso"},
                {"/ppp/secret/add", "=name=budi.santoso", "=password=pw-budi", "=service=pppoe",
                 "=profile=paket-10M", "=disabled=no", "=comment=billing:42"},
            }));
  EXPECT_FALSE(router_.FindSecret("budi").has_value());
  EXPECT_TRUE(router_.FindSecret("budi.santoso").has_value());
}

TEST_F(RouterOsDriverTest, RenameLeavesAnOldNameThatAnotherCustomerNowOwns) {
  router_.AddSecret({{"name", "budi"}, {"comment", "billing:77"}});
  budi_.username = "budi2";

  Open()->Apply(budi_, Was("active", "paket-10M", "budi"));

  EXPECT_TRUE(router_.FindSecret("budi").has_value());
  EXPECT_TRUE(router_.FindSecret("budi2").has_value());
}

TEST_F(RouterOsDriverTest, TrapFailsOnlyThatSubscriberAndTheSessionGoesOn) {
  router_.TrapNext("/ppp/secret/add", "failure: remote-address pool is exhausted");
  auto session = Open();
  try {
    session->Apply(budi_, std::nullopt);
    FAIL() << "no error";
  } catch (const NetworkError& e) {
    EXPECT_FALSE(e.router_down());
    EXPECT_EQ(std::string(e.what()),
              "Router menolak perintah: failure: remote-address pool is exhausted "
              "(/ppp/secret/add)");
  }
  Subscriber siti = budi_;
  siti.customer_id = 43;
  siti.username = "siti";
  session->Apply(siti, std::nullopt);
  EXPECT_TRUE(router_.FindSecret("siti").has_value());
  EXPECT_FALSE(router_.FindSecret("budi").has_value());
  EXPECT_EQ(router_.connections(), 1);
}

TEST_F(RouterOsDriverTest, ASessionThatEndedBeforeTheKickIsNotAnError) {
  AddBudiSecret("paket-10M", "false");
  router_.AddActive("budi");
  router_.TrapNext("/ppp/active/remove", "no such item");
  budi_.status = "isolated";
  EXPECT_NO_THROW(Open()->Apply(budi_, Was("active")));
}

TEST_F(RouterOsDriverTest, WrongPasswordIsRouterDownAndNeverShowsThePassword) {
  config_.password = "salah-banget";
  try {
    Open();
    FAIL() << "no error";
  } catch (const NetworkError& e) {
    EXPECT_TRUE(e.router_down());
    EXPECT_EQ(std::string(e.what()), "Login ke router ditolak: invalid user name or password (6)");
    EXPECT_EQ(std::string(e.what()).find("salah-banget"), std::string::npos);
  }
  EXPECT_EQ(router_.Received(),
            (std::vector<Sentence>{{"/login", "=name=api", "=password=salah-banget"}}));
}

TEST_F(RouterOsDriverTest, DroppedConnectionMidCommandIsRouterDown) {
  router_.DropOn("/ppp/secret/add");
  auto session = Open();
  try {
    session->Apply(budi_, std::nullopt);
    FAIL() << "no error";
  } catch (const NetworkError& e) {
    EXPECT_TRUE(e.router_down());
    EXPECT_EQ(std::string(e.what()), "Koneksi ke router terputus: router menutup koneksi");
  }
  // The session is unusable from then on.
  try {
    session->Apply(budi_, std::nullopt);
    FAIL() << "no error";
  } catch (const NetworkError& e) {
    EXPECT_TRUE(e.router_down());
  }
}

TEST_F(RouterOsDriverTest, RouterThatNeverAnswersTimesOut) {
  router_.SetAnswering(false);
  config_.timeout_ms = 300;
  const auto start = std::chrono::steady_clock::now();
  try {
    Open();
    FAIL() << "no error";
  } catch (const NetworkError& e) {
    EXPECT_TRUE(e.router_down());
    EXPECT_EQ(std::string(e.what()),
              "Router tidak bisa dihubungi: router tidak menjawab dalam batas waktu");
  }
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_GE(elapsed, std::chrono::milliseconds(250));
  EXPECT_LT(elapsed, std::chrono::seconds(3));
}

TEST_F(RouterOsDriverTest, CommandThatIsNeverAnsweredTimesOut) {
  router_.HangOn("/ppp/secret/print");
  config_.timeout_ms = 300;
  auto session = Open();
  try {
    session->Apply(budi_, std::nullopt);
    FAIL() << "no error";
  } catch (const NetworkError& e) {
    EXPECT_TRUE(e.router_down());
    EXPECT_EQ(std::string(e.what()),
              "Koneksi ke router terputus: router tidak menjawab dalam batas waktu");
  }
}

TEST_F(RouterOsDriverTest, RefusedConnectionIsRouterDown) {
  router_.RefuseConnections();
  try {
    Open();
    FAIL() << "no error";
  } catch (const NetworkError& e) {
    EXPECT_TRUE(e.router_down());
    EXPECT_EQ(std::string(e.what()).rfind("Router tidak bisa dihubungi: koneksi ditolak", 0), 0U)
        << e.what();
  }
}

TEST_F(RouterOsDriverTest, EmptyUsernameIsRefusedWithoutTouchingTheRouter) {
  budi_.username = "";
  auto session = Open();
  try {
    session->Apply(budi_, std::nullopt);
    FAIL() << "no error";
  } catch (const NetworkError& e) {
    EXPECT_FALSE(e.router_down());
  }
  EXPECT_EQ(router_.Received().size(), 1U);
}

TEST(RouterOsTls, ApiSslWithASelfSignedCertificate) {
  FakeRouterOs router(FakeRouterOs::Options{.username = "api", .password = "rahasia", .tls = true});
  RouterConfig config;
  config.host = router.host();
  config.port = router.port();
  config.tls = true;
  config.username = "api";
  config.password = "rahasia";
  config.timeout_ms = 2000;
  Subscriber budi{.customer_id = 42,
                  .username = "budi",
                  .password = "pw",
                  .profile = "paket-10M",
                  .rate_limit = "",
                  .status = "active",
                  .deleted = false};
  RouterOsDriver driver;
  driver.Open(config)->Apply(budi, std::nullopt);
  EXPECT_TRUE(router.FindSecret("budi").has_value());
  EXPECT_EQ(router.Received().front(), kLogin);
}

TEST(RouterOsTls, PlainClientAgainstApiSslFails) {
  FakeRouterOs router(FakeRouterOs::Options{.username = "api", .password = "rahasia", .tls = true});
  ConnectOptions options{
      .host = router.host(), .port = router.port(), .tls = false, .timeout_ms = 300};
  auto connection = ApiConnection::Connect(options);
  EXPECT_THROW(connection->Login("api", "rahasia"), ConnectionError);
  EXPECT_FALSE(connection->usable());
}

TEST(ApiConnectionTest, RunReturnsRowsAndATrapKeepsTheConnection) {
  FakeRouterOs router;
  router.AddSecret({{"name", "a"}, {"comment", "x=y"}});
  router.AddSecret({{"name", "b"}});
  auto connection = ApiConnection::Connect({.host = router.host(), .port = router.port()});
  connection->Login("admin", "admin");
  const auto rows = connection->Run("/ppp/secret/print");
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0].at("comment"), "x=y");
  EXPECT_EQ(rows[1].at(".id"), "*2");
  try {
    connection->Run("/ppp/secret/remove", {"=.id=*99"});
    FAIL() << "no error";
  } catch (const TrapError& e) {
    EXPECT_EQ(e.message(), "no such item");
    EXPECT_EQ(e.command(), "/ppp/secret/remove");
  }
  EXPECT_TRUE(connection->usable());
  EXPECT_EQ(connection->Run("/ppp/secret/print", {"?name=b"}).size(), 1U);
}

TEST(ApiConnectionTest, LoginAnswersThePre643Challenge) {
  FakeRouterOs router(
      FakeRouterOs::Options{.username = "api", .password = "rahasia", .legacy_login = true});
  auto connection = ApiConnection::Connect({.host = router.host(), .port = router.port()});
  connection->Login("api", "rahasia");
  EXPECT_TRUE(connection->Run("/ppp/secret/print").empty());
  const auto received = router.Received();
  ASSERT_EQ(received.size(), 3U);
  EXPECT_EQ(received[0], kLogin);
  // 00 + md5(0x00 + "rahasia" + "0123456789abcdef")
  EXPECT_EQ(received[1][2].substr(0, 12), "=response=00");
  EXPECT_EQ(received[1][2].size(), 12U + 32U);

  FakeRouterOs strict(
      FakeRouterOs::Options{.username = "api", .password = "rahasia", .legacy_login = true});
  auto wrong = ApiConnection::Connect({.host = strict.host(), .port = strict.port()});
  try {
    wrong->Login("api", "salah");
    FAIL() << "no error";
  } catch (const ConnectionError& e) {
    EXPECT_EQ(e.kind(), ConnectionError::Kind::kLoginRejected);
  }
}

TEST(ApiConnectionTest, FatalMakesTheConnectionUnusable) {
  FakeRouterOs router;
  auto connection = ApiConnection::Connect({.host = router.host(), .port = router.port()});
  try {
    connection->Run("/ppp/secret/print");  // not logged in: !fatal
    FAIL() << "no error";
  } catch (const ConnectionError& e) {
    EXPECT_EQ(e.kind(), ConnectionError::Kind::kFatal);
    EXPECT_EQ(e.detail(), "not logged in");
  }
  EXPECT_FALSE(connection->usable());
  EXPECT_THROW(connection->Run("/ppp/secret/print"), ConnectionError);
}

TEST(ApiConnectionTest, UnknownHostIsAResolveError) {
  try {
    ApiConnection::Connect({.host = "no-such-router.invalid", .port = 8728, .timeout_ms = 300});
    FAIL() << "no error";
  } catch (const ConnectionError& e) {
    EXPECT_EQ(e.kind(), ConnectionError::Kind::kResolve);
  }
}

}  // namespace
}  // namespace billing::network::routeros
