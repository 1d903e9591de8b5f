// Error <-> grpc::Status; fields and our code name travel as JSON in error_details.
#include "errors/grpc_status.h"

#include <nlohmann/json.hpp>

#include "i18n/messages.h"

namespace billing::errors {
namespace {

grpc::StatusCode GrpcCode(Code code) {
  switch (code) {
    case Code::kInvalidArgument:
      return grpc::StatusCode::INVALID_ARGUMENT;
    case Code::kNotFound:
      return grpc::StatusCode::NOT_FOUND;
    case Code::kAlreadyExists:
      return grpc::StatusCode::ALREADY_EXISTS;
    case Code::kPermissionDenied:
    case Code::kPasswordChangeRequired:
      return grpc::StatusCode::PERMISSION_DENIED;
    case Code::kUnauthenticated:
      return grpc::StatusCode::UNAUTHENTICATED;
    case Code::kFailedPrecondition:
      return grpc::StatusCode::FAILED_PRECONDITION;
    case Code::kResourceExhausted:
      return grpc::StatusCode::RESOURCE_EXHAUSTED;
    case Code::kUnavailable:
      return grpc::StatusCode::UNAVAILABLE;
    case Code::kPayloadTooLarge:
      return grpc::StatusCode::INVALID_ARGUMENT;
    case Code::kMethodNotAllowed:
      return grpc::StatusCode::UNIMPLEMENTED;
    case Code::kInternal:
      return grpc::StatusCode::INTERNAL;
  }
  return grpc::StatusCode::INTERNAL;
}

Code FallbackCode(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::INVALID_ARGUMENT:
      return Code::kInvalidArgument;
    case grpc::StatusCode::NOT_FOUND:
      return Code::kNotFound;
    case grpc::StatusCode::ALREADY_EXISTS:
      return Code::kAlreadyExists;
    case grpc::StatusCode::PERMISSION_DENIED:
      return Code::kPermissionDenied;
    case grpc::StatusCode::UNAUTHENTICATED:
      return Code::kUnauthenticated;
    case grpc::StatusCode::FAILED_PRECONDITION:
      return Code::kFailedPrecondition;
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return Code::kResourceExhausted;
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::CANCELLED:
      return Code::kUnavailable;
    default:
      return Code::kInternal;
  }
}

}  // namespace

grpc::Status ToGrpcStatus(const Error& error) {
  nlohmann::json details = {{"code", CodeName(error.code())}};
  if (!error.fields().empty()) details["fields"] = error.fields();
  if (error.retry_after_seconds() > 0) details["retry_after"] = error.retry_after_seconds();
  return grpc::Status(GrpcCode(error.code()), error.message(), details.dump());
}

Error FromGrpcStatus(const grpc::Status& status) {
  Code code = FallbackCode(status.error_code());
  FieldErrors fields;
  int retry_after = 0;
  auto details = nlohmann::json::parse(status.error_details(), nullptr, false);
  bool ours = details.is_object() && details.contains("code");
  if (ours) {
    CodeFromName(details.value("code", ""), &code);
    if (details.contains("fields") && details["fields"].is_object()) {
      for (const auto& [field, message] : details["fields"].items()) {
        if (message.is_string()) fields[field] = message.get<std::string>();
      }
    }
    retry_after = details.value("retry_after", 0);
  }
  std::string message = ours ? status.error_message() : std::string();
  if (message.empty()) {
    message = code == Code::kUnavailable ? i18n::kServiceUnavailable : i18n::kInternalError;
  }
  Error error(code, message, std::move(fields));
  if (retry_after > 0) error.WithRetryAfter(retry_after);
  return error;
}

void ThrowIfFailed(const grpc::Status& status) {
  if (!status.ok()) throw FromGrpcStatus(status);
}

}  // namespace billing::errors
