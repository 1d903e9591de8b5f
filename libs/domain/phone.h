// Indonesian phone numbers normalised for WhatsApp: "0812-3456-789", "+62 812..." -> "62812...".
#pragma once

#include <optional>
#include <string>

namespace billing::domain {

// nullopt when the text cannot be an Indonesian mobile/landline number.
std::optional<std::string> NormalizePhone(const std::string& text);

}  // namespace billing::domain
