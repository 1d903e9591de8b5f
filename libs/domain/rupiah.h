// Money is integer Rupiah; this formats it the Indonesian way: "Rp 1.250.000". Counts are
// grouped the same way: "1.234".
#pragma once

#include <cstdint>
#include <string>

namespace billing::domain {

std::string FormatRupiah(int64_t amount);
std::string FormatThousands(int64_t value);

}  // namespace billing::domain
