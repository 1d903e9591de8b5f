// Request helpers: JSON body parsing with limits, id parameters, gRPC contexts.
#include "http/request_context.h"

#include "errors/error.h"
#include "errors/grpc_status.h"
#include "i18n/messages.h"

namespace billing::gateway {

Response Response::Json(const nlohmann::json& body, int status) {
  Response response;
  response.status = status;
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

nlohmann::json RequestContext::JsonBody() const {
  const std::string& body = request.body();
  if (body.size() > max_body_bytes) {
    throw errors::Error(errors::Code::kPayloadTooLarge, i18n::kBodyTooLarge);
  }
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) throw errors::InvalidArgument(i18n::kInvalidJson);
  if (!parsed.is_object()) throw errors::InvalidArgument(i18n::kJsonObjectExpected);
  return parsed;
}

int64_t RequestContext::IdParam(const std::string& name) const {
  auto it = params.find(name);
  std::string text = it == params.end() ? std::string() : it->second;
  int64_t id = 0;
  if (text.empty() || text.size() > 18 ||
      text.find_first_not_of("0123456789") != std::string::npos || (id = std::stoll(text)) <= 0) {
    throw errors::InvalidArgument(i18n::kInvalidId, {{name, i18n::kInvalidId}});
  }
  return id;
}

std::string RequestContext::Query(const std::string& name) const {
  return request.query().get(name).value_or("");
}

std::unique_ptr<grpc::ClientContext> RequestContext::Grpc(std::chrono::milliseconds timeout) const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + timeout);
  rpc::AttachCaller(*context, caller);
  return context;
}

void Check(const grpc::Status& status) {
  if (!status.ok()) throw errors::FromGrpcStatus(status);
}

}  // namespace billing::gateway
