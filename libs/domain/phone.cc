// Phone normalisation: strip separators, map 0/+62/62/8 prefixes to 62, check the length.
#include "domain/phone.h"

namespace billing::domain {

std::optional<std::string> NormalizePhone(const std::string& text) {
  std::string digits;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (c == '+' && digits.empty() && i == text.find_first_not_of(' ')) {
      continue;
    } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
      return std::nullopt;
    }
  }
  if (digits.rfind("62", 0) == 0) {
    // already international
  } else if (digits.rfind('0', 0) == 0) {
    digits = "62" + digits.substr(1);
  } else if (digits.rfind('8', 0) == 0) {
    digits = "62" + digits;
  } else {
    return std::nullopt;
  }
  // 62 + 8..13 national digits; the national part never starts with 0.
  if (digits.size() < 10 || digits.size() > 15 || digits[2] == '0') return std::nullopt;
  return digits;
}

}  // namespace billing::domain
