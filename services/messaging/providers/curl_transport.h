// HttpTransport over libcurl with connect and total timeouts.
#pragma once

#include <chrono>

#include "providers/provider.h"

namespace billing::messaging {

class CurlTransport final : public HttpTransport {
 public:
  CurlTransport(std::chrono::milliseconds connect_timeout, std::chrono::milliseconds timeout);
  HttpResult Perform(const HttpRequest& request) override;

 private:
  std::chrono::milliseconds connect_timeout_;
  std::chrono::milliseconds timeout_;
};

}  // namespace billing::messaging
