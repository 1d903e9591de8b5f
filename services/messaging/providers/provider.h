// A WhatsApp provider: turns one queued message into an HTTP request and reads the answer.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "billing.pb.h"

namespace billing::messaging {

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
};

// Performs one request; never throws for network trouble (it becomes transport_error).
class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  virtual HttpResult Perform(const HttpRequest& request) = 0;
};

struct OutgoingMessage {
  std::string to;    // 62...
  std::string body;  // rendered text
  std::string kind;  // internet_bill | gas_invoice | reminder | receipt
  nlohmann::json params = nlohmann::json::object();  // placeholder values, for Cloud templates
};

struct SendResult {
  enum class Outcome { kSent, kRetry, kPermanent };
  Outcome outcome = Outcome::kRetry;
  std::string provider_message_id;
  std::string reason;  // for people; never contains credentials
};

struct ConnectionCheck {
  bool connected = false;
  std::string detail;
};

class Provider {
 public:
  virtual ~Provider() = default;
  virtual std::string Name() const = 0;
  virtual HttpRequest BuildRequest(const OutgoingMessage& message) const = 0;
  virtual SendResult ParseResponse(const HttpResult& result) const = 0;
  // A cheap credentials/reachability check (no message is sent).
  virtual ConnectionCheck Check(HttpTransport& transport) const = 0;

  SendResult Send(const OutgoingMessage& message, HttpTransport& transport) const {
    return ParseResponse(transport.Perform(BuildRequest(message)));
  }
};

// Shared classification: no answer, 408, 429 and 5xx are worth retrying; other statuses are
// final. `reason` is clipped and cleaned for storage.
SendResult ClassifyFailure(const HttpResult& result, const std::string& reason);
std::string ClipReason(const std::string& text);

}  // namespace billing::messaging
