#include "http/utf8.h"

#include <cstdint>

namespace billing::gateway {

bool IsValidUtf8(std::string_view text) {
  static constexpr uint32_t kMinimum[] = {0, 0x80, 0x800, 0x10000};
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t extra = 0;
    uint32_t code = c;
    if (c >= 0x80) {
      if ((c & 0xE0) == 0xC0) {
        extra = 1, code = c & 0x1F;
      } else if ((c & 0xF0) == 0xE0) {
        extra = 2, code = c & 0x0F;
      } else if ((c & 0xF8) == 0xF0) {
        extra = 3, code = c & 0x07;
      } else {
        return false;
      }
    }
    if (i + extra >= text.size()) return false;
    for (size_t k = 1; k <= extra; ++k) {
      unsigned char next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    if (code < kMinimum[extra] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

}  // namespace billing::gateway
