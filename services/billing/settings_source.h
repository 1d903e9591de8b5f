// What the bill-run scheduler needs from the settings: the typed settings, read only.
#pragma once

#include "billing.pb.h"

namespace billing::bills {

class SettingsSource {
 public:
  virtual ~SettingsSource() = default;
  // The stored settings over the defaults (new keys get their default values).
  virtual v1::Settings Load() = 0;
};

}  // namespace billing::bills
