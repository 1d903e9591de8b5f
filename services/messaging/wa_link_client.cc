// wa-link's HTTP API as the messaging service uses it: JSON in and out, Bearer secret on every
// call; transport failures and unexpected answers become "not reachable", never exceptions.
#include "wa_link_client.h"

#include <utility>

#include <nlohmann/json.hpp>

#include "events/outbox.h"
#include "http/url_encoding.h"
#include "i18n/wa_link_messages.h"

namespace billing::messaging {
namespace {

using nlohmann::json;

std::string Text(const json& object, const char* key) {
  auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : "";
}

http::HttpRequest Request(const WaLinkConfig& config, const std::string& method,
                          const std::string& path, std::string body) {
  http::HttpRequest request;
  request.method = method;
  request.url = http::TrimSlashes(config.url) + path;
  request.headers = {{"Authorization", "Bearer " + config.secret}};
  if (method == "POST") {
    request.headers.emplace_back("Content-Type", "application/json");
    request.body = std::move(body);
  }
  return request;
}

std::string Problem(const http::HttpResult& result) {
  if (result.status == 0) return result.transport_error;
  return "HTTP " + std::to_string(result.status);
}

}  // namespace

WaLinkClient::WaLinkClient(WaLinkConfig config, http::HttpTransport& transport)
    : config_(std::move(config)), transport_(transport) {}

LinkStatus WaLinkClient::StatusFrom(const http::HttpResult& result) const {
  LinkStatus status;
  json body = json::parse(result.body, nullptr, false);
  if (result.status != 200 || !body.is_object() || Text(body, "state").empty()) {
    status.problem = result.status == 200 ? "unexpected answer" : Problem(result);
    status.secret_refused = result.status == 401;
    return status;
  }
  status.reachable = true;
  status.state = Text(body, "state");
  status.number = Text(body, "number");
  status.name = Text(body, "name");
  status.since = Text(body, "since");
  status.reason = Text(body, "reason");
  return status;
}

LinkStatus WaLinkClient::Status() const {
  return StatusFrom(transport_.Perform(Request(config_, "GET", "/status", "")));
}

std::optional<std::string> WaLinkClient::Qr() const {
  http::HttpResult result = transport_.Perform(Request(config_, "GET", "/qr", ""));
  if (result.status == 404) return std::string();
  json body = json::parse(result.body, nullptr, false);
  if (result.status != 200 || !body.is_object()) return std::nullopt;
  return Text(body, "qr");
}

LinkStatus WaLinkClient::Link() const {
  return StatusFrom(transport_.Perform(Request(config_, "POST", "/link", "{}")));
}

LinkStatus WaLinkClient::Unlink() const {
  return StatusFrom(transport_.Perform(Request(config_, "POST", "/unlink", "{}")));
}

http::HttpRequest WaLinkClient::SendRequest(const WaLinkConfig& config, const std::string& to,
                                            const std::string& text, const std::string& key) {
  json body = {{"to", to}, {"text", text}, {"key", key}};
  return Request(config, "POST", "/send",
                 body.dump(-1, ' ', false, json::error_handler_t::replace));
}

std::string LinkDetail(const LinkStatus& status) {
  if (!status.reachable) {
    return status.secret_refused ? i18n::kWaLinkRefusedSecret : i18n::kWaLinkUnreachable;
  }
  if (status.state == "connected") {
    return events::FormatSummary(i18n::kWaLinkConnected, {{"nomor", status.number}});
  }
  if (status.state == "waiting_for_scan") return i18n::kWaLinkWaitingForScan;
  if (status.state == "disconnected") {
    if (status.reason == "reconnecting") return i18n::kWaLinkReconnecting;
    if (status.reason == "logged_out") return i18n::kWaLinkLoggedOut;
    if (status.reason == "unlinked") return i18n::kWaLinkUnlinked;
    if (status.reason == "qr_timeout") return i18n::kWaLinkQrTimeout;
    return i18n::kWaLinkNeverLinked;
  }
  return i18n::kWaLinkUnknownState + status.state;
}

}  // namespace billing::messaging
