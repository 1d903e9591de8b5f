// One outgoing HTTP request and its answer, behind an interface so providers stay testable.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace billing::http {

struct HttpRequest {
  std::string method = "POST";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct HttpResult {
  int status = 0;  // 0 when no HTTP answer arrived
  std::string body;
  std::string transport_error;  // connection refused, timeout, ... when status == 0
  bool truncated = false;       // the answer was longer than the transport's bound
};

// Performs one request; never throws for network trouble (it becomes transport_error).
class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  virtual HttpResult Perform(const HttpRequest& request) = 0;
};

}  // namespace billing::http
