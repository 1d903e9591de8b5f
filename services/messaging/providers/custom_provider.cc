// Custom URL requests: placeholders are URL-encoded; any 2xx means sent.
#include "providers/custom_provider.h"

#include "http/url_encoding.h"
#include "i18n/messages.h"

namespace billing::messaging {
namespace {

std::string Substitute(std::string text, const std::string& name, const std::string& value) {
  std::string placeholder = "{" + name + "}";
  for (size_t at = text.find(placeholder); at != std::string::npos;
       at = text.find(placeholder, at + value.size())) {
    text.replace(at, placeholder.size(), value);
  }
  return text;
}

}  // namespace

bool IsUsableUrlTemplate(const std::string& url_template) {
  bool http = url_template.rfind("http://", 0) == 0 || url_template.rfind("https://", 0) == 0;
  return http && url_template.find("{target}") != std::string::npos &&
         url_template.find("{message}") != std::string::npos;
}

CustomProvider::CustomProvider(const bills::v1::WhatsAppSettings& whatsapp)
    : url_template_(whatsapp.url_template()),
      method_(whatsapp.custom_method()),
      token_(whatsapp.token()) {}

HttpRequest CustomProvider::BuildRequest(const OutgoingMessage& message) const {
  std::string url = Substitute(url_template_, "target", UrlEncode(message.to));
  url = Substitute(url, "message", UrlEncode(message.body));
  url = Substitute(url, "token", UrlEncode(token_));
  HttpRequest request;
  request.method = method_ == "POST" ? "POST" : "GET";
  if (request.method == "POST") {
    size_t query = url.find('?');
    if (query != std::string::npos) {
      request.body = url.substr(query + 1);
      url.resize(query);
    }
    request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  }
  request.url = url;
  return request;
}

SendResult CustomProvider::ParseResponse(const HttpResult& result) const {
  if (result.status >= 200 && result.status < 300) {
    SendResult out;
    out.outcome = SendResult::Outcome::kSent;
    return out;
  }
  return ClassifyFailure(result, result.body);
}

ConnectionCheck CustomProvider::Check(HttpTransport& /*transport*/) const {
  if (!IsUsableUrlTemplate(url_template_)) return {false, i18n::kCustomUrlUnusable};
  return {true, ""};
}

}  // namespace billing::messaging
