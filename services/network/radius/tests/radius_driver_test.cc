// RadiusDriver and DisconnectClient against FakeNas on loopback, and FakeNas against radclient
// (FreeRADIUS' own implementation of Disconnect-Request signing).
#include "radius/radius_driver.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "i18n/messages.h"
#include "radius/disconnect_client.h"
#include "radius/testing/fake_nas.h"
#include "support/command.h"
#include "support/temp_dir.h"

namespace billing::network {
namespace {

using radius::testing::FakeNas;

constexpr const char* kSecret = "nas-secret-42";

RouterConfig Router(int port, std::string secret = kSecret) {
  RouterConfig router;
  router.id = 1;
  router.name = "mikrotik-pusat";
  router.kind = "radius";
  router.host = "127.0.0.1";
  router.port = port;
  router.secret = std::move(secret);
  return router;
}

Subscriber Desired(std::string status, std::string profile = "10M") {
  Subscriber subscriber;
  subscriber.customer_id = 5;
  subscriber.username = "budi";
  subscriber.password = "rahasia";
  subscriber.profile = std::move(profile);
  subscriber.rate_limit = "10M/10M";
  subscriber.status = std::move(status);
  return subscriber;
}

Applied Previous(std::string status, std::string profile = "10M", std::string username = "budi") {
  return Applied{std::move(username), std::move(status), std::move(profile), false};
}

// Short timeouts: the "no answer" cases wait attempts x timeout.
RadiusDriver FastDriver() { return RadiusDriver({3, std::chrono::milliseconds(150)}); }

NetworkError ApplyExpectingError(RouterSession& session, const Subscriber& desired,
                                 const Applied& previous) {
  try {
    session.Apply(desired, previous);
  } catch (const NetworkError& error) {
    return error;
  }
  ADD_FAILURE() << "Apply did not throw";
  return NetworkError("", false);
}

TEST(RadiusDriver, StatusChangeSendsDisconnectWithTheAppliedUserName) {
  FakeNas nas(kSecret);
  auto driver = FastDriver();
  auto session = driver.Open(Router(nas.Port()));

  session->Apply(Desired("isolated"), Previous("active"));

  const auto requests = nas.Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].code, radius::Code::kDisconnectRequest);
  EXPECT_TRUE(requests[0].authenticator_valid);
  EXPECT_EQ(requests[0].user_name, "budi");
}

TEST(RadiusDriver, NothingIsSentWithoutAPreviousStateOrWithoutAChange) {
  FakeNas nas(kSecret);
  auto driver = FastDriver();
  auto session = driver.Open(Router(nas.Port()));

  session->Apply(Desired("active"), std::nullopt);
  session->Apply(Desired("active"), Previous("active"));
  Subscriber new_password = Desired("active");
  new_password.password = "baru";
  new_password.rate_limit = "20M/20M";
  session->Apply(new_password, Previous("active"));

  EXPECT_EQ(nas.RequestCount(), 0u);
}

TEST(RadiusDriver, ProfileChangeRenameAndDeleteEachDisconnect) {
  FakeNas nas(kSecret);
  auto driver = FastDriver();
  auto session = driver.Open(Router(nas.Port()));

  session->Apply(Desired("active", "20M"), Previous("active", "10M"));
  session->Apply(Desired("active"), Previous("active", "10M", "budi.lama"));
  Subscriber deleted = Desired("active");
  deleted.deleted = true;
  session->Apply(deleted, Previous("active"));

  const auto requests = nas.Requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].user_name, "budi");
  EXPECT_EQ(requests[1].user_name, "budi.lama");  // the session runs under the old name
  EXPECT_EQ(requests[2].user_name, "budi");
}

TEST(RadiusDriver, NakSessionNotFoundCountsAsDone) {
  FakeNas nas(kSecret);
  nas.AnswerNak(radius::error_cause::kSessionContextNotFound);
  auto driver = FastDriver();
  auto session = driver.Open(Router(nas.Port()));

  EXPECT_NO_THROW(session->Apply(Desired("inactive"), Previous("active")));
  EXPECT_EQ(nas.RequestCount(), 1u);
}

TEST(RadiusDriver, OtherNakFailsOnlyThisSubscriber) {
  FakeNas nas(kSecret);
  nas.AnswerNak(506);  // Resources Unavailable
  auto driver = FastDriver();
  auto session = driver.Open(Router(nas.Port()));

  const NetworkError error = ApplyExpectingError(*session, Desired("isolated"), Previous("active"));
  EXPECT_FALSE(error.router_down());
  EXPECT_NE(std::string(error.what()).find(i18n::kRadiusDisconnectRejected), std::string::npos);
  EXPECT_NE(std::string(error.what()).find("506"), std::string::npos);
}

TEST(RadiusDriver, NoAnswerMeansRouterDownAfterRetransmissions) {
  FakeNas nas(kSecret);
  nas.AnswerNothing();
  auto driver = FastDriver();
  auto session = driver.Open(Router(nas.Port()));

  const NetworkError error = ApplyExpectingError(*session, Desired("isolated"), Previous("active"));
  EXPECT_TRUE(error.router_down());
  EXPECT_NE(std::string(error.what()).find(i18n::kRadiusNoAnswer), std::string::npos);
  const auto requests = nas.Requests();
  ASSERT_EQ(requests.size(), 3u);
  // Retransmissions repeat the same packet.
  EXPECT_EQ(requests[1].identifier, requests[0].identifier);
  EXPECT_EQ(requests[2].identifier, requests[0].identifier);
}

TEST(RadiusDriver, NasWithAnotherSecretIsReportedAsSecretMismatch) {
  FakeNas nas("not-the-same-secret");  // answers anyway, signed with its own secret
  auto driver = FastDriver();
  auto session = driver.Open(Router(nas.Port()));

  const NetworkError error = ApplyExpectingError(*session, Desired("isolated"), Previous("active"));
  EXPECT_TRUE(error.router_down());
  EXPECT_EQ(std::string(error.what()), i18n::kRadiusBadSecret);
  EXPECT_EQ(std::string(error.what()).find(kSecret), std::string::npos);
  const auto requests = nas.Requests();
  ASSERT_FALSE(requests.empty());
  EXPECT_FALSE(requests[0].authenticator_valid);
}

TEST(RadiusDriver, OpenRefusesAMissingSecretAndAnUnknownHost) {
  auto driver = FastDriver();
  try {
    driver.Open(Router(3799, ""));
    ADD_FAILURE() << "no secret accepted";
  } catch (const NetworkError& error) {
    EXPECT_TRUE(error.router_down());
    EXPECT_EQ(std::string(error.what()), i18n::kRadiusSecretMissing);
  }
  RouterConfig unknown = Router(3799);
  unknown.host = "nas.invalid";
  try {
    driver.Open(unknown);
    ADD_FAILURE() << "unresolvable host accepted";
  } catch (const NetworkError& error) {
    EXPECT_TRUE(error.router_down());
    EXPECT_EQ(std::string(error.what()).find(kSecret), std::string::npos);
  }
}

TEST(DisconnectClient, ReportsTheErrorCauseOfASignedNak) {
  FakeNas nas(kSecret);
  nas.AnswerNak(404);
  nas.SetSignAnswers(true);  // with Message-Authenticator, which the client checks
  radius::DisconnectOptions options;
  options.host = "127.0.0.1";
  options.port = nas.Port();
  options.secret = kSecret;
  options.timeout = std::chrono::milliseconds(1000);
  radius::DisconnectClient client(options);

  const auto result =
      client.Send({radius::Attribute::Text(radius::attribute::kAcctSessionId, "81a0000f")});
  EXPECT_EQ(result.outcome, radius::DisconnectOutcome::kNak);
  EXPECT_EQ(result.error_cause, 404u);
  EXPECT_EQ(result.attempts, 1);
  const auto requests = nas.Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_TRUE(requests[0].authenticator_valid);
  // Acct-Session-Id and our Message-Authenticator.
  EXPECT_EQ(requests[0].attributes.size(), 2u);
}

// radclient (FreeRADIUS) signs a Disconnect-Request with Message-Authenticator; FakeNas (our
// VerifyRequest) must accept it, and radclient must accept FakeNas' signed ACK.
TEST(FakeNas, AgreesWithRadclientOnAuthenticators) {
  if (!std::filesystem::exists("/usr/bin/radclient")) {
    GTEST_SKIP() << "radclient (freeradius-utils) is not installed";
  }
  FakeNas nas(kSecret);
  nas.SetSignAnswers(true);
  billing::testing::TempDir dir;
  const std::string input = dir.Path() + "/disconnect";
  std::ofstream(input) << "User-Name = \"budi\", Message-Authenticator = 0x00\n";

  const auto result = billing::testing::RunCommand(
      "radclient", {"-x", "-r", "1", "-t", "3", "-f", input,
                    "127.0.0.1:" + std::to_string(nas.Port()), "disconnect", kSecret});

  EXPECT_NE(result.out.find("Received Disconnect-ACK"), std::string::npos) << result.Describe();
  const auto requests = nas.Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_TRUE(requests[0].authenticator_valid);
  EXPECT_EQ(requests[0].user_name, "budi");
  EXPECT_EQ(requests[0].attributes.size(), 2u);  // User-Name and Message-Authenticator
}

}  // namespace
}  // namespace billing::network
