// Rules for users; messages come from the Indonesian catalogue.
#include "user_rules.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "i18n/messages.h"

namespace billing::auth {
namespace {

// Number of code points, assuming valid UTF-8 (protobuf strings are checked for it).
size_t CodePoints(const std::string& text) {
  size_t count = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++count;
  }
  return count;
}

// Built-in defaults first (services/auth/main.cc seeds them), then common choices.
constexpr std::array<std::string_view, 26> kKnownPasswords = {
    "admin123",    "staff123",      "password",   "password1",  "password123", "passw0rd",
    "12345678",    "123456789",     "1234567890", "87654321",   "11111111",    "00000000",
    "12341234",    "qwerty123",     "qwertyuiop", "1q2w3e4r",   "abcd1234",    "abc12345",
    "admin1234",   "administrator", "iloveyou",   "rahasia123", "bismillah",   "indonesia",
    "internet123", "billing123"};

std::string Lower(const std::string& text) {
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

}  // namespace

bool IsKnownDefaultPassword(const std::string& password) {
  std::string lower = Lower(password);
  return std::find(kKnownPasswords.begin(), kKnownPasswords.end(), lower) != kKnownPasswords.end();
}

std::optional<std::string> CheckUsername(const std::string& username) {
  if (username.empty()) return i18n::kFieldRequired;
  if (username.size() < 3 || username.size() > 32) return i18n::kInvalidUsername;
  for (char c : username) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    if (!ok) return i18n::kInvalidUsername;
  }
  return std::nullopt;
}

std::optional<std::string> CheckFullName(const std::string& full_name) {
  if (CodePoints(full_name) > kMaxFullNameLength) return i18n::kFullNameTooLong;
  for (unsigned char c : full_name) {
    if (c < 0x20 || c == 0x7F) return i18n::kWrongType;
  }
  return std::nullopt;
}

std::optional<std::string> CheckNewPassword(const std::string& password,
                                            const std::string& username) {
  if (password.empty()) return i18n::kFieldRequired;
  if (CodePoints(password) < kMinPasswordLength) return i18n::kPasswordTooShort;
  if (CodePoints(password) > kMaxPasswordLength) return i18n::kPasswordTooLong;
  std::string lower = Lower(password);
  std::string name = Lower(username);
  if (IsKnownDefaultPassword(password) ||
      (!name.empty() && (lower == name || lower == name + "123"))) {
    return i18n::kPasswordTooCommon;
  }
  return std::nullopt;
}

void CheckLoginInput(const std::string& username, const std::string& password) {
  errors::FieldErrors fields;
  if (username.empty()) fields.emplace("username", i18n::kFieldRequired);
  if (password.empty()) fields.emplace("password", i18n::kFieldRequired);
  ThrowIfAny(fields);
  if (username.size() > 64 || password.size() > kMaxPasswordLength * 4) {
    throw errors::Unauthenticated(i18n::kWrongCredentials);
  }
}

void CheckPasswordChange(const std::string& old_password, const std::string& new_password,
                         const std::string& username) {
  errors::FieldErrors fields;
  if (old_password.empty()) fields.emplace("old_password", i18n::kFieldRequired);
  Collect(fields, "new_password", CheckNewPassword(new_password, username));
  if (fields.empty() && old_password == new_password) {
    fields.emplace("new_password", i18n::kPasswordUnchanged);
  }
  ThrowIfAny(fields);
}

domain::Role ParseRoleField(const std::string& text, errors::FieldErrors& fields) {
  auto role = domain::ParseRole(text);
  if (!role) fields.emplace("role", text.empty() ? i18n::kFieldRequired : i18n::kInvalidRole);
  return role.value_or(domain::Role::kStaff);
}

bool IsActiveAdmin(const UserRecord& user) {
  return user.role == domain::Role::kAdmin && user.active;
}

bool RemovesActiveAdmin(const UserRecord& before, const UserChanges& changes) {
  bool stays_active_admin = changes.role.value_or(before.role) == domain::Role::kAdmin &&
                            changes.active.value_or(before.active);
  return IsActiveAdmin(before) && !stays_active_admin;
}

bool EndsSessions(const UserRecord& before, const UserChanges& changes) {
  return (changes.role && *changes.role != before.role) ||
         (changes.active && *changes.active != before.active) || changes.password_hash.has_value();
}

bool PasswordIsDefaultAfter(const UserRecord& before, const UserChanges& changes) {
  return changes.password_is_default.value_or(changes.password_hash ? false
                                                                    : before.password_is_default);
}

bool SetPasswordMustChange(int64_t user_id, int64_t set_by_user_id) {
  return user_id != set_by_user_id;
}

void Collect(errors::FieldErrors& fields, const char* name, std::optional<std::string> message) {
  if (message) fields.emplace(name, std::move(*message));
}

void ThrowIfAny(const errors::FieldErrors& fields) {
  if (!fields.empty()) throw errors::InvalidArgument(i18n::kValidationFailed, fields);
}

}  // namespace billing::auth
