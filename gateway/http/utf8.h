// Well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF): protobuf refuses
// anything else in a string field, which would otherwise surface as an internal error.
#pragma once

#include <string_view>

namespace billing::gateway {

bool IsValidUtf8(std::string_view text);

}  // namespace billing::gateway
