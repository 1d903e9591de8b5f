// The customer portal's sign-in code by WhatsApp: its text, and the code kept out of everything
// staff can read (the queue stores and shows the text with "******"; the sender builds the text
// with the code only to send it).
#pragma once

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

namespace billing::messaging {

// The kind of a portal code message in the queue (not a template kind: its text is fixed).
inline constexpr const char* kPortalCodeKind = "portal_code";

// At most one code message per customer in this time (the payment service limits more).
inline constexpr std::chrono::seconds kPortalCodeInterval{30};

// Exactly six digits.
bool IsPortalCode(const std::string& code);

// The fixed message with `code` (or the mask "******") filled in.
std::string PortalCodeText(const std::string& business_name, const std::string& code,
                           int valid_minutes);

// The stored message's params: what PortalCodeText needs besides the code.
nlohmann::json PortalCodeParams(const std::string& business_name, int valid_minutes);

// What the sender sends for a stored portal code message: its params with the code.
std::string PortalCodeTextFor(const nlohmann::json& params, const std::string& code);

}  // namespace billing::messaging
