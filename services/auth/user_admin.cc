// User administration: validation first (user_rules), then one store call per change.
#include "user_admin.h"

#include "errors/error.h"
#include "i18n/messages.h"
#include "rpc/paging.h"
#include "user_rules.h"

namespace billing::auth {

UserAdmin::UserAdmin(UserStore& users, const PasswordHashing& hasher)
    : users_(users), hasher_(hasher) {}

void UserAdmin::RequireSettledAdmin(const rpc::Caller& caller) {
  rpc::RequireAdmin(caller);
  // The gateway refuses such accounts already; this keeps a default admin from making itself a
  // fresh admin account by any other path.
  auto user = users_.FindById(caller.user_id);
  if (!user || !user->active) throw errors::Unauthenticated(i18n::kSessionInvalid);
  if (user->role != domain::Role::kAdmin) throw errors::PermissionDenied(i18n::kAdminOnly);
  if (user->password_is_default)
    throw errors::PasswordChangeRequired(i18n::kPasswordChangeRequired);
}

UserPage UserAdmin::List(const rpc::Caller& caller, int limit, int offset) {
  RequireSettledAdmin(caller);
  rpc::Page page = rpc::ReadPage(limit, offset);
  return users_.List(page.limit, page.offset);
}

UserRecord UserAdmin::Create(const rpc::Caller& caller, const UserForm& form) {
  RequireSettledAdmin(caller);
  errors::FieldErrors fields;
  Collect(fields, "username", CheckUsername(form.username));
  Collect(fields, "full_name", CheckFullName(form.full_name));
  Collect(fields, "password", CheckNewPassword(form.password, form.username));
  NewUser user;
  user.role = ParseRoleField(form.role, fields);
  ThrowIfAny(fields);
  user.username = form.username;
  user.full_name = form.full_name;
  user.active = form.active.value_or(true);
  user.password_hash = hasher_.Hash(form.password);
  return users_.Create(user, caller);
}

UserRecord UserAdmin::Update(const rpc::Caller& caller, const UserEdit& edit) {
  RequireSettledAdmin(caller);
  if (edit.id <= 0) throw errors::NotFound(i18n::kUserNotFound);
  errors::FieldErrors fields;
  UserChanges changes;
  if (edit.full_name) {
    Collect(fields, "full_name", CheckFullName(*edit.full_name));
    changes.full_name = edit.full_name;
  }
  if (edit.role) changes.role = ParseRoleField(*edit.role, fields);
  changes.active = edit.active;
  if (edit.password) {
    auto target = users_.FindById(edit.id);
    if (!target) throw errors::NotFound(i18n::kUserNotFound);
    Collect(fields, "password", CheckNewPassword(*edit.password, target->username));
  }
  ThrowIfAny(fields);
  if (edit.password) {
    changes.password_hash = hasher_.Hash(*edit.password);
    changes.password_is_default = SetPasswordMustChange(edit.id, caller.user_id);
  }
  return users_.Update(edit.id, changes, caller, /*own_password=*/false);
}

void UserAdmin::Delete(const rpc::Caller& caller, int64_t id) {
  RequireSettledAdmin(caller);
  if (id == caller.user_id) throw errors::FailedPrecondition(i18n::kCannotDeleteSelf);
  if (id <= 0) throw errors::NotFound(i18n::kUserNotFound);
  users_.Delete(id, caller);
}

}  // namespace billing::auth
