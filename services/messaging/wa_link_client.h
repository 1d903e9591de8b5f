// The messaging service's client of the wa-link sidecar (docs/wa-link.md): its address and
// secret, and its status, QR code, link and unlink calls. The linked provider, the service's
// GetLink/Link/Unlink and the link watcher all talk to wa-link through it.
#pragma once

#include <optional>
#include <string>

#include "http/http_transport.h"

namespace billing::messaging {

// From the messaging process's env: WA_LINK_URL (default config::kWaLinkUrl, from
// deploy/sidecars.txt) and WA_LINK_SECRET.
struct WaLinkConfig {
  std::string url;
  std::string secret;
};

// wa-link's GET /status (and the answer of POST /link, /unlink).
struct LinkStatus {
  bool reachable = false;  // wa-link answered 200 with a status
  std::string state;       // "disconnected" | "waiting_for_scan" | "connected"
  std::string number;
  std::string name;
  std::string since;
  std::string reason;  // "", "reconnecting", "logged_out", "unlinked", "qr_timeout"
  // When not reachable: what went wrong, for logs ("Couldn't connect to server", "HTTP 401").
  std::string problem;
  bool secret_refused = false;  // wa-link answered 401: WA_LINK_SECRET differs

  bool Connected() const { return reachable && state == "connected"; }
};

class WaLinkClient final {
 public:
  // `transport` is used for every call and must outlive the client.
  WaLinkClient(WaLinkConfig config, http::HttpTransport& transport);

  LinkStatus Status() const;
  // The current QR code text while waiting_for_scan, "" when wa-link has none (404);
  // nullopt when wa-link could not be asked.
  std::optional<std::string> Qr() const;
  // Start pairing / log out and forget the session: the status afterwards (reachable=false when
  // the call did not get through).
  LinkStatus Link() const;
  LinkStatus Unlink() const;

  // POST /send {to, text, key} with the secret: built here, performed by the sender.
  static http::HttpRequest SendRequest(const WaLinkConfig& config, const std::string& to,
                                       const std::string& text, const std::string& key);

 private:
  LinkStatus StatusFrom(const http::HttpResult& result) const;

  WaLinkConfig config_;
  http::HttpTransport& transport_;
};

// The phone's state for people, in Indonesian (LinkedDevice.detail, the connection check).
std::string LinkDetail(const LinkStatus& status);

}  // namespace billing::messaging
