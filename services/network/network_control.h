// The network service's decisions: keeping the subscriber mirror in step with the customer
// service (full refresh and the outbox), the isolir policy (scheduled check, reconnect on
// payment), and staff's isolate / reconnect buttons. Routers are reached by the Reconciler.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "clients.h"
#include "network_records.h"
#include "outbox_cursor.h"
#include "policy_repository.h"
#include "router_links.h"
#include "rpc/caller.h"
#include "subscriber_mirror.h"

namespace billing::network {

struct CheckResult {
  int64_t checked = 0;   // customers overdue past the grace days
  int64_t isolated = 0;  // isolated by this check
};

class NetworkControl final {
 public:
  NetworkControl(SubscriberMirror& mirror, PolicyRepository& policy, RouterLinks& links,
                 OutboxCursor& cursor, CustomerDirectory& customers, BillingLedger& ledger,
                 Notifier& notifier);

  // Every internet customer into the mirror; customers gone from the customer service are marked
  // deleted. Returns the number of live subscribers.
  int64_t RefreshAll();

  // Reads up to `limit` outbox events after the cursor and acts on them: customer and package
  // changes refresh the mirror, isolate/reconnect queue the WhatsApp notice, mark-lunas may
  // reconnect, a restore refreshes everything. Stops at an event that fails for a passing
  // reason (a service unavailable), to be retried; returns how many were consumed.
  int FollowOutbox(int limit);

  // The isolir policy: every active customer overdue past the grace days (and not exempted by a
  // manual reconnect) is isolated.
  CheckResult RunCheck();
  // After a payment: an automatically isolated customer without overdue bills is reconnected.
  void OnPaid(int64_t customer_id);

  // Staff actions; the reply is the customer's network state. Throws not_found for a customer
  // who is not an internet customer.
  CustomerNetworkView Isolate(int64_t customer_id, const std::string& reason,
                              const rpc::Caller& caller);
  CustomerNetworkView Reconnect(int64_t customer_id, const std::string& reason,
                                const rpc::Caller& caller);
  CustomerNetworkView View(int64_t customer_id);

 private:
  // The suite's packages, read from the customer service at most once per batch of work; a
  // package change within the batch makes the next use read them again.
  class PackageList final {
   public:
    explicit PackageList(CustomerDirectory& customers) : customers_(customers) {}
    const std::vector<customer::v1::Package>& Get();
    void Forget() { list_.reset(); }

   private:
    CustomerDirectory& customers_;
    std::optional<std::vector<customer::v1::Package>> list_;
  };

  // One customer into the mirror; a customer no longer internet (or unknown) leaves it.
  void Refresh(int64_t customer_id, PackageList& packages,
               const std::optional<StatusOrigin>& origin = std::nullopt);
  // Several customers into the mirror at once (Refresh for each, in two round trips).
  void RefreshMany(std::vector<int64_t> ids, PackageList& packages);
  void HandleEvent(const OutboxEvent& event, PackageList& packages);
  // After a status change made through the customer service: the mirror follows at once (the
  // outbox event confirms it later), reading the customer only when not mirrored yet.
  void FollowStatus(int64_t customer_id, const std::string& status, const StatusOrigin& origin);

  SubscriberMirror& mirror_;
  PolicyRepository& policy_;
  RouterLinks& links_;
  OutboxCursor& cursor_;
  CustomerDirectory& customers_;
  BillingLedger& ledger_;
  Notifier& notifier_;
};

}  // namespace billing::network
