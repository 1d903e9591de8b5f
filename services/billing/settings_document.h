// The business settings document: defaults, validation of a partial update, secret masking.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "errors/error.h"

namespace billing::bills {

// Every key the document may hold, with its default value.
nlohmann::json DefaultSettings();
// DefaultSettings()'s billing.timezone, without building the document.
const std::string& DefaultTimeZone();

// Merges `patch` (any subset; objects merge, arrays replace) into `current` and validates the
// result. Unknown keys, wrong types and out-of-range values throw invalid_argument with the
// offending paths (e.g. "billing.run_day") as fields. A secret given as "***" keeps its value.
nlohmann::json MergeSettings(const nlohmann::json& current, const nlohmann::json& patch);

// The document as shown to staff: secrets replaced by "***" when set.
nlohmann::json MaskSecrets(nlohmann::json document);

// The stored document over the defaults: keys added since it was saved (e.g. new templates)
// get their default values.
nlohmann::json OverDefaults(const nlohmann::json& stored);

// Placeholders the template of message kind `kind` (e.g. "reminder", "isolir") may use: every
// kind has the common set; the network notices "isolir" / "reconnect" also have {alasan}.
std::vector<std::string> TemplatePlaceholders(const std::string& kind);

}  // namespace billing::bills
