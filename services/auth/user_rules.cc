// Validation of user fields; messages come from the Indonesian catalogue.
#include "user_rules.h"

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

}  // namespace

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

std::optional<std::string> CheckNewPassword(const std::string& password) {
  if (password.empty()) return i18n::kFieldRequired;
  if (CodePoints(password) < kMinPasswordLength) return i18n::kPasswordTooShort;
  if (CodePoints(password) > kMaxPasswordLength) return i18n::kPasswordTooLong;
  return std::nullopt;
}

void Collect(errors::FieldErrors& fields, const char* name, std::optional<std::string> message) {
  if (message) fields.emplace(name, std::move(*message));
}

void ThrowIfAny(const errors::FieldErrors& fields) {
  if (!fields.empty()) throw errors::InvalidArgument(i18n::kValidationFailed, fields);
}

}  // namespace billing::auth
