// In-memory stand-ins for the network service's repositories, neighbours, routers and clock, so
// NetworkControl, Reconciler and NetworkWorker are unit-tested without a database or a network.
// They keep the rules of the real ones that the logic relies on (versions move only when the
// routers see a change, a moved subscriber's links are due at once, back-off per RetryDelay).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "clients.h"
#include "monotonic_clock.h"
#include "network_driver.h"
#include "network_worker.h"
#include "outbox_cursor.h"
#include "policy_repository.h"
#include "router_links.h"
#include "router_repository.h"
#include "subscriber_mirror.h"

namespace billing::network::testing {

class ManualClock final : public MonotonicClock {
 public:
  std::chrono::steady_clock::time_point Now() const override { return now_; }
  void Advance(std::chrono::milliseconds by) { now_ += by; }

 private:
  std::chrono::steady_clock::time_point now_{std::chrono::hours(1000)};
};

class FakePolicyRepository final : public PolicyRepository {
 public:
  PolicyRecord Policy() override { return record; }
  PolicyData UpdatePolicy(const std::function<PolicyData(const PolicyData&)>& merge,
                          const rpc::Caller& actor) override;
  // Returns `check_due` once (a claimed check is not due again until set).
  bool ClaimScheduledCheck() override;
  void RecordCheck(int64_t checked, int64_t isolated) override;

  PolicyRecord record;
  bool check_due = false;
  int claims = 0;
  std::vector<std::pair<int64_t, int64_t>> checks;  // (checked, isolated) per RecordCheck
};

class FakeRouterRepository final : public RouterRepository {
 public:
  struct Contact {
    int64_t router_id = 0;
    std::optional<bool> reachable;
    std::string error;
    bool synced = false;
  };
  struct ApplyEvent {
    int64_t router_id = 0;
    int64_t applied = 0;
    int64_t failed = 0;
  };

  // Adds an enabled router of `kind` and returns its id.
  int64_t Add(const std::string& name, const std::string& kind = "routeros");

  std::vector<RouterRecord> Routers() override { return routers; }
  std::optional<RouterRecord> Router(int64_t id) override;
  RouterRecord CreateRouter(const RouterData& data, const rpc::Caller& actor) override;
  RouterRecord UpdateRouter(int64_t id, const std::function<RouterData(const RouterData&)>& merge,
                            const rpc::Caller& actor) override;
  void DeleteRouter(int64_t id, const rpc::Caller& actor) override;
  void RecordContact(int64_t router_id, std::optional<bool> reachable, const std::string& error,
                     bool synced) override;
  void RecordApplyEvent(const RouterRecord& router, int64_t applied, int64_t failed) override;

  std::vector<RouterRecord> routers;
  std::vector<Contact> contacts;
  std::vector<ApplyEvent> apply_events;

 private:
  int64_t next_id_ = 1;
};

class FakeSubscriberMirror final : public SubscriberMirror {
 public:
  struct Row {
    SubscriberRecord record;
    int64_t version = 1;
  };

  std::optional<SubscriberRecord> FindSubscriber(int64_t customer_id) override;
  bool Upsert(const SubscriberRecord& record, const std::optional<StatusOrigin>& origin) override;
  int64_t RefreshMany(const std::vector<int64_t>& ids,
                      const std::vector<SubscriberRecord>& records) override;
  int64_t MarkMissingDeleted(const std::vector<int64_t>& live_ids) override;
  // `today` + `days` as YYYY-MM-DD.
  void SetExemptUntil(int64_t customer_id, const std::string& today, int days) override;

  std::map<int64_t, Row> rows;
  // Told of every customer whose version moved (FakeRouterLinks makes their links due).
  std::function<void(int64_t)> on_moved;
  int upserts = 0;
  int refresh_many_calls = 0;

 private:
  void Moved(int64_t customer_id);
};

class FakeRouterLinks final : public RouterLinks {
 public:
  struct Link {
    int64_t applied_version = 0;
    std::optional<Applied> applied;
    int attempts = 0;
    std::string last_error;
    std::chrono::steady_clock::time_point next_attempt;
  };

  FakeRouterLinks(FakeSubscriberMirror& mirror, FakeRouterRepository& routers,
                  const MonotonicClock& clock);

  std::vector<Work> DueWork(int64_t router_id, int limit) override;
  void RecordApplied(int64_t router_id, const Work& work) override;
  void RecordFailed(int64_t router_id, int64_t customer_id, const std::string& error,
                    std::chrono::milliseconds retry_base,
                    std::chrono::milliseconds retry_ceiling) override;
  int64_t VerifyAll(const rpc::Caller& actor) override;
  std::optional<CustomerNetworkView> CustomerNetwork(int64_t customer_id) override;
  std::vector<CustomerNetworkView> Problems(int limit, int offset, int64_t* total) override;
  void Counts(int64_t* pending, int64_t* failed) override;

  // (router id, customer id) -> link.
  std::map<std::pair<int64_t, int64_t>, Link> links;
  int verify_all_calls = 0;

 private:
  bool Behind(int64_t router_id, const FakeSubscriberMirror::Row& row) const;

  FakeSubscriberMirror& mirror_;
  FakeRouterRepository& routers_;
  const MonotonicClock& clock_;
};

class FakeOutboxCursor final : public OutboxCursor {
 public:
  // Appends an event with the next sequence number.
  void Add(const std::string& entity, const std::string& action, const std::string& entity_id,
           const std::string& changes = "{}");
  std::vector<OutboxEvent> EventsAfterCursor(int limit) override;
  void AdvanceCursor(int64_t seq) override;

  std::vector<OutboxEvent> events;
  int64_t cursor = 0;
};

class FakeCustomerDirectory final : public CustomerDirectory {
 public:
  // An active internet customer with a PPPoE account.
  SubscriberRecord& Add(int64_t customer_id, const std::string& status = "active");

  std::vector<customer::v1::Package> Packages() override;
  std::optional<SubscriberRecord> Load(int64_t customer_id,
                                       const std::vector<customer::v1::Package>& packages) override;
  std::vector<SubscriberRecord> LoadMany(
      const std::vector<int64_t>& customer_ids,
      const std::vector<customer::v1::Package>& packages) override;
  std::vector<SubscriberRecord> LoadAll() override;
  void SetStatus(int64_t customer_id, const std::string& status, const std::string& reason,
                 const rpc::Caller& caller) override;

  struct StatusChange {
    int64_t customer_id = 0;
    std::string status;
    std::string reason;
  };

  std::map<int64_t, SubscriberRecord> customers;  // internet customers (deleted ones too)
  std::vector<StatusChange> status_changes;
  std::set<int64_t> refuse_status;  // SetStatus throws failed_precondition for these
  std::set<int64_t> broken;         // reading these throws invalid_argument (never succeeds)
  bool unavailable = false;         // every call throws unavailable
  int package_reads = 0;
  int loads = 0;
};

class FakeBillingLedger final : public BillingLedger {
 public:
  std::vector<int64_t> Overdue(int grace_days, int64_t customer_id, std::string* today) override;
  int64_t TransactionCustomer(int64_t transaction_id) override;

  std::set<int64_t> overdue;
  std::map<int64_t, int64_t> transactions;  // transaction id -> customer id
  std::string today = "2026-12-01";
  int last_grace_days = -1;
};

class FakeNotifier final : public Notifier {
 public:
  struct Sent {
    int64_t customer_id = 0;
    std::string kind;
    std::string key;
    std::string reason;
  };
  void Notice(int64_t customer_id, const std::string& kind, const std::string& key,
              const std::string& reason) override;

  std::vector<Sent> notices;
};

// A router kind whose sessions record what was applied; routers can be down, single customers
// refused, or the connection dropped at a customer.
class FakeRouterDriver final : public RouterDriver {
 public:
  std::unique_ptr<RouterSession> Open(const RouterConfig& router) override;

  std::set<int64_t> down;                               // router ids that refuse the connection
  std::set<int64_t> refuse;                             // customer ids one !trap each
  std::optional<int64_t> drop_at;                       // the connection breaks at this customer
  std::vector<std::pair<int64_t, Subscriber>> applied;  // (router id, subscriber)
  int opens = 0;
};

// Leadership granted or not as the test says; safe to read while the worker's thread runs.
class FakeLeadership final : public Leadership {
 public:
  bool TryAcquire() override {
    ++attempts;
    return granted.load();
  }
  void Release() override { ++releases; }

  std::atomic<bool> granted{true};
  std::atomic<int> attempts{0};
  std::atomic<int> releases{0};
};

// Every fake, wired to each other as main.cc wires the real ones; a test fixture derives from it.
struct FakeNetwork {
  ManualClock clock;
  FakePolicyRepository policy;
  FakeRouterRepository routers;
  FakeSubscriberMirror mirror;
  FakeRouterLinks links{mirror, routers, clock};
  FakeOutboxCursor cursor;
  FakeCustomerDirectory customers;
  FakeBillingLedger ledger;
  FakeNotifier notifier;
  FakeRouterDriver driver;
};

}  // namespace billing::network::testing
