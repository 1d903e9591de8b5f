// Any other gateway: a URL template with {target}, {message} (and {token}), GET or POST form.
#pragma once

#include "providers/provider.h"

namespace billing::messaging {

class CustomProvider final : public Provider {
 public:
  // url_template, custom_method ("GET" | "POST"), token. With POST, the part of the URL after
  // '?' is sent as the form body instead.
  explicit CustomProvider(const bills::v1::WhatsAppSettings& whatsapp);

  std::string Name() const override { return "custom"; }
  HttpRequest BuildRequest(const OutgoingMessage& message) const override;
  SendResult ParseResponse(const HttpResult& result) const override;
  // No request is made: a URL cannot be probed without sending a message.
  ConnectionCheck Check(HttpTransport& transport) const override;

 private:
  std::string url_template_;
  std::string method_;
  std::string token_;
};

// Whether a custom URL template is usable: http(s) and both {target} and {message}.
bool IsUsableUrlTemplate(const std::string& url_template);

}  // namespace billing::messaging
