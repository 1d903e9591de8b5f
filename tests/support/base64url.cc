#include "support/base64url.h"

namespace billing::testing {
namespace {

constexpr const char* kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

}  // namespace

std::string Base64Url(const std::string& bytes) {
  std::string out;
  int value = 0;
  int bits = -6;
  for (unsigned char c : bytes) {
    value = (value << 8) + c;
    bits += 8;
    while (bits >= 0) {
      out.push_back(kAlphabet[(value >> bits) & 0x3F]);
      bits -= 6;
    }
  }
  if (bits > -6) out.push_back(kAlphabet[((value << 8) >> (bits + 8)) & 0x3F]);
  return out;
}

std::string Base64UrlDecode(const std::string& text) {
  static const std::string alphabet = kAlphabet;
  std::string bytes;
  int buffer = 0;
  int bits = 0;
  for (char c : text) {
    size_t value = alphabet.find(c);
    if (value == std::string::npos) break;
    buffer = (buffer << 6) | static_cast<int>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return bytes;
}

}  // namespace billing::testing
