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
#include "user_store.h"

namespace billing::auth {

class UserRepository final : public UserStore {
 public:
  explicit UserRepository(db::Pool& pool);

  std::optional<UserRecord> FindByUsername(const std::string& username) override;
  std::optional<UserRecord> FindById(int64_t id) override;
  std::optional<UserRecord> FindForToken(int64_t id, const std::string& token_id,
                                         bool* revoked) override;
  UserPage List(int limit, int offset) override;

  UserRecord Create(const NewUser& user, const rpc::Caller& actor) override;
  // The last-admin rule is checked under a lock, so two admins cannot remove each other at once.
  UserRecord Update(int64_t id, const UserChanges& changes, const rpc::Caller& actor,
                    bool own_password) override;
  void Delete(int64_t id, const rpc::Caller& actor) override;
  void RecordLogin(const UserRecord& user, const rpc::Caller& actor) override;
  void RecordFailedLogin(const std::string& username, const std::string& address) override;
  void RevokeToken(const std::string& token_id, std::chrono::system_clock::time_point expires,
                   const rpc::Caller& actor) override;

  // Inserts the defaults only into an empty users table; returns how many were created.
  // `defaults` runs only then, so the default passwords are hashed on the first start alone.
  int SeedIfEmpty(const std::function<std::vector<NewUser>()>& defaults);

 private:
  db::Pool& pool_;
};

}  // namespace billing::auth
