// Builds the provider chosen in settings.whatsapp.provider.
#pragma once

#include <memory>

#include "providers/provider.h"

namespace billing::messaging {

// nullptr for "none" (or an unknown name).
std::unique_ptr<Provider> MakeProvider(const bills::v1::WhatsAppSettings& whatsapp);

}  // namespace billing::messaging
