// Sessions on in-memory fakes and a hand-set clock: login with its refusals and attempt limit,
// token checks, logout and a user's own password change.
#include "sessions.h"

#include <gtest/gtest.h>

#include "domain/manual_clock.h"
#include "errors/error_of.h"
#include "i18n/messages.h"
#include "testing/fake_password_hasher.h"
#include "testing/fake_user_store.h"

namespace billing::auth {
namespace {

using errors::ErrorOf;
using std::chrono::seconds;
using testing::FakePasswordHasher;
using testing::FakeUserStore;

constexpr const char* kSecret = "a-test-secret-that-is-long-enough-123";
constexpr const char* kAddress = "10.0.0.7";

class SessionsTest : public ::testing::Test {
 protected:
  SessionsTest() {
    budi_ = users_.Add("budi", FakePasswordHasher::HashOf("rahasia-budi-1"));
    gateway_.service = "gateway";
    gateway_.request_id = "req-1";
  }

  Session LoginBudi(const std::string& password = "rahasia-budi-1") {
    return sessions_.Login("budi", password, kAddress, gateway_);
  }

  // The caller a verified token of `user` makes.
  static rpc::Caller CallerOf(const UserRecord& user) {
    rpc::Caller caller;
    caller.user_id = user.id;
    caller.username = user.username;
    caller.role = user.role;
    return caller;
  }

  domain::ManualClock clock_{std::chrono::system_clock::now()};
  FakeUserStore users_;
  FakePasswordHasher hasher_;
  TokenIssuer tokens_{kSecret, seconds(3600), clock_};
  MemoryAttemptStore shared_{clock_};
  MemoryAttemptStore local_{clock_};
  LoginLimiter limiter_{shared_, local_, clock_, LoginLimits{3, 10, seconds(900)}};
  Sessions sessions_{users_, hasher_, tokens_, limiter_};
  UserRecord budi_;
  rpc::Caller gateway_;
};

TEST_F(SessionsTest, RightPasswordIssuesATokenAndRecordsTheLoginAsTheUsers) {
  Session session = sessions_.Login("BUDI", "rahasia-budi-1", kAddress, gateway_);
  EXPECT_EQ(session.user.id, budi_.id);
  TokenClaims claims = tokens_.Decode(session.token.token);
  EXPECT_EQ(claims.user_id, budi_.id);
  EXPECT_EQ(claims.token_version, budi_.token_version);
  ASSERT_EQ(users_.Actions(), std::vector<std::string>{"login"});
  EXPECT_EQ(users_.events[0].actor.user_id, budi_.id);
  EXPECT_EQ(users_.events[0].actor.request_id, "req-1");
  EXPECT_FALSE(users_.users[budi_.id].last_login_at.empty());
}

TEST_F(SessionsTest, WrongPasswordIsWrongCredentialsAndAudited) {
  auto error = ErrorOf([&] { LoginBudi("salah-sekali"); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), errors::Code::kUnauthenticated);
  EXPECT_EQ(error->message(), i18n::kWrongCredentials);
  EXPECT_EQ(users_.Actions(), std::vector<std::string>{"login_failed"});
}

TEST_F(SessionsTest, UnknownUsernameCostsOneVerificationLikeAKnownOne) {
  int before = hasher_.verifications;
  auto error = ErrorOf([&] { sessions_.Login("siapa", "rahasia-budi-1", kAddress, gateway_); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), errors::Code::kUnauthenticated);
  EXPECT_EQ(error->message(), i18n::kWrongCredentials);
  EXPECT_EQ(hasher_.verifications, before + 1);
}

TEST_F(SessionsTest, MissingFieldsAreNamedAndNothingIsCounted) {
  auto error = ErrorOf([&] { sessions_.Login("", "", kAddress, gateway_); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), errors::Code::kInvalidArgument);
  EXPECT_EQ(error->fields().count("username"), 1u);
  EXPECT_EQ(error->fields().count("password"), 1u);
  EXPECT_EQ(hasher_.verifications, 0);
  EXPECT_TRUE(users_.events.empty());
}

TEST_F(SessionsTest, OverlongInputIsWrongCredentialsBeforeAnyCheck) {
  for (int i = 0; i < 5; ++i) {
    auto error = ErrorOf([&] { sessions_.Login(std::string(65, 'b'), "x", kAddress, gateway_); });
    ASSERT_TRUE(error);
    EXPECT_EQ(error->code(), errors::Code::kUnauthenticated);
  }
  auto error = ErrorOf([&] { LoginBudi(std::string(kMaxPasswordLength * 4 + 1, 'x')); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), errors::Code::kUnauthenticated);
  EXPECT_EQ(hasher_.verifications, 0);
  EXPECT_TRUE(users_.events.empty());
}

TEST_F(SessionsTest, FailuresLockTheUserOutFromThatAddressUntilTheWindowEnds) {
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(ErrorOf([&] { LoginBudi("salah-sekali"); }));
  auto locked = ErrorOf([&] { LoginBudi(); });
  ASSERT_TRUE(locked);
  EXPECT_EQ(locked->code(), errors::Code::kResourceExhausted);
  EXPECT_GT(locked->retry_after_seconds(), 0);
  // Another address is not locked out for the same user.
  EXPECT_EQ(sessions_.Login("budi", "rahasia-budi-1", "10.0.0.8", gateway_).user.id, budi_.id);
  clock_.Advance(seconds(901));
  EXPECT_EQ(LoginBudi().user.id, budi_.id);
}

TEST_F(SessionsTest, ASuccessForgetsTheEarlierFailures) {
  for (int i = 0; i < 2; ++i) EXPECT_TRUE(ErrorOf([&] { LoginBudi("salah-sekali"); }));
  LoginBudi();
  for (int i = 0; i < 2; ++i) EXPECT_TRUE(ErrorOf([&] { LoginBudi("salah-sekali"); }));
  EXPECT_EQ(LoginBudi().user.id, budi_.id);
}

TEST_F(SessionsTest, InactiveUserIsRefusedOnlyAfterTheRightPassword) {
  users_.users[budi_.id].active = false;
  auto wrong = ErrorOf([&] { LoginBudi("salah-sekali"); });
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->code(), errors::Code::kUnauthenticated);
  auto right = ErrorOf([&] { LoginBudi(); });
  ASSERT_TRUE(right);
  EXPECT_EQ(right->code(), errors::Code::kPermissionDenied);
  EXPECT_EQ(right->message(), i18n::kAccountInactive);
  EXPECT_EQ(users_.Actions(), std::vector<std::string>{"login_failed"});
}

TEST_F(SessionsTest, AnOutageWhileCheckingIsNotAFailedAttempt) {
  users_.down = true;
  for (int i = 0; i < 5; ++i) {
    auto error = ErrorOf([&] { LoginBudi("salah-sekali"); });
    ASSERT_TRUE(error);
    EXPECT_EQ(error->code(), errors::Code::kUnavailable);
  }
  users_.down = false;
  EXPECT_EQ(LoginBudi().user.id, budi_.id);
}

TEST_F(SessionsTest, ADefaultPasswordLogsInMarkedSoItMustBeChanged) {
  UserRecord admin = users_.Add("admin", FakePasswordHasher::HashOf("admin123"),
                                domain::Role::kAdmin, true, /*password_is_default=*/true);
  Session session = sessions_.Login("admin", "admin123", kAddress, gateway_);
  EXPECT_EQ(session.user.id, admin.id);
  EXPECT_TRUE(session.user.password_is_default);
}

TEST_F(SessionsTest, VerifyAcceptsALiveTokenOnly) {
  Session session = LoginBudi();
  VerifiedSession verified = sessions_.Verify(session.token.token);
  EXPECT_EQ(verified.user.id, budi_.id);
  EXPECT_EQ(verified.claims.token_id, session.token.claims.token_id);

  auto refused = [&](const std::string& token) {
    auto error = ErrorOf([&] { sessions_.Verify(token); });
    return error && error->code() == errors::Code::kUnauthenticated;
  };
  EXPECT_TRUE(refused("not-a-token"));
  users_.users[budi_.id].active = false;
  EXPECT_TRUE(refused(session.token.token));
  users_.users[budi_.id].active = true;
  ++users_.users[budi_.id].token_version;  // a role change, deactivation or new password
  EXPECT_TRUE(refused(session.token.token));

  Session fresh = LoginBudi();
  EXPECT_FALSE(refused(fresh.token.token));
  clock_.Advance(seconds(3601));
  EXPECT_TRUE(refused(fresh.token.token));
}

TEST_F(SessionsTest, VerifyRefusesTheTokenOfADeletedUser) {
  Session session = LoginBudi();
  users_.users.erase(budi_.id);
  auto error = ErrorOf([&] { sessions_.Verify(session.token.token); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), errors::Code::kUnauthenticated);
}

TEST_F(SessionsTest, LogoutRevokesTheTokenAndIsAuditedOnce) {
  Session session = LoginBudi();
  sessions_.Logout(session.token.token, gateway_);
  sessions_.Logout(session.token.token, gateway_);
  EXPECT_EQ(users_.Actions(), (std::vector<std::string>{"login", "logout"}));
  EXPECT_EQ(users_.events[1].actor.user_id, budi_.id);
  auto error = ErrorOf([&] { sessions_.Verify(session.token.token); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), errors::Code::kUnauthenticated);
  auto garbage = ErrorOf([&] { sessions_.Logout("not-a-token", gateway_); });
  ASSERT_TRUE(garbage);
  EXPECT_EQ(garbage->code(), errors::Code::kUnauthenticated);
}

TEST_F(SessionsTest, ChangePasswordRefusesBadOrUnchangedPasswords) {
  rpc::Caller budi = CallerOf(budi_);
  auto field = [&](const std::string& old_password, const std::string& new_password,
                   const std::string& name) {
    auto error = ErrorOf([&] { sessions_.ChangePassword(budi, old_password, new_password); });
    if (!error || error->code() != errors::Code::kInvalidArgument) return std::string("no error");
    auto found = error->fields().find(name);
    return found == error->fields().end() ? std::string("no field") : found->second;
  };
  EXPECT_EQ(field("", "rahasia-baru-1", "old_password"), i18n::kFieldRequired);
  EXPECT_EQ(field("rahasia-budi-1", "pendek", "new_password"), i18n::kPasswordTooShort);
  EXPECT_EQ(field("rahasia-budi-1", "password123", "new_password"), i18n::kPasswordTooCommon);
  EXPECT_EQ(field("rahasia-budi-1", "rahasia-budi-1", "new_password"), i18n::kPasswordUnchanged);
  EXPECT_EQ(field("salah-sekali", "rahasia-baru-1", "old_password"), i18n::kOldPasswordWrong);
  EXPECT_EQ(users_.users[budi_.id].password_hash, FakePasswordHasher::HashOf("rahasia-budi-1"));
  EXPECT_TRUE(users_.events.empty());
}

TEST_F(SessionsTest, ChangePasswordNeedsAUser) {
  auto anonymous = ErrorOf([&] { sessions_.ChangePassword(gateway_, "a", "rahasia-baru-1"); });
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->code(), errors::Code::kUnauthenticated);
  UserRecord gone = budi_;
  gone.id = 999;
  auto deleted = ErrorOf(
      [&] { sessions_.ChangePassword(CallerOf(gone), "rahasia-budi-1", "rahasia-baru-1"); });
  ASSERT_TRUE(deleted);
  EXPECT_EQ(deleted->code(), errors::Code::kUnauthenticated);
}

TEST_F(SessionsTest, ChangePasswordClearsTheDefaultFlagAndEndsOlderSessions) {
  users_.users[budi_.id].password_is_default = true;
  Session old = LoginBudi();
  Session fresh = sessions_.ChangePassword(CallerOf(budi_), "rahasia-budi-1", "rahasia-baru-1");
  EXPECT_FALSE(fresh.user.password_is_default);
  EXPECT_EQ(sessions_.Verify(fresh.token.token).user.id, budi_.id);
  auto error = ErrorOf([&] { sessions_.Verify(old.token.token); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), errors::Code::kUnauthenticated);
  EXPECT_EQ(users_.Actions(), (std::vector<std::string>{"login", "password_change"}));
  EXPECT_TRUE(ErrorOf([&] { LoginBudi("rahasia-budi-1"); }));
  EXPECT_EQ(LoginBudi("rahasia-baru-1").user.id, budi_.id);
}

}  // namespace
}  // namespace billing::auth
