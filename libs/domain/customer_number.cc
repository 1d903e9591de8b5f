#include "domain/customer_number.h"

#include <cctype>
#include <cstdio>

namespace billing::domain {

std::string FormatCustomerNumber(int64_t customer_id) {
  char digits[32];
  std::snprintf(digits, sizeof digits, "%04lld", static_cast<long long>(customer_id));
  return std::string(kCustomerNumberPrefix) + digits;
}

std::optional<int64_t> ParseCustomerNumber(std::string_view text) {
  auto is_space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  if (text.size() >= 3 && std::tolower(static_cast<unsigned char>(text[0])) == 'p' &&
      std::tolower(static_cast<unsigned char>(text[1])) == 'l' &&
      std::tolower(static_cast<unsigned char>(text[2])) == 'g') {
    text.remove_prefix(3);
    if (!text.empty() && (text.front() == '-' || text.front() == ' ')) text.remove_prefix(1);
  }
  if (text.empty() || text.size() > 12) return std::nullopt;
  int64_t id = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    id = id * 10 + (c - '0');
  }
  if (id == 0) return std::nullopt;
  return id;
}

}  // namespace billing::domain
