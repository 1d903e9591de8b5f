// The headers every response carries (browser hardening), and the raw error response the I/O
// thread writes itself when it refuses a connection or a request before any handler runs.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "errors/error.h"

namespace billing::gateway {

// Name/value pairs added to every response, static files and event streams included.
const std::vector<std::pair<std::string, std::string>>& SecurityHeaders();

// A complete HTTP/1.1 response in the one error shape ({"error": ...}, errors::ToHttpBody),
// with the security headers and "Connection: close".
std::string RawErrorResponse(const errors::Error& error);

// "billing_session=...; HttpOnly; ..." with "; Secure" added when the request came over HTTPS
// and the cookie does not already say so.
std::string SecureCookie(const std::string& set_cookie, bool https);

}  // namespace billing::gateway
