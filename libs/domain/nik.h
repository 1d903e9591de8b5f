// The NIK (Nomor Induk Kependudukan) of an Indonesian identity card: 16 digits, laid out as
// province (2), regency (2), district (2), birth day (2, +40 for women), birth month (2), birth
// year (2) and a serial (4). The buyer log of subsidised LPG records it for every sale.
#pragma once

#include <optional>
#include <string>

namespace billing::domain {

// The NIK with spaces, dots and dashes taken out, or nullopt when it cannot be one: not 16
// digits, a province code outside 11..94, a birth day outside 1..31 and 41..71, or a month
// outside 1..12.
std::optional<std::string> NormalizeNik(const std::string& text);

}  // namespace billing::domain
