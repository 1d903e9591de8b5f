// The one table of customer type and status words.
#include "domain/customer_kind.h"

#include <array>
#include <utility>

namespace billing::domain {
namespace {

constexpr std::array<std::pair<CustomerType, std::string_view>, 2> kTypes{{
    {CustomerType::kInternet, "internet"},
    {CustomerType::kGas, "gas"},
}};

constexpr std::array<std::pair<CustomerStatus, std::string_view>, 3> kStatuses{{
    {CustomerStatus::kActive, "active"},
    {CustomerStatus::kIsolated, "isolated"},
    {CustomerStatus::kInactive, "inactive"},
}};

template <typename Enum, size_t N>
std::optional<Enum> ByName(const std::array<std::pair<Enum, std::string_view>, N>& table,
                           std::string_view text) {
  for (const auto& [value, name] : table) {
    if (name == text) return value;
  }
  return std::nullopt;
}

template <typename Enum, size_t N>
std::optional<Enum> ByNumber(const std::array<std::pair<Enum, std::string_view>, N>& table,
                             int number) {
  for (const auto& [value, name] : table) {
    if (static_cast<int>(value) == number) return value;
  }
  return std::nullopt;
}

template <typename Enum, size_t N>
std::string_view NameOf(const std::array<std::pair<Enum, std::string_view>, N>& table, int number) {
  for (const auto& [value, name] : table) {
    if (static_cast<int>(value) == number) return name;
  }
  return {};
}

}  // namespace

std::optional<CustomerType> ParseCustomerType(std::string_view text) {
  return ByName(kTypes, text);
}

std::optional<CustomerStatus> ParseCustomerStatus(std::string_view text) {
  return ByName(kStatuses, text);
}

std::string_view Name(CustomerType type) { return NameOf(kTypes, static_cast<int>(type)); }

std::string_view Name(CustomerStatus status) { return NameOf(kStatuses, static_cast<int>(status)); }

std::optional<CustomerType> CustomerTypeOf(int number) { return ByNumber(kTypes, number); }

std::optional<CustomerStatus> CustomerStatusOf(int number) { return ByNumber(kStatuses, number); }

std::string_view CustomerTypeName(int number) { return NameOf(kTypes, number); }

std::string_view CustomerStatusName(int number) { return NameOf(kStatuses, number); }

}  // namespace billing::domain
