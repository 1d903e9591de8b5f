// CSP: the web build (Vite) loads only its own files: no inline script, no inline style (the
// Svelte components set styles through the CSSOM, `style:` directives, which CSP allows; checked
// with Chromium against web/dist under this policy), so both stay 'self'. Small assets may be
// inlined by Vite as data: URLs, hence img-src/font-src data:.
#include "http/security_headers.h"

#include <nlohmann/json.hpp>
#include <pistache/http_defs.h>

namespace billing::gateway {

const std::vector<std::pair<std::string, std::string>>& SecurityHeaders() {
  static const std::vector<std::pair<std::string, std::string>> kHeaders = {
      {"Content-Security-Policy",
       "default-src 'self'; script-src 'self'; style-src 'self'; "
       "img-src 'self' data:; font-src 'self' data:; object-src 'none'; base-uri 'self'; "
       "form-action 'self'; frame-ancestors 'none'"},
      {"X-Frame-Options", "DENY"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "same-origin"},
  };
  return kHeaders;
}

std::string RawErrorResponse(const errors::Error& error) {
  int status = errors::HttpStatus(error.code());
  std::string body =
      errors::ToHttpBody(error).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " +
                    Pistache::Http::codeString(static_cast<Pistache::Http::Code>(status)) + "\r\n";
  out += "Content-Type: application/json; charset=utf-8\r\n";
  out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  out += "Connection: close\r\n";
  if (error.retry_after_seconds() > 0) {
    out += "Retry-After: " + std::to_string(error.retry_after_seconds()) + "\r\n";
  }
  for (const auto& [name, value] : SecurityHeaders()) out += name + ": " + value + "\r\n";
  out += "\r\n";
  out += body;
  return out;
}

std::string SecureCookie(const std::string& set_cookie, bool https) {
  if (!https || set_cookie.find("; Secure") != std::string::npos) return set_cookie;
  return set_cookie + "; Secure";
}

}  // namespace billing::gateway
