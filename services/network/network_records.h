// What the network service's repositories hand to its logic: the policy, routers, the subscriber
// mirror, each customer's state on the routers, work for the reconciler, outbox events.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "network_driver.h"
#include "network_rules.h"

namespace billing::network {

struct PolicyRecord {
  PolicyData data;
  std::string last_check_at;  // RFC 3339, "" = never
  int64_t last_checked = 0;
  int64_t last_isolated = 0;
};

struct RouterRecord {
  int64_t id = 0;
  RouterData data;
  bool reachable = false;
  std::string last_contact_at;
  std::string last_sync_at;
  std::string last_error;
  int64_t pending = 0;
  int64_t failed = 0;
};

// A customer as the routers should see it, plus who/why for isolir.
struct SubscriberRecord {
  Subscriber subscriber;
  std::string customer_name;
  std::string phone;
  int64_t package_id = 0;
  // Read from the mirror only (Upsert takes them from StatusOrigin):
  std::string isolated_by;  // "" | "auto" | "manual"
  std::string reason;
  std::string exempt_until;  // YYYY-MM-DD or ""
};

struct LinkView {
  int64_t router_id = 0;
  std::string router_name;
  std::string kind;
  std::string state;  // ok | pending | failed
  std::string applied_status;
  int attempts = 0;
  std::string last_error;
  std::string next_attempt_at;
  std::string updated_at;
};

struct CustomerNetworkView {
  int64_t customer_id = 0;
  std::string customer_name;
  std::string username;
  std::string status;
  std::string isolated_by;
  std::string reason;
  std::string changed_at;
  std::string exempt_until;
  std::vector<LinkView> links;
};

struct Work {
  Subscriber desired;
  int64_t version = 0;
  std::optional<Applied> previous;
};

struct OutboxEvent {
  int64_t seq = 0;
  std::string entity;
  std::string action;
  std::string entity_id;
  std::string changes;  // JSON
};

}  // namespace billing::network
