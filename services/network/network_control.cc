#include "network_control.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "errors/error.h"
#include "events/outbox.h"
#include "i18n/messages.h"
#include "log/log.h"

namespace billing::network {
namespace {

// Failures worth retrying later (a service or the database briefly away) as opposed to an
// event that can never succeed (a customer without a phone for the notice).
bool IsPassing(const errors::Error& error) {
  return error.code() == errors::Code::kUnavailable || error.code() == errors::Code::kInternal;
}

constexpr size_t kRefreshChunk = 1000;  // mirror rows written per transaction

int64_t ParseId(const std::string& text) {
  if (text.empty() || text.size() > 18) return 0;
  for (char c : text) {
    if (c < '0' || c > '9') return 0;
  }
  return std::stoll(text);
}

// An import (or its discard) changed many customers at once, named in no event of their own.
bool IsImport(const OutboxEvent& event) {
  return event.entity == "customer" &&
         (event.action == "import" || event.action == "import_discard");
}

// Whether HandleEvent does anything with the event (customer events aside).
bool NeedsAction(const OutboxEvent& event) {
  if (event.entity == "customer") {
    if (IsImport(event)) return true;
    return ParseId(event.entity_id) != 0 && event.action != "show_password";
  }
  return event.entity == "package" ||
         (event.entity == "transaction" && event.action == "mark_lunas") ||
         (event.entity == "system" && event.action == "restore");
}

}  // namespace

NetworkControl::NetworkControl(SubscriberMirror& mirror, PolicyRepository& policy,
                               RouterLinks& links, OutboxCursor& cursor,
                               CustomerDirectory& customers, BillingLedger& ledger,
                               Notifier& notifier)
    : mirror_(mirror),
      policy_(policy),
      links_(links),
      cursor_(cursor),
      customers_(customers),
      ledger_(ledger),
      notifier_(notifier) {}

void NetworkControl::FollowStatus(int64_t customer_id, const std::string& status,
                                  const StatusOrigin& origin) {
  std::optional<SubscriberRecord> record = mirror_.FindSubscriber(customer_id);
  if (!record) {
    PackageList packages(customers_);
    Refresh(customer_id, packages, origin);
    return;
  }
  record->subscriber.status = status;
  mirror_.Upsert(*record, origin);
}

int64_t NetworkControl::RefreshAll() {
  std::vector<SubscriberRecord> all = customers_.LoadAll();
  std::vector<int64_t> ids;
  ids.reserve(all.size());
  for (const auto& record : all) ids.push_back(record.subscriber.customer_id);
  for (size_t begin = 0; begin < all.size(); begin += kRefreshChunk) {
    size_t end = std::min(all.size(), begin + kRefreshChunk);
    mirror_.RefreshMany({}, std::vector<SubscriberRecord>(all.begin() + begin, all.begin() + end));
  }
  mirror_.MarkMissingDeleted(ids);
  return static_cast<int64_t>(all.size());
}

const std::vector<customer::v1::Package>& NetworkControl::PackageList::Get() {
  if (!list_) list_ = customers_.Packages();
  return *list_;
}

void NetworkControl::Refresh(int64_t customer_id, PackageList& packages,
                             const std::optional<StatusOrigin>& origin) {
  if (auto record = customers_.Load(customer_id, packages.Get())) {
    mirror_.Upsert(*record, origin);
    return;
  }
  // No longer an internet customer (changed to gas): the routers must forget them.
  std::optional<SubscriberRecord> known = mirror_.FindSubscriber(customer_id);
  if (known && !known->subscriber.deleted) {
    known->subscriber.deleted = true;
    mirror_.Upsert(*known, std::nullopt);
  }
}

// Plain customer changes (creates, edits, deletes) and events that need nothing are gathered
// into a run and settled together: one read of the changed customers from the customer service
// and one write of the mirror per run, not one of each per event. Any other event first settles
// the run before it, so the order of effects stays that of the outbox. The cursor moves once, to
// the last event settled.
int NetworkControl::FollowOutbox(int limit) {
  std::vector<OutboxEvent> events = cursor_.EventsAfterCursor(limit);
  PackageList packages(customers_);
  int consumed = 0;
  int64_t settled_seq = 0;
  std::vector<int64_t> run_ids;  // customers changed within the run
  int run_events = 0;
  int64_t run_last_seq = 0;
  // Returns false when the run must be retried later (a passing failure).
  auto settle_run = [&]() -> bool {
    if (run_events == 0) return true;
    if (!run_ids.empty()) {
      try {
        RefreshMany(run_ids, packages);
      } catch (const errors::Error& e) {
        if (IsPassing(e)) {
          log::Warn(
              "network: events postponed",
              {{"after_seq", settled_seq}, {"customers", run_ids.size()}, {"error", e.what()}});
          return false;
        }
        // Something in the run can never succeed: one customer at a time, as events alone.
        for (int64_t id : run_ids) {
          try {
            Refresh(id, packages);
          } catch (const errors::Error& one) {
            if (IsPassing(one)) return false;
            log::Warn("network: event skipped",
                      {{"customer_id", id}, {"entity", "customer"}, {"error", one.what()}});
          }
        }
      }
    }
    consumed += run_events;
    settled_seq = run_last_seq;
    run_ids.clear();
    run_events = 0;
    return true;
  };
  bool stopped = false;
  for (const auto& event : events) {
    int64_t id = event.entity == "customer" ? ParseId(event.entity_id) : 0;
    bool plain_change = id != 0 && event.action != "show_password" && event.action != "isolate" &&
                        event.action != "reconnect";
    if (plain_change || !NeedsAction(event)) {
      if (plain_change) run_ids.push_back(id);
      ++run_events;
      run_last_seq = event.seq;
      continue;
    }
    if (!settle_run()) {
      stopped = true;
      break;
    }
    try {
      HandleEvent(event, packages);
    } catch (const errors::Error& e) {
      if (IsPassing(e)) {
        log::Warn("network: event postponed",
                  {{"seq", event.seq}, {"entity", event.entity}, {"error", e.what()}});
        stopped = true;
        break;
      }
      log::Warn("network: event skipped",
                {{"seq", event.seq}, {"entity", event.entity}, {"error", e.what()}});
    }
    ++consumed;
    settled_seq = event.seq;
  }
  if (!stopped) settle_run();
  if (settled_seq > 0) cursor_.AdvanceCursor(settled_seq);
  return consumed;
}

void NetworkControl::RefreshMany(std::vector<int64_t> ids, PackageList& packages) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  mirror_.RefreshMany(ids, customers_.LoadMany(ids, packages.Get()));
}

void NetworkControl::HandleEvent(const OutboxEvent& event, PackageList& packages) {
  if (IsImport(event)) {
    // One read of every internet customer in keyset batches (the bill run's feed) and mirror
    // writes of 1,000 rows, instead of a call to the customer service per new customer.
    packages.Forget();
    RefreshAll();
  } else if (event.entity == "customer") {
    int64_t id = ParseId(event.entity_id);
    if (id == 0 || event.action == "show_password") return;  // staff looked, nothing changed
    if (event.action != "isolate" && event.action != "reconnect") {
      Refresh(id, packages);
      return;
    }
    nlohmann::json changes = nlohmann::json::parse(event.changes, nullptr, false);
    std::string reason = changes.is_object() ? changes.value("reason", "") : "";
    bool isolating = event.action == "isolate";
    std::string by =
        !isolating
            ? ""
            : (changes.is_object() && changes.value("origin", "") == "auto" ? "auto" : "manual");
    Refresh(id, packages, StatusOrigin{by, reason});
    if (policy_.Policy().data.notify_whatsapp) {
      std::string kind = isolating ? "isolir" : "reconnect";
      notifier_.Notice(id, kind, kind + ":" + std::to_string(id) + ":" + std::to_string(event.seq),
                       reason);
    }
  } else if (event.entity == "package") {
    packages.Forget();
    RefreshAll();  // a profile or rate limit may have changed for many customers at once
  } else if (event.entity == "transaction" && event.action == "mark_lunas") {
    int64_t customer_id = ledger_.TransactionCustomer(ParseId(event.entity_id));
    if (customer_id > 0) OnPaid(customer_id);
  } else if (event.entity == "system" && event.action == "restore") {
    // The restored links describe the routers as they were at backup time: check them all.
    RefreshAll();
    links_.VerifyAll(rpc::Caller{});
  }
}

CheckResult NetworkControl::RunCheck() {
  PolicyData policy = policy_.Policy().data;
  std::string today;
  std::vector<int64_t> overdue = ledger_.Overdue(policy.grace_days, 0, &today);
  CheckResult result;
  result.checked = static_cast<int64_t>(overdue.size());
  std::string reason =
      events::FormatSummary(i18n::kReasonAutoIsolir, {{"hari", std::to_string(policy.grace_days)}});
  PackageList packages(customers_);
  for (int64_t id : overdue) {
    std::optional<SubscriberRecord> record = mirror_.FindSubscriber(id);
    if (!record) {
      Refresh(id, packages);
      record = mirror_.FindSubscriber(id);
    }
    if (!record || record->subscriber.deleted || record->subscriber.status != "active") continue;
    if (!record->exempt_until.empty() && record->exempt_until >= today) continue;
    try {
      customers_.SetStatus(id, "isolated", reason, rpc::Caller{});
    } catch (const errors::Error& e) {
      if (IsPassing(e)) throw;
      log::Warn("network: isolir refused", {{"customer_id", id}, {"error", e.what()}});
      continue;
    }
    FollowStatus(id, "isolated", StatusOrigin{"auto", reason});
    ++result.isolated;
  }
  policy_.RecordCheck(result.checked, result.isolated);
  return result;
}

void NetworkControl::OnPaid(int64_t customer_id) {
  std::optional<SubscriberRecord> record = mirror_.FindSubscriber(customer_id);
  if (!record || record->subscriber.status != "isolated" || record->isolated_by != "auto") return;
  PolicyData policy = policy_.Policy().data;
  if (!ledger_.Overdue(policy.grace_days, customer_id, nullptr).empty()) return;
  customers_.SetStatus(customer_id, "active", i18n::kReasonPaid, rpc::Caller{});
  FollowStatus(customer_id, "active", StatusOrigin{"", i18n::kReasonPaid});
}

CustomerNetworkView NetworkControl::Isolate(int64_t customer_id, const std::string& reason,
                                            const rpc::Caller& caller) {
  customers_.SetStatus(customer_id, "isolated", reason, caller);
  FollowStatus(customer_id, "isolated", StatusOrigin{"manual", reason});
  return View(customer_id);
}

CustomerNetworkView NetworkControl::Reconnect(int64_t customer_id, const std::string& reason,
                                              const rpc::Caller& caller) {
  std::optional<SubscriberRecord> before = mirror_.FindSubscriber(customer_id);
  customers_.SetStatus(customer_id, "active", reason, caller);
  FollowStatus(customer_id, "active", StatusOrigin{"", reason});
  // Staff let a customer in arrears back in: the policy leaves them alone for the grace days
  // instead of isolating them again at the next check.
  if (before && before->subscriber.status == "isolated") {
    PolicyData policy = policy_.Policy().data;
    std::string today;
    if (!ledger_.Overdue(policy.grace_days, customer_id, &today).empty()) {
      mirror_.SetExemptUntil(customer_id, today, std::max(policy.grace_days, 1));
    }
  }
  return View(customer_id);
}

CustomerNetworkView NetworkControl::View(int64_t customer_id) {
  std::optional<CustomerNetworkView> view = links_.CustomerNetwork(customer_id);
  if (!view) {  // not mirrored yet (created a moment ago)
    PackageList packages(customers_);
    Refresh(customer_id, packages);
    view = links_.CustomerNetwork(customer_id);
  }
  if (!view) throw errors::NotFound(i18n::kNotInternetCustomer);
  return *view;
}

}  // namespace billing::network
