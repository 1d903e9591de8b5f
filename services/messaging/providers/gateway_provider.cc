// WA gateway requests: a form post; the JSON answer says "status": true or gives a "reason".
#include "providers/gateway_provider.h"

#include "http/url_encoding.h"
#include "i18n/messages.h"

namespace billing::messaging {
namespace {

std::string IdOf(const nlohmann::json& answer) {
  if (!answer.contains("id")) return "";
  const auto& id = answer["id"];
  if (id.is_string()) return id.get<std::string>();
  if (id.is_number_integer()) return std::to_string(id.get<int64_t>());
  if (id.is_array() && !id.empty()) return IdOf(nlohmann::json{{"id", id[0]}});
  return "";
}

std::string ReasonOf(const nlohmann::json& answer, const std::string& body) {
  if (answer.is_object() && answer.contains("reason") && answer["reason"].is_string()) {
    return answer["reason"].get<std::string>();
  }
  return body;
}

}  // namespace

GatewayProvider::GatewayProvider(const bills::v1::WhatsAppSettings& whatsapp)
    : base_url_(TrimSlashes(whatsapp.base_url())), token_(whatsapp.token()) {
  if (base_url_.empty()) base_url_ = kGatewayDefaultBaseUrl;
}

HttpRequest GatewayProvider::BuildRequest(const OutgoingMessage& message) const {
  HttpRequest request;
  request.method = "POST";
  request.url = base_url_ + "/send";
  request.headers = {{"Authorization", token_},
                     {"Content-Type", "application/x-www-form-urlencoded"}};
  request.body = FormBody({{"target", message.to}, {"message", message.body}});
  return request;
}

SendResult GatewayProvider::ParseResponse(const HttpResult& result) const {
  nlohmann::json answer = nlohmann::json::parse(result.body, nullptr, false);
  if (result.status >= 200 && result.status < 300) {
    SendResult out;
    if (answer.is_object() && answer.value("status", false) == true) {
      out.outcome = SendResult::Outcome::kSent;
      out.provider_message_id = IdOf(answer);
      return out;
    }
    // "status": false is the gateway's refusal (invalid number, no quota...): final.
    out.outcome = SendResult::Outcome::kPermanent;
    out.reason = ClipReason(answer.is_object() ? ReasonOf(answer, result.body)
                                               : i18n::kProviderUnexpectedAnswer + result.body);
    return out;
  }
  return ClassifyFailure(result, ReasonOf(answer, result.body));
}

ConnectionCheck GatewayProvider::Check(HttpTransport& transport) const {
  if (token_.empty()) return {false, i18n::kProviderNotConfigured};
  HttpRequest request;
  request.method = "POST";
  request.url = base_url_ + "/device";
  request.headers = {{"Authorization", token_}};
  HttpResult result = transport.Perform(request);
  nlohmann::json answer = nlohmann::json::parse(result.body, nullptr, false);
  if (result.status >= 200 && result.status < 300 && answer.is_object() &&
      answer.value("status", false) == true) {
    return {true, ""};
  }
  if (result.status >= 200 && result.status < 300) {
    return {false, ClipReason(ReasonOf(answer, result.body))};
  }
  return {false, ClassifyFailure(result, ReasonOf(answer, result.body)).reason};
}

}  // namespace billing::messaging
