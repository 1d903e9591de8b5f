// RadiusDriver: the router is a RADIUS NAS that authorises PPPoE from our FreeRADIUS views; when
// a subscriber's state changed from what was applied, its PPPoE session is ended with a
// Disconnect-Request (RFC 5176) so the customer re-dials into the new state.
#pragma once

#include <chrono>
#include <memory>
#include <optional>

#include "network_driver.h"

namespace billing::network {

struct RadiusDriverOptions {
  int attempts = 3;  // first send + retransmissions per Disconnect-Request
  // Per attempt; nullopt = the router's timeout_ms.
  std::optional<std::chrono::milliseconds> timeout;
};

class RadiusDriver final : public RouterDriver {
 public:
  explicit RadiusDriver(RadiusDriverOptions options = {});

  // Checks the secret and resolves the host (UDP has nothing to connect). Throws NetworkError
  // (router_down = true) when either fails.
  std::unique_ptr<RouterSession> Open(const RouterConfig& router) override;

 private:
  RadiusDriverOptions options_;
};

// True when a Disconnect-Request is due for `desired` given what was last applied: the
// status, profile or username changed, or the subscriber was deleted. Never without `previous`.
bool NeedsDisconnect(const Subscriber& desired, const std::optional<Applied>& previous);

}  // namespace billing::network
