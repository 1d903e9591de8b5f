// The RouterOS API driver: each subscriber becomes a PPP secret (/ppp/secret) on the router,
// and their active PPPoE session (/ppp/active) is removed when their state changes so they
// re-dial into it. See docs/network.md.
#pragma once

#include <memory>

#include "network_driver.h"
#include "routeros/api_connection.h"

namespace billing::network::routeros {

// The secret's comment that marks it as ours: "billing:<customer_id>".
inline constexpr const char* kCommentPrefix = "billing:";

class RouterOsDriver : public RouterDriver {
 public:
  // Connects (TLS when router.tls), logs in with router.username/password.
  // Port 0 means the default (8728, or 8729 with TLS); timeout_ms <= 0 means 5000.
  std::unique_ptr<RouterSession> Open(const RouterConfig& router) override;
};

// One logged-in connection; Apply() once per subscriber. Exposed for tests.
class RouterOsSession : public RouterSession {
 public:
  RouterOsSession(RouterConfig router, std::unique_ptr<ApiConnection> connection);
  void Apply(const Subscriber& desired, const std::optional<Applied>& previous) override;
  // /ppp/secret and /ppp/profile as they are (the passwords only with the API user's
  // "sensitive" policy).
  RouterInventory ReadInventory() override;

 private:
  void ApplyUnchecked(const Subscriber& desired, const std::optional<Applied>& previous);
  // Removes the secret called `username` (if any) and kicks its sessions; leaves a secret
  // marked as another customer's alone.
  void RemoveSecret(const std::string& username, int64_t customer_id);
  // Removes every /ppp/active session of `username`.
  void Kick(const std::string& username);

  RouterConfig router_;
  std::unique_ptr<ApiConnection> connection_;
};

}  // namespace billing::network::routeros
