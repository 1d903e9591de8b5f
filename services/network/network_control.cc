#include "network_control.h"

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

int64_t ParseId(const std::string& text) {
  if (text.empty() || text.size() > 18) return 0;
  for (char c : text) {
    if (c < '0' || c > '9') return 0;
  }
  return std::stoll(text);
}

}  // namespace

NetworkControl::NetworkControl(NetworkRepository& repository, CustomerDirectory& customers,
                               BillingLedger& ledger, Notifier& notifier)
    : repository_(repository), customers_(customers), ledger_(ledger), notifier_(notifier) {}

void NetworkControl::FollowStatus(int64_t customer_id, const std::string& status,
                                  const StatusOrigin& origin) {
  std::optional<SubscriberRecord> record = repository_.FindSubscriber(customer_id);
  if (!record) {
    PackageList packages(customers_);
    Refresh(customer_id, packages, origin);
    return;
  }
  record->subscriber.status = status;
  repository_.Upsert(*record, origin);
}

int64_t NetworkControl::RefreshAll() {
  std::vector<SubscriberRecord> all = customers_.LoadAll();
  std::vector<int64_t> ids;
  ids.reserve(all.size());
  for (const auto& record : all) {
    repository_.Upsert(record, std::nullopt);
    ids.push_back(record.subscriber.customer_id);
  }
  repository_.MarkMissingDeleted(ids);
  return static_cast<int64_t>(all.size());
}

const std::vector<customer::v1::Package>& NetworkControl::PackageList::Get() {
  if (!list_) list_ = customers_.Packages();
  return *list_;
}

void NetworkControl::Refresh(int64_t customer_id, PackageList& packages,
                             const std::optional<StatusOrigin>& origin) {
  if (auto record = customers_.Load(customer_id, packages.Get())) {
    repository_.Upsert(*record, origin);
    return;
  }
  // No longer an internet customer (changed to gas): the routers must forget them.
  std::optional<SubscriberRecord> known = repository_.FindSubscriber(customer_id);
  if (known && !known->subscriber.deleted) {
    known->subscriber.deleted = true;
    repository_.Upsert(*known, std::nullopt);
  }
}

int NetworkControl::FollowOutbox(int limit) {
  std::vector<OutboxEvent> events = repository_.EventsAfterCursor(limit);
  PackageList packages(customers_);
  int consumed = 0;
  for (const auto& event : events) {
    try {
      HandleEvent(event, packages);
    } catch (const errors::Error& e) {
      if (IsPassing(e)) {
        log::Warn("network: event postponed",
                  {{"seq", event.seq}, {"entity", event.entity}, {"error", e.what()}});
        break;
      }
      log::Warn("network: event skipped",
                {{"seq", event.seq}, {"entity", event.entity}, {"error", e.what()}});
    }
    repository_.AdvanceCursor(event.seq);
    ++consumed;
  }
  return consumed;
}

void NetworkControl::HandleEvent(const OutboxEvent& event, PackageList& packages) {
  if (event.entity == "customer") {
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
    if (repository_.Policy().data.notify_whatsapp) {
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
    repository_.VerifyAll(rpc::Caller{});
  }
}

CheckResult NetworkControl::RunCheck() {
  PolicyData policy = repository_.Policy().data;
  std::string today;
  std::vector<int64_t> overdue = ledger_.Overdue(policy.grace_days, 0, &today);
  CheckResult result;
  result.checked = static_cast<int64_t>(overdue.size());
  std::string reason =
      events::FormatSummary(i18n::kReasonAutoIsolir, {{"hari", std::to_string(policy.grace_days)}});
  PackageList packages(customers_);
  for (int64_t id : overdue) {
    std::optional<SubscriberRecord> record = repository_.FindSubscriber(id);
    if (!record) {
      Refresh(id, packages);
      record = repository_.FindSubscriber(id);
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
  repository_.RecordCheck(result.checked, result.isolated);
  return result;
}

void NetworkControl::OnPaid(int64_t customer_id) {
  std::optional<SubscriberRecord> record = repository_.FindSubscriber(customer_id);
  if (!record || record->subscriber.status != "isolated" || record->isolated_by != "auto") return;
  PolicyData policy = repository_.Policy().data;
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
  std::optional<SubscriberRecord> before = repository_.FindSubscriber(customer_id);
  customers_.SetStatus(customer_id, "active", reason, caller);
  FollowStatus(customer_id, "active", StatusOrigin{"", reason});
  // Staff let a customer in arrears back in: the policy leaves them alone for the grace days
  // instead of isolating them again at the next check.
  if (before && before->subscriber.status == "isolated") {
    PolicyData policy = repository_.Policy().data;
    std::string today;
    if (!ledger_.Overdue(policy.grace_days, customer_id, &today).empty()) {
      repository_.SetExemptUntil(customer_id, today, std::max(policy.grace_days, 1));
    }
  }
  return View(customer_id);
}

CustomerNetworkView NetworkControl::View(int64_t customer_id) {
  std::optional<CustomerNetworkView> view = repository_.CustomerNetwork(customer_id);
  if (!view) {  // not mirrored yet (created a moment ago)
    PackageList packages(customers_);
    Refresh(customer_id, packages);
    view = repository_.CustomerNetwork(customer_id);
  }
  if (!view) throw errors::NotFound(i18n::kNotInternetCustomer);
  return *view;
}

}  // namespace billing::network
