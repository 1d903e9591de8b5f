// Cloud API requests: free text, or an approved template when one is configured for the kind.
#include "providers/cloud_provider.h"

#include "http/url_encoding.h"
#include "i18n/messages.h"

namespace billing::messaging {
namespace {

std::string ErrorMessage(const std::string& body) {
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, false);
  if (parsed.is_object() && parsed.contains("error") && parsed["error"].is_object()) {
    const auto& error = parsed["error"];
    std::string text = error.value("message", "");
    if (error.contains("code") && error["code"].is_number_integer()) {
      text += " (code " + std::to_string(error["code"].get<int64_t>()) + ")";
    }
    return text;
  }
  return body;
}

// The Cloud API refuses a template parameter with a line break; {rincian} has one a line.
std::string OneLine(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\r') continue;
    out += c == '\n' ? std::string("; ") : std::string(1, c);
  }
  return out;
}

}  // namespace

CloudProvider::CloudProvider(const bills::v1::WhatsAppSettings& whatsapp)
    : base_url_(TrimSlashes(whatsapp.base_url())),
      token_(whatsapp.token()),
      phone_number_id_(whatsapp.phone_number_id()),
      api_version_(whatsapp.api_version()),
      templates_(whatsapp.cloud_templates()) {
  if (base_url_.empty()) base_url_ = kCloudDefaultBaseUrl;
}

std::string CloudProvider::NumberUrl() const {
  return base_url_ + "/" + UrlEncode(api_version_) + "/" + UrlEncode(phone_number_id_);
}

HttpRequest CloudProvider::BuildRequest(const OutgoingMessage& message) const {
  HttpRequest request;
  request.method = "POST";
  request.url = NumberUrl() + "/messages";
  request.headers = {{"Authorization", "Bearer " + token_}, {"Content-Type", "application/json"}};
  nlohmann::json body = {{"messaging_product", "whatsapp"}, {"to", message.to}};
  const bills::v1::CloudTemplate* approved = nullptr;
  if (auto entry = templates_.find(message.kind);
      entry != templates_.end() && !entry->second.name().empty()) {
    approved = &entry->second;
  }
  if (approved) {
    nlohmann::json parameters = nlohmann::json::array();
    for (const auto& key : approved->parameters()) {
      std::string value = OneLine(message.params.value(key, ""));
      parameters.push_back({{"type", "text"}, {"text", value.empty() ? "-" : value}});
    }
    // A template saved without a language is in Indonesian, the business' language.
    const std::string& language = approved->language().empty() ? "id" : approved->language();
    nlohmann::json tmpl = {{"name", approved->name()}, {"language", {{"code", language}}}};
    if (!parameters.empty()) {
      tmpl["components"] = {{{"type", "body"}, {"parameters", parameters}}};
    }
    body["type"] = "template";
    body["template"] = tmpl;
  } else {
    body["type"] = "text";
    body["text"] = {{"preview_url", false}, {"body", message.body}};
  }
  request.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return request;
}

SendResult CloudProvider::ParseResponse(const HttpResult& result) const {
  if (result.status >= 200 && result.status < 300) {
    nlohmann::json parsed = nlohmann::json::parse(result.body, nullptr, false);
    SendResult out;
    if (parsed.is_object() && parsed.contains("messages") && parsed["messages"].is_array() &&
        !parsed["messages"].empty() && parsed["messages"][0].is_object() &&
        parsed["messages"][0].contains("id") && parsed["messages"][0]["id"].is_string()) {
      out.outcome = SendResult::Outcome::kSent;
      out.provider_message_id = parsed["messages"][0]["id"].get<std::string>();
      return out;
    }
    // Accepted with an answer we do not understand: it may have gone out, so never retry.
    out.outcome = SendResult::Outcome::kPermanent;
    out.reason = ClipReason(i18n::kProviderUnexpectedAnswer + result.body);
    return out;
  }
  return ClassifyFailure(result, ErrorMessage(result.body));
}

ConnectionCheck CloudProvider::Check(HttpTransport& transport) const {
  if (token_.empty() || phone_number_id_.empty()) return {false, i18n::kProviderNotConfigured};
  HttpRequest request;
  request.method = "GET";
  request.url = NumberUrl() + "?fields=id";
  request.headers = {{"Authorization", "Bearer " + token_}};
  HttpResult result = transport.Perform(request);
  if (result.status >= 200 && result.status < 300) return {true, ""};
  return {false, ClassifyFailure(result, ErrorMessage(result.body)).reason};
}

}  // namespace billing::messaging
