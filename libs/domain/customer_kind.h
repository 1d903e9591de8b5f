// A customer's type and status: the words the API, the database and the events use, in one place.
#pragma once

#include <optional>
#include <string_view>

namespace billing::domain {

// Numbered as customer.proto's CustomerType / CustomerStatus, where 0 is "unspecified": a proto
// value comes in through CustomerTypeOf / CustomerStatusOf and goes out with a static_cast.
enum class CustomerType { kInternet = 1, kGas = 2 };
enum class CustomerStatus { kActive = 1, kIsolated = 2, kInactive = 3 };

// "internet" / "gas"; nullopt for anything else (including "").
std::optional<CustomerType> ParseCustomerType(std::string_view text);
// "active" / "isolated" / "inactive"; nullopt for anything else.
std::optional<CustomerStatus> ParseCustomerStatus(std::string_view text);

std::string_view Name(CustomerType type);
std::string_view Name(CustomerStatus status);

// The proto enum's number; nullopt for 0 (unspecified) and numbers we do not know.
std::optional<CustomerType> CustomerTypeOf(int number);
std::optional<CustomerStatus> CustomerStatusOf(int number);

// The name of a proto enum's number, "" when it is not a known value.
std::string_view CustomerTypeName(int number);
std::string_view CustomerStatusName(int number);

}  // namespace billing::domain
