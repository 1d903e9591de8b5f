// User administration for admins: listing, creating, editing (role, activation, password reset)
// and deleting users, and the check that the caller is a settled admin.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "password_hasher.h"
#include "rpc/caller.h"
#include "user_store.h"

namespace billing::auth {

// A user to create, as an admin asked for it (validated here).
struct UserForm {
  std::string username;
  std::string full_name;
  std::string password;
  std::string role;
  std::optional<bool> active;  // default: active
};

// An edit of user `id`: only the fields given change.
struct UserEdit {
  int64_t id = 0;
  std::optional<std::string> full_name;
  std::optional<std::string> role;
  std::optional<bool> active;
  std::optional<std::string> password;
};

class UserAdmin final {
 public:
  UserAdmin(UserStore& users, const PasswordHashing& hasher);

  // An admin caller whose account is active and not waiting for a password change; throws
  // unauthenticated, permission_denied or password_change_required otherwise.
  void RequireSettledAdmin(const rpc::Caller& caller);

  // One page of users (limit 0: the default page); throws invalid_argument naming limit/offset
  // when they break the one paging rule (rpc/paging.h).
  UserPage List(const rpc::Caller& caller, int limit, int offset);
  // Throws invalid_argument naming the bad fields, already_exists for a taken username.
  UserRecord Create(const rpc::Caller& caller, const UserForm& form);
  // A password set for someone else must be changed at their next login. Throws not_found,
  // invalid_argument, or failed_precondition when no active admin would remain.
  UserRecord Update(const rpc::Caller& caller, const UserEdit& edit);
  // Nobody deletes themself; the last active admin stays.
  void Delete(const rpc::Caller& caller, int64_t id);

 private:
  UserStore& users_;
  const PasswordHashing& hasher_;
};

}  // namespace billing::auth
