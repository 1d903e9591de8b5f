// The settings document in memory: the defaults, which a test changes directly.
#pragma once

#include "settings_document.h"
#include "settings_source.h"

namespace billing::bills::testing {

class FakeSettings final : public SettingsSource {
 public:
  nlohmann::json document = DefaultSettings();
  nlohmann::json Load() override { return document; }
};

}  // namespace billing::bills::testing
