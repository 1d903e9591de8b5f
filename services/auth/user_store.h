// The users as the auth logic sees them: the records and the narrow interface it consumes
// (UserRepository stores them in PostgreSQL; testing/fake_user_store.h keeps them in memory).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/role.h"
#include "rpc/caller.h"

namespace billing::auth {

// What a user is made of when created.
struct NewUser {
  std::string username;
  std::string full_name;
  domain::Role role = domain::Role::kStaff;
  bool active = true;
  std::string password_hash;
  bool password_is_default = false;
};

// A stored user: its fields and what the store keeps about it.
struct UserRecord : NewUser {
  int64_t id = 0;
  int64_t token_version = 1;
  std::string created_at;  // RFC 3339
  std::string updated_at;
  std::string last_login_at;  // empty when never
};

struct UserChanges {
  std::optional<std::string> full_name;
  std::optional<domain::Role> role;
  std::optional<bool> active;
  std::optional<std::string> password_hash;
  // Whether the new password must be changed at the next login; a new password without this
  // set clears the flag.
  std::optional<bool> password_is_default;
};

struct UserPage {
  std::vector<UserRecord> items;
  int64_t total = 0;
};

// Every change also writes its audit/event row in the same transaction; `actor` is who made it.
class UserStore {
 public:
  virtual ~UserStore() = default;

  virtual std::optional<UserRecord> FindByUsername(const std::string& username) = 0;
  virtual std::optional<UserRecord> FindById(int64_t id) = 0;
  // The user and whether `token_id` was revoked, in one round trip (runs on every request).
  virtual std::optional<UserRecord> FindForToken(int64_t id, const std::string& token_id,
                                                 bool* revoked) = 0;
  virtual UserPage List(int limit, int offset) = 0;

  // Throws already_exists when the username (case-insensitive) is taken.
  virtual UserRecord Create(const NewUser& user, const rpc::Caller& actor) = 0;
  // Applies the changes; throws not_found, or failed_precondition when the change would leave
  // no active admin (RemovesActiveAdmin). Bumps the token version when EndsSessions, so older
  // tokens stop working. `own_password`: the user changes their own password (audited as such).
  virtual UserRecord Update(int64_t id, const UserChanges& changes, const rpc::Caller& actor,
                            bool own_password) = 0;
  // Throws not_found, or failed_precondition when it would leave no active admin.
  virtual void Delete(int64_t id, const rpc::Caller& actor) = 0;
  virtual void RecordLogin(const UserRecord& user, const rpc::Caller& actor) = 0;
  // Audits a refused login (no actor: the attempted username goes into the summary).
  virtual void RecordFailedLogin(const std::string& username, const std::string& address) = 0;
  // Logout of `actor` (the token's user); a token revoked twice is audited once.
  virtual void RevokeToken(const std::string& token_id,
                           std::chrono::system_clock::time_point expires,
                           const rpc::Caller& actor) = 0;
};

}  // namespace billing::auth
