// Request helpers: JSON body parsing with limits, id parameters, gRPC contexts.
#include "http/request_context.h"

#include <limits>
#include <optional>

#include "errors/error.h"
#include "errors/grpc_status.h"
#include "http/query_params.h"
#include "http/utf8.h"
#include "i18n/messages.h"

namespace billing::gateway {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Pistache hands query values over still percent-encoded; '+' is a space (form encoding).
// A malformed escape is kept as it is.
std::string DecodeQueryValue(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out.push_back(' ');
    } else if (text[i] == '%' && i + 2 < text.size() && HexDigit(text[i + 1]) >= 0 &&
               HexDigit(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexDigit(text[i + 1]) * 16 + HexDigit(text[i + 2])));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

}  // namespace

Response Response::NoContent() {
  Response response;
  response.status = 204;
  return response;
}

Response Response::Json(const nlohmann::json& body, int status) {
  Response response;
  response.status = status;
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

Response Response::JsonText(std::string body, int status) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

void RequestContext::NoFields() const {
  if (!request.body().empty()) (void)JsonBody();
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
  std::optional<int64_t> id =
      ParseWholeNumber(it == params.end() ? std::string_view() : std::string_view(it->second), 1,
                       std::numeric_limits<int64_t>::max());
  if (!id) throw errors::InvalidArgument(i18n::kInvalidId, {{name, i18n::kInvalidId}});
  return *id;
}

std::string RequestContext::Query(const std::string& name) const {
  std::string value = DecodeQueryValue(request.query().get(name).value_or(""));
  if (!IsValidUtf8(value)) {
    throw errors::InvalidArgument(i18n::kInvalidUtf8, {{name, i18n::kInvalidUtf8}});
  }
  return value;
}

std::unique_ptr<grpc::ClientContext> RequestContext::Grpc(std::chrono::milliseconds timeout) const {
  return rpc::OutgoingContext(caller, timeout);
}

void Check(const grpc::Status& status) { errors::ThrowIfFailed(status); }

void RequestContext::EndExclusive() {
  if (!end_exclusive) return;
  std::function<void()> end = std::move(end_exclusive);
  end_exclusive = nullptr;
  end();
}

}  // namespace billing::gateway
