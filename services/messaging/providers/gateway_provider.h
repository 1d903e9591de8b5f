// HTTP "WA gateway" (token + target + message form): POST {base_url}/send.
#pragma once

#include "providers/provider.h"

namespace billing::messaging {

inline constexpr const char* kGatewayDefaultBaseUrl = "https://api.fonnte.com";

class GatewayProvider final : public Provider {
 public:
  explicit GatewayProvider(const bills::v1::WhatsAppSettings& whatsapp);  // base_url, token

  std::string Name() const override { return "gateway"; }
  HttpRequest BuildRequest(const OutgoingMessage& message) const override;
  SendResult ParseResponse(const HttpResult& result) const override;
  ConnectionCheck Check(HttpTransport& transport) const override;

 private:
  std::string base_url_;
  std::string token_;
};

}  // namespace billing::messaging
