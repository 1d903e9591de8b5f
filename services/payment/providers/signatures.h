// The cryptography the providers' documentation asks for (OpenSSL), hex-encoded in lower case,
// and the constant-time comparison every signature and token check goes through.
#pragma once

#include <string>
#include <string_view>

namespace billing::payment {

std::string HmacSha256Hex(std::string_view key, std::string_view message);
std::string Sha512Hex(std::string_view message);
std::string Base64(std::string_view data);
// Equal length and content, in time independent of where they differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace billing::payment
