// The business settings document: defaults, validation of a partial update, secret masking.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bill_lines.h"
#include "billing.pb.h"
#include "errors/error.h"

namespace billing::bills {

// Every key the document may hold, with its default value: the one table of defaults (the web
// reads it through SettingsSchema, messaging gets it filled into its typed Settings).
nlohmann::json DefaultSettings();
// DefaultSettings()'s billing.timezone, without building the document.
const std::string& DefaultTimeZone();

// Merges `patch` (any subset; objects merge, arrays replace) into `current` and validates the
// result. Unknown keys, wrong types and out-of-range values throw invalid_argument with the
// offending paths (e.g. "billing.run_day") as fields. A secret given as "***" keeps its value.
nlohmann::json MergeSettings(const nlohmann::json& current, const nlohmann::json& patch);

// The document as shown to staff: secrets replaced by "***" when set. The secrets of
// `reveal_section` ("whatsapp" for messaging, "payment" for the payment service) stay in clear.
nlohmann::json MaskSecrets(nlohmann::json document, const std::string& reveal_section = "");

// The stored document over the defaults: keys added since it was saved (e.g. new templates)
// get their default values.
nlohmann::json OverDefaults(const nlohmann::json& stored);

// Placeholders the template of message kind `kind` (e.g. "reminder", "isolir") may use: every
// kind has the common set; the network notices "isolir" / "reconnect" also have {alasan}.
std::vector<std::string> TemplatePlaceholders(const std::string& kind);

// A document (stored over the defaults) as the typed message. A key the message does not have
// (written by an older version) is left out; a value of the wrong type is an internal error.
v1::Settings ToSettings(const nlohmann::json& document);

// What composing a bill needs from a document (partial ones are read over the defaults).
BillTerms BillTermsOf(const nlohmann::json& document);
BillTerms BillTermsOf(const v1::Settings& settings);

// The defaults, every message kind with its placeholders, and the accepted time zones.
v1::SettingsSchema DescribeSettings();

}  // namespace billing::bills
