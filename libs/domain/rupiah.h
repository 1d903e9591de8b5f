// Money is integer Rupiah; this formats it the Indonesian way: "Rp 1.250.000".
#pragma once

#include <cstdint>
#include <string>

namespace billing::domain {

std::string FormatRupiah(int64_t amount);

}  // namespace billing::domain
