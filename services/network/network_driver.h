// What the reconciler needs from a router, whatever protocol reaches it: a session per pass in
// which each subscriber's desired state is applied. RouterOS API and RADIUS (Disconnect-Request)
// implement it; tests drive them against fake routers on loopback.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "i18n/messages.h"

namespace billing::network {

struct RouterConfig {
  int64_t id = 0;
  std::string name;
  std::string kind;  // "routeros" | "radius"
  std::string host;
  int port = 0;
  bool tls = false;         // routeros: API-SSL (8729)
  std::string username;     // routeros
  std::string password;     // routeros
  std::string secret;       // radius shared secret
  std::string isolir_mode;  // "profile" | "disable"
  std::string isolir_profile;
  int timeout_ms = 5000;  // connect/read timeout
};

// What we want on the router for one customer.
struct Subscriber {
  int64_t customer_id = 0;
  std::string username;  // PPPoE name
  std::string password;
  std::string profile;     // the package's RouterOS PPP profile
  std::string rate_limit;  // the package's Mikrotik-Rate-Limit, e.g. "10M/10M"
  std::string status;      // "active" | "isolated" | "inactive"
  bool deleted = false;
};

// What was last applied to this router for the customer (absent: never applied).
struct Applied {
  std::string username;
  std::string status;
  std::string profile;
  bool deleted = false;
};

// A failure talking to a router. `router_down` = the router as a whole is unreachable or
// refuses our login (the pass for that router stops); otherwise only this subscriber failed
// (e.g. a !trap for one secret) and the pass goes on.
class NetworkError : public std::runtime_error {
 public:
  NetworkError(const std::string& message, bool router_down)
      : std::runtime_error(message), router_down_(router_down) {}
  bool router_down() const { return router_down_; }

 private:
  bool router_down_;
};

// What a router already holds, for adopting its subscribers into the billing.
struct RouterSecret {
  std::string name;
  std::string password;
  std::string profile;
  std::string comment;
  std::string service;
  bool disabled = false;
};

struct RouterProfile {
  std::string name;
  std::string rate_limit;
};

struct RouterInventory {
  std::vector<RouterSecret> secrets;
  std::vector<RouterProfile> profiles;
};

class RouterSession {
 public:
  virtual ~RouterSession() = default;
  // The router's PPP secrets and profiles. Throws NetworkError (router_down = false) where the
  // protocol cannot list them (RADIUS).
  virtual RouterInventory ReadInventory() { throw NetworkError(i18n::kRouterNoInventory, false); }
  // Makes the router match `desired`. Throws NetworkError.
  virtual void Apply(const Subscriber& desired, const std::optional<Applied>& previous) = 0;
  // Whether the router answered anything in this session: a RouterOS login always does, a
  // RADIUS NAS only when a Disconnect-Request was sent and answered.
  virtual bool contacted() const { return true; }
};

class RouterDriver {
 public:
  virtual ~RouterDriver() = default;
  // Connects (and logs in) to the router. Throws NetworkError (router_down = true).
  virtual std::unique_ptr<RouterSession> Open(const RouterConfig& router) = 0;
};

}  // namespace billing::network
