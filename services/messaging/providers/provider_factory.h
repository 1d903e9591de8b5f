// Builds the provider chosen in settings.whatsapp.provider.
#pragma once

#include <memory>

#include "providers/provider.h"
#include "wa_link_client.h"

namespace billing::messaging {

// What providers need from the process rather than from the settings (made in main.cc).
struct ProviderConfig {
  WaLinkConfig wa_link;  // provider "linked"
};

// nullptr for "none" (or an unknown name).
std::unique_ptr<Provider> MakeProvider(const bills::v1::WhatsAppSettings& whatsapp,
                                       const ProviderConfig& config);

}  // namespace billing::messaging
