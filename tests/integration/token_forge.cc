// Base64url and HS256 signing with OpenSSL, for forged-token tests.
#include "token_forge.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace billing::testing {

std::string Base64Url(const std::string& bytes) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
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

std::string SignHs256(const nlohmann::json& header, const nlohmann::json& payload,
                      const std::string& secret) {
  std::string signing_input = Base64Url(header.dump()) + "." + Base64Url(payload.dump());
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size(), mac,
       &length);
  return signing_input + "." + Base64Url(std::string(reinterpret_cast<char*>(mac), length));
}

}  // namespace billing::testing
