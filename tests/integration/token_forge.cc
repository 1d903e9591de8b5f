// HS256 signing with OpenSSL, for forged-token tests.
#include "token_forge.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace billing::testing {

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
