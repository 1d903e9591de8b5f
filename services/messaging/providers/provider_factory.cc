// The one place that maps a provider name to its class.
#include "providers/provider_factory.h"

#include "providers/cloud_provider.h"
#include "providers/custom_provider.h"
#include "providers/gateway_provider.h"
#include "providers/linked_provider.h"

namespace billing::messaging {

std::unique_ptr<Provider> MakeProvider(const bills::v1::WhatsAppSettings& whatsapp,
                                       const ProviderConfig& config) {
  const std::string& name = whatsapp.provider();
  if (name == "cloud") return std::make_unique<CloudProvider>(whatsapp);
  if (name == "gateway") return std::make_unique<GatewayProvider>(whatsapp);
  if (name == "custom") return std::make_unique<CustomProvider>(whatsapp);
  if (name == "linked") return std::make_unique<LinkedProvider>(config.wa_link);
  return nullptr;
}

}  // namespace billing::messaging
