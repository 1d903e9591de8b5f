// Sessions: the order of the login steps is what keeps the limit and the timing honest.
#include "sessions.h"

#include <optional>

#include "errors/error.h"
#include "i18n/messages.h"
#include "user_rules.h"

namespace billing::auth {

Sessions::Sessions(UserStore& users, const PasswordHashing& hasher, const TokenIssuer& tokens,
                   LoginLimiter& limiter)
    : users_(users),
      hasher_(hasher),
      tokens_(tokens),
      limiter_(limiter),
      dummy_hash_(hasher.Hash("not-a-real-password")) {}

Session Sessions::Issue(const UserRecord& user) const {
  return {tokens_.Issue(user.id, user.username, user.role, user.token_version), user};
}

Session Sessions::Login(const std::string& username, const std::string& password,
                        const std::string& client_ip, const rpc::Caller& request,
                        Deadline deadline) {
  CheckLoginInput(username, password);
  LoginAttempt attempt = limiter_.Begin(username, client_ip);
  std::optional<UserRecord> user;
  bool password_ok = false;
  try {
    user = users_.FindByUsername(username);
    password_ok = hasher_.Verify(user ? user->password_hash : dummy_hash_, password, deadline);
  } catch (...) {
    limiter_.Abandoned(attempt);  // an outage is not a wrong password
    throw;
  }
  if (!user || !password_ok) {
    users_.RecordFailedLogin(username, client_ip);
    throw errors::Unauthenticated(i18n::kWrongCredentials);
  }
  limiter_.Succeeded(attempt);
  if (!user->active) throw errors::PermissionDenied(i18n::kAccountInactive);
  rpc::Caller actor = request;
  actor.user_id = user->id;
  actor.username = user->username;
  users_.RecordLogin(*user, actor);
  return Issue(*user);
}

VerifiedSession Sessions::Verify(const std::string& token) {
  TokenClaims claims = tokens_.Decode(token);
  bool revoked = false;
  auto user = users_.FindForToken(claims.user_id, claims.token_id, &revoked);
  if (!user || revoked || !user->active || user->token_version != claims.token_version) {
    throw errors::Unauthenticated(i18n::kSessionInvalid);
  }
  return {*user, claims};
}

void Sessions::Logout(const std::string& token, const rpc::Caller& request) {
  TokenClaims claims = tokens_.Decode(token);
  rpc::Caller actor = request;
  actor.user_id = claims.user_id;
  actor.username = claims.username;
  users_.RevokeToken(claims.token_id, claims.expires_at, actor);
}

Session Sessions::ChangePassword(const rpc::Caller& caller, const std::string& old_password,
                                 const std::string& new_password) {
  rpc::RequireUser(caller);
  auto user = users_.FindById(caller.user_id);
  if (!user) throw errors::Unauthenticated(i18n::kSessionInvalid);
  CheckPasswordChange(old_password, new_password, user->username);
  if (!hasher_.Verify(user->password_hash, old_password)) {
    throw errors::InvalidArgument(i18n::kOldPasswordWrong,
                                  {{"old_password", i18n::kOldPasswordWrong}});
  }
  UserChanges changes;
  changes.password_hash = hasher_.Hash(new_password);
  return Issue(users_.Update(user->id, changes, caller, /*own_password=*/true));
}

}  // namespace billing::auth
