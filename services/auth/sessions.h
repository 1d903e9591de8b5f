// Sessions: login (with the attempt limit), token checks, logout and a user's own password
// change, over the user store, the password hasher, the token issuer and the login limiter.
#pragma once

#include <string>

#include "login_limiter.h"
#include "password_hasher.h"
#include "rpc/caller.h"
#include "token_issuer.h"
#include "user_store.h"

namespace billing::auth {

// A token just issued and the user it is for.
struct Session {
  IssuedToken token;
  UserRecord user;
};

// A presented token that is still good, and its user.
struct VerifiedSession {
  UserRecord user;
  TokenClaims claims;
};

class Sessions final {
 public:
  using Deadline = PasswordHashing::Deadline;

  Sessions(UserStore& users, const PasswordHashing& hasher, const TokenIssuer& tokens,
           LoginLimiter& limiter);

  // `request` is who asks (the gateway, for the client at `client_ip`); the login is recorded
  // as the user's own act. Throws invalid_argument for missing fields, unauthenticated for wrong
  // credentials (an unknown username costs the same hash as a known one), resource_exhausted
  // when the attempts are used up, permission_denied for an inactive account (only after the
  // right password, so an inactive account cannot be told apart otherwise). An outage while
  // checking does not count as a failed attempt.
  Session Login(const std::string& username, const std::string& password,
                const std::string& client_ip, const rpc::Caller& request,
                Deadline deadline = PasswordHashing::kNoDeadline);
  // Throws unauthenticated unless the token is well formed, unexpired, not revoked and issued
  // for the user's current token version, and the user is active.
  VerifiedSession Verify(const std::string& token);
  // Revokes the token (until it would have expired anyway).
  void Logout(const std::string& token, const rpc::Caller& request);
  // The caller's own password; returns a fresh session (the change ends the older ones).
  Session ChangePassword(const rpc::Caller& caller, const std::string& old_password,
                         const std::string& new_password);

 private:
  Session Issue(const UserRecord& user) const;

  UserStore& users_;
  const PasswordHashing& hasher_;
  const TokenIssuer& tokens_;
  LoginLimiter& limiter_;
  std::string dummy_hash_;  // verified against for unknown usernames, to equalise timing
};

}  // namespace billing::auth
