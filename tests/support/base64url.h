// Base64url without padding (RFC 4648 section 5), as JWTs use it: for building and reading
// tokens by hand in tests.
#pragma once

#include <string>

namespace billing::testing {

std::string Base64Url(const std::string& bytes);

// The bytes of `text`; stops at the first character outside the base64url alphabet.
std::string Base64UrlDecode(const std::string& text);

}  // namespace billing::testing
