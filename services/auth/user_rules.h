// Pure rules for users: validation of usernames, names, passwords and logins, and the decisions
// about a change (does it take an active admin away, does it end the sessions).
#pragma once

#include <optional>
#include <string>

#include "domain/role.h"
#include "errors/error.h"
#include "user_store.h"

namespace billing::auth {

inline constexpr size_t kMinPasswordLength = 8;
inline constexpr size_t kMaxPasswordLength = 128;
inline constexpr size_t kMaxFullNameLength = 100;

// Each returns the message for the field, or nullopt when the value is fine.
std::optional<std::string> CheckUsername(const std::string& username);
std::optional<std::string> CheckFullName(const std::string& full_name);
// A new password for `username`: 8-128 characters, not a known default or common password and
// not the username itself (compared case-insensitively).
std::optional<std::string> CheckNewPassword(const std::string& password,
                                            const std::string& username);
// True for the passwords anyone would try first: the suite's built-in defaults and the most
// common ones.
bool IsKnownDefaultPassword(const std::string& password);

// Login input: both fields are required (invalid_argument); a username or password longer than
// any real one is refused as wrong credentials (unauthenticated) before anything is counted.
void CheckLoginInput(const std::string& username, const std::string& password);
// A password change of `username`'s own password: the old one given, the new one acceptable
// (CheckNewPassword) and different. Throws invalid_argument naming the fields.
void CheckPasswordChange(const std::string& old_password, const std::string& new_password,
                         const std::string& username);
// The role named in a request; a missing or unknown name adds a field error (and staff stands
// in for it until ThrowIfAny).
domain::Role ParseRoleField(const std::string& text, errors::FieldErrors& fields);

// An admin who is active: the suite must always keep one.
bool IsActiveAdmin(const UserRecord& user);
// Whether `changes` demote or deactivate an active admin (then another active admin must remain).
bool RemovesActiveAdmin(const UserRecord& before, const UserChanges& changes);
// Whether `changes` end the user's sessions: a new role, (de)activation or a new password.
bool EndsSessions(const UserRecord& before, const UserChanges& changes);
// password_is_default after `changes`: as set, else cleared by a new password, else unchanged.
bool PasswordIsDefaultAfter(const UserRecord& before, const UserChanges& changes);
// A password an admin sets for someone else is known to two people: its owner must replace it
// at the next login. One an admin sets for themself is theirs alone.
bool SetPasswordMustChange(int64_t user_id, int64_t set_by_user_id);

// Adds the message (if any) to `fields` under `name`.
void Collect(errors::FieldErrors& fields, const char* name, std::optional<std::string> message);
// Throws invalid_argument with the collected fields, if any.
void ThrowIfAny(const errors::FieldErrors& fields);

}  // namespace billing::auth
