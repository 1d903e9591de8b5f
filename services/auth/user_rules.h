// Pure validation rules for user data: usernames, names, passwords, paging.
#pragma once

#include <optional>
#include <string>

#include "errors/error.h"

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

// Adds the message (if any) to `fields` under `name`.
void Collect(errors::FieldErrors& fields, const char* name, std::optional<std::string> message);
// Throws invalid_argument with the collected fields, if any.
void ThrowIfAny(const errors::FieldErrors& fields);

}  // namespace billing::auth
