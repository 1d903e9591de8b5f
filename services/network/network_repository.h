// All SQL of the network service: policy, routers, the subscriber mirror, what was applied to
// each router (links), the outbox cursor. Audited writes record their outbox row in the same
// transaction.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "db/pool.h"
#include "network_driver.h"
#include "network_rules.h"
#include "rpc/caller.h"

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

// Why a status changed, when the network service knows it.
struct StatusOrigin {
  std::string isolated_by;  // "auto" | "manual" | ""
  std::string reason;
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

class NetworkRepository final {
 public:
  explicit NetworkRepository(db::Pool& pool);

  // --- policy ---
  PolicyRecord Policy();
  PolicyData UpdatePolicy(const std::function<PolicyData(const PolicyData&)>& merge,
                          const rpc::Caller& actor);
  // Claims the scheduled isolir check when it is due (auto isolir on, check_minutes passed):
  // exactly one replica gets true per period.
  bool ClaimScheduledCheck();
  void RecordCheck(int64_t checked, int64_t isolated);

  // --- routers ---
  std::vector<RouterRecord> Routers();
  std::optional<RouterRecord> Router(int64_t id);
  RouterRecord CreateRouter(const RouterData& data, const rpc::Caller& actor);
  // A changed router re-verifies every customer on it.
  RouterRecord UpdateRouter(int64_t id, const std::function<RouterData(const RouterData&)>& merge,
                            const rpc::Caller& actor);
  void DeleteRouter(int64_t id, const rpc::Caller& actor);
  // `reachable` nullopt: the router was not heard either way (its reachability stays as it was).
  void RecordContact(int64_t router_id, std::optional<bool> reachable, const std::string& error,
                     bool synced);

  // --- the subscriber mirror ---
  std::optional<SubscriberRecord> FindSubscriber(int64_t customer_id);
  // Inserts or updates the mirror row; when anything the routers see changed, bumps its version
  // and makes its links due now. `origin` explains a status change (none: a staff edit through
  // the customer form, counted as manual). Returns true when the version moved.
  bool Upsert(const SubscriberRecord& record, const std::optional<StatusOrigin>& origin);
  // Many customers at once, as Upsert without an origin would write them one by one, in one
  // transaction: each of `records` is written; each of `ids` without a record (no longer an
  // internet customer, or unknown) is marked deleted when mirrored. Returns how many versions
  // moved.
  int64_t RefreshMany(const std::vector<int64_t>& ids,
                      const std::vector<SubscriberRecord>& records);
  // Marks every live mirror row whose customer is not in `live_ids` as deleted.
  int64_t MarkMissingDeleted(const std::vector<int64_t>& live_ids);
  // No automatic isolir for `days` days after `today` (YYYY-MM-DD).
  void SetExemptUntil(int64_t customer_id, const std::string& today, int days);
  // Every link re-verified at the next pass (the "sync now" button). Returns the subscribers.
  int64_t VerifyAll(const rpc::Caller& actor);

  // --- the reconciler ---
  // Up to `limit` subscribers whose state on `router_id` is behind and due.
  std::vector<Work> DueWork(int64_t router_id, int limit);
  // Every subscriber with work due on the router (router unreachable: all of them fail).
  void RecordApplied(int64_t router_id, const Work& work);
  void RecordFailed(int64_t router_id, int64_t customer_id, const std::string& error,
                    std::chrono::milliseconds retry_base, std::chrono::milliseconds retry_ceiling);
  void RecordApplyEvent(const RouterRecord& router, int64_t applied, int64_t failed);

  // --- views ---
  std::optional<CustomerNetworkView> CustomerNetwork(int64_t customer_id);
  std::vector<CustomerNetworkView> Problems(int limit, int offset, int64_t* total);
  void Counts(int64_t* pending, int64_t* failed);

  // --- the outbox cursor ---
  std::vector<OutboxEvent> EventsAfterCursor(int limit);
  void AdvanceCursor(int64_t seq);

 private:
  db::Pool& pool_;
};

}  // namespace billing::network
