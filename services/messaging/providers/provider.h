// A WhatsApp provider: turns one queued message into an HTTP request and reads the answer.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "billing.pb.h"
#include "http/http_transport.h"
#include "http/url_encoding.h"

namespace billing::messaging {

using http::FormBody;
using http::HttpRequest;
using http::HttpResult;
using http::HttpTransport;
using http::TrimSlashes;
using http::UrlEncode;

struct OutgoingMessage {
  int64_t id = 0;    // the queued message's id (the same for every attempt)
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
  // Whether a message can go out now. While not, the sender leaves the queue alone: messages
  // wait and no attempt is counted (a linked phone that is not connected). Asked before each
  // claim, so it must be cheap.
  virtual bool Ready(HttpTransport& /*transport*/) const { return true; }

  SendResult Send(const OutgoingMessage& message, HttpTransport& transport) const {
    return ParseResponse(transport.Perform(BuildRequest(message)));
  }
};

// Shared classification: no answer, 408, 429 and 5xx are worth retrying; other statuses are
// final. `reason` is clipped and cleaned for storage.
SendResult ClassifyFailure(const HttpResult& result, const std::string& reason);
std::string ClipReason(const std::string& text);

}  // namespace billing::messaging
