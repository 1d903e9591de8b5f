// What the bill-run scheduler needs from the settings: the document, read only.
#pragma once

#include <nlohmann/json.hpp>

namespace billing::bills {

class SettingsSource {
 public:
  virtual ~SettingsSource() = default;
  // The stored document over the defaults (new keys get their default values).
  virtual nlohmann::json Load() = 0;
};

}  // namespace billing::bills
