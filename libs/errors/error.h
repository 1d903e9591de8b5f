// The one error type of the suite: a code, a message for people and per-field messages.
#pragma once

#include <map>
#include <stdexcept>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace billing::errors {

enum class Code {
  kInvalidArgument,
  kNotFound,
  kAlreadyExists,
  kPermissionDenied,
  kUnauthenticated,
  kFailedPrecondition,
  kResourceExhausted,
  kUnavailable,
  kInternal,
  kPayloadTooLarge,
  kMethodNotAllowed,
  // The account must change its password before any other call (403).
  kPasswordChangeRequired,
};

using FieldErrors = std::map<std::string, std::string>;

class Error final : public std::runtime_error {
 public:
  Error(Code code, std::string message, FieldErrors fields = {});

  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  const FieldErrors& fields() const { return fields_; }
  int retry_after_seconds() const { return retry_after_seconds_; }
  Error& WithRetryAfter(int seconds) {
    retry_after_seconds_ = seconds;
    return *this;
  }

 private:
  Code code_;
  std::string message_;
  FieldErrors fields_;
  int retry_after_seconds_ = 0;
};

Error InvalidArgument(std::string message, FieldErrors fields = {});
Error NotFound(std::string message);
Error AlreadyExists(std::string message, FieldErrors fields = {});
Error PermissionDenied(std::string message);
Error Unauthenticated(std::string message);
Error FailedPrecondition(std::string message);
Error Unavailable(std::string message);
Error PasswordChangeRequired(std::string message);
Error Internal(std::string message);

// Stable machine-readable name, e.g. "invalid_argument".
const char* CodeName(Code code);
bool CodeFromName(const std::string& name, Code* code);
int HttpStatus(Code code);

// {"error": {"code", "message", "fields"}}: the body of every HTTP error.
nlohmann::json ToHttpBody(const Error& error);

}  // namespace billing::errors
