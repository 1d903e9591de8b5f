// The settings in memory: the defaults, which a test changes directly.
#pragma once

#include "settings_document.h"
#include "settings_source.h"

namespace billing::bills::testing {

class FakeSettings final : public SettingsSource {
 public:
  v1::Settings settings = ToSettings(DefaultSettings());
  v1::Settings Load() override { return settings; }
};

}  // namespace billing::bills::testing
