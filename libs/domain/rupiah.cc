// Rupiah formatting with '.' as the thousands separator.
#include "domain/rupiah.h"

namespace billing::domain {

std::string FormatThousands(int64_t value) {
  bool negative = value < 0;
  uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  std::string digits = std::to_string(magnitude);
  std::string grouped = negative ? "-" : "";
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped.push_back('.');
    grouped.push_back(digits[i]);
  }
  return grouped;
}

std::string FormatRupiah(int64_t amount) {
  std::string grouped = FormatThousands(amount);
  return amount < 0 ? "-Rp " + grouped.substr(1) : "Rp " + grouped;
}

}  // namespace billing::domain
