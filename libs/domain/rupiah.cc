// Rupiah formatting with '.' as the thousands separator.
#include "domain/rupiah.h"

namespace billing::domain {

std::string FormatRupiah(int64_t amount) {
  bool negative = amount < 0;
  uint64_t value = negative ? 0 - static_cast<uint64_t>(amount) : static_cast<uint64_t>(amount);
  std::string digits = std::to_string(value);
  std::string grouped;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped.push_back('.');
    grouped.push_back(digits[i]);
  }
  return std::string(negative ? "-Rp " : "Rp ") + grouped;
}

}  // namespace billing::domain
