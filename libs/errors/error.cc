// Error construction, names and the HTTP mapping (the only place HTTP statuses are chosen).
#include "errors/error.h"

#include <nlohmann/json.hpp>

namespace billing::errors {
namespace {

struct CodeInfo {
  Code code;
  const char* name;
  int http_status;
};

constexpr CodeInfo kCodes[] = {
    {Code::kInvalidArgument, "invalid_argument", 400},
    {Code::kNotFound, "not_found", 404},
    {Code::kAlreadyExists, "already_exists", 409},
    {Code::kPermissionDenied, "permission_denied", 403},
    {Code::kUnauthenticated, "unauthenticated", 401},
    {Code::kFailedPrecondition, "failed_precondition", 409},
    {Code::kResourceExhausted, "resource_exhausted", 429},
    {Code::kUnavailable, "unavailable", 503},
    {Code::kInternal, "internal", 500},
    {Code::kPayloadTooLarge, "payload_too_large", 413},
    {Code::kMethodNotAllowed, "method_not_allowed", 405},
    {Code::kPasswordChangeRequired, "password_change_required", 403},
};

const CodeInfo& Info(Code code) {
  for (const auto& info : kCodes) {
    if (info.code == code) return info;
  }
  return kCodes[8];  // internal
}

}  // namespace

Error::Error(Code code, std::string message, FieldErrors fields)
    : std::runtime_error(message),
      code_(code),
      message_(std::move(message)),
      fields_(std::move(fields)) {}

Error InvalidArgument(std::string message, FieldErrors fields) {
  return Error(Code::kInvalidArgument, std::move(message), std::move(fields));
}
Error NotFound(std::string message) { return Error(Code::kNotFound, std::move(message)); }
Error AlreadyExists(std::string message, FieldErrors fields) {
  return Error(Code::kAlreadyExists, std::move(message), std::move(fields));
}
Error PermissionDenied(std::string message) {
  return Error(Code::kPermissionDenied, std::move(message));
}
Error Unauthenticated(std::string message) {
  return Error(Code::kUnauthenticated, std::move(message));
}
Error FailedPrecondition(std::string message) {
  return Error(Code::kFailedPrecondition, std::move(message));
}
Error Unavailable(std::string message) { return Error(Code::kUnavailable, std::move(message)); }
Error PasswordChangeRequired(std::string message) {
  return Error(Code::kPasswordChangeRequired, std::move(message));
}
Error Internal(std::string message) { return Error(Code::kInternal, std::move(message)); }

const char* CodeName(Code code) { return Info(code).name; }

bool CodeFromName(const std::string& name, Code* code) {
  for (const auto& info : kCodes) {
    if (name == info.name) {
      *code = info.code;
      return true;
    }
  }
  return false;
}

int HttpStatus(Code code) { return Info(code).http_status; }

nlohmann::json ToHttpBody(const Error& error) {
  nlohmann::json fields = nlohmann::json::object();
  for (const auto& [field, message] : error.fields()) fields[field] = message;
  return {{"error",
           {{"code", CodeName(error.code())}, {"message", error.message()}, {"fields", fields}}}};
}

}  // namespace billing::errors
