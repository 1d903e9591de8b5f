// All SQL of the auth schema: users and revoked tokens. Every change also writes its
// audit/event row (events::Record) in the same transaction; `actor` is who made it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "db/pool.h"
#include "domain/role.h"
#include "rpc/caller.h"

namespace billing::auth {

struct UserRecord {
  int64_t id = 0;
  std::string username;
  std::string full_name;
  domain::Role role = domain::Role::kStaff;
  bool active = true;
  std::string password_hash;
  bool password_is_default = false;
  int64_t token_version = 1;
  std::string created_at;  // RFC 3339
  std::string updated_at;
  std::string last_login_at;  // empty when never
};

struct NewUser {
  std::string username;
  std::string full_name;
  domain::Role role = domain::Role::kStaff;
  bool active = true;
  std::string password_hash;
  bool password_is_default = false;
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

class UserRepository final {
 public:
  explicit UserRepository(db::Pool& pool);

  std::optional<UserRecord> FindByUsername(const std::string& username);
  std::optional<UserRecord> FindById(int64_t id);
  // The user and whether `token_id` was revoked, in one round trip (runs on every request).
  std::optional<UserRecord> FindForToken(int64_t id, const std::string& token_id, bool* revoked);
  UserPage List(int limit, int offset);

  // Throws already_exists when the username (case-insensitive) is taken.
  UserRecord Create(const NewUser& user, const rpc::Caller& actor);
  // Applies the changes; throws not_found, or failed_precondition when the change would leave
  // no active admin. Bumps the token version when role, active or password changes, so older
  // tokens stop working. `own_password`: the user changes their own password (audited as such).
  UserRecord Update(int64_t id, const UserChanges& changes, const rpc::Caller& actor,
                    bool own_password = false);
  void Delete(int64_t id, const rpc::Caller& actor);
  void RecordLogin(const UserRecord& user, const rpc::Caller& actor);
  // Audits a refused login (no actor: the attempted username goes into the summary).
  void RecordFailedLogin(const std::string& username, const std::string& address);

  // Logout of `actor` (the token's user).
  void RevokeToken(const std::string& token_id, std::chrono::system_clock::time_point expires,
                   const rpc::Caller& actor);
  // Inserts the defaults only into an empty users table; returns how many were created.
  // `defaults` runs only then, so the default passwords are hashed on the first start alone.
  int SeedIfEmpty(const std::function<std::vector<NewUser>()>& defaults);

 private:
  db::Pool& pool_;
};

}  // namespace billing::auth
