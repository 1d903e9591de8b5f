// HttpTransport over libcurl with connect and total timeouts and a bound on the answer's size.
#pragma once

#include <chrono>
#include <cstddef>

#include "http/http_transport.h"

namespace billing::http {

class CurlTransport final : public HttpTransport {
 public:
  static constexpr size_t kDefaultMaxBody = 64 * 1024;

  CurlTransport(std::chrono::milliseconds connect_timeout, std::chrono::milliseconds timeout,
                size_t max_body = kDefaultMaxBody);
  HttpResult Perform(const HttpRequest& request) override;

 private:
  std::chrono::milliseconds connect_timeout_;
  std::chrono::milliseconds timeout_;
  size_t max_body_;
};

}  // namespace billing::http
