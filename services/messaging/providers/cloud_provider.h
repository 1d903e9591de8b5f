// WhatsApp Business Cloud API: POST {base_url}/{api_version}/{phone_number_id}/messages.
#pragma once

#include "providers/provider.h"

namespace billing::messaging {

inline constexpr const char* kCloudDefaultBaseUrl = "https://graph.facebook.com";

class CloudProvider final : public Provider {
 public:
  // Uses base_url, token, phone_number_id, api_version and cloud_templates (by message kind).
  explicit CloudProvider(const bills::v1::WhatsAppSettings& whatsapp);

  std::string Name() const override { return "cloud"; }
  HttpRequest BuildRequest(const OutgoingMessage& message) const override;
  SendResult ParseResponse(const HttpResult& result) const override;
  ConnectionCheck Check(HttpTransport& transport) const override;

 private:
  std::string NumberUrl() const;

  std::string base_url_;
  std::string token_;
  std::string phone_number_id_;
  std::string api_version_;
  google::protobuf::Map<std::string, bills::v1::CloudTemplate> templates_;
};

}  // namespace billing::messaging
