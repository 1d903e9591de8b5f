// NIK checks: the layout only (no registry to ask).
#include "domain/nik.h"

namespace billing::domain {
namespace {

int TwoDigits(const std::string& nik, size_t at) {
  return (nik[at] - '0') * 10 + (nik[at + 1] - '0');
}

}  // namespace

std::optional<std::string> NormalizeNik(const std::string& text) {
  std::string nik;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      nik.push_back(c);
    } else if (c != ' ' && c != '.' && c != '-') {
      return std::nullopt;
    }
  }
  if (nik.size() != 16) return std::nullopt;
  int province = TwoDigits(nik, 0);
  int day = TwoDigits(nik, 6);
  int month = TwoDigits(nik, 8);
  if (province < 11 || province > 94) return std::nullopt;
  if (day > 40) day -= 40;  // women: the day plus 40
  if (day < 1 || day > 31) return std::nullopt;
  if (month < 1 || month > 12) return std::nullopt;
  return nik;
}

}  // namespace billing::domain
