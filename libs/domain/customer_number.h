// The customer number customers see and type ("PLG-0042"): the customer id behind a fixed
// prefix, at least four digits. Printed on invoices and asked by the portal's sign-in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace billing::domain {

inline constexpr std::string_view kCustomerNumberPrefix = "PLG-";

// 42 -> "PLG-0042"; 123456 -> "PLG-123456".
std::string FormatCustomerNumber(int64_t customer_id);

// "PLG-0042", "plg-42", "PLG 42", "plg42" and "42" -> 42 (surrounding spaces ignored); nullopt
// for anything else, for 0, and for more than 12 digits.
std::optional<int64_t> ParseCustomerNumber(std::string_view text);

}  // namespace billing::domain
