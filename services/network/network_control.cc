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

void NetworkControl::Refresh(int64_t customer_id, const std::optional<StatusOrigin>& origin) {
  if (auto record = customers_.Load(customer_id)) {
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
  int consumed = 0;
  for (const auto& event : events) {
    try {
      HandleEvent(event);
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

void NetworkControl::HandleEvent(const OutboxEvent& event) {
  if (event.entity == "customer") {
    int64_t id = ParseId(event.entity_id);
    if (id == 0) return;
    if (event.action != "isolate" && event.action != "reconnect") {
      Refresh(id);
      return;
    }
    nlohmann::json changes = nlohmann::json::parse(event.changes, nullptr, false);
    std::string reason = changes.is_object() ? changes.value("reason", "") : "";
    bool isolating = event.action == "isolate";
    std::string by =
        !isolating
            ? ""
            : (changes.is_object() && changes.value("origin", "") == "auto" ? "auto" : "manual");
    Refresh(id, StatusOrigin{by, reason});
    if (repository_.Policy().data.notify_whatsapp) {
      std::string kind = isolating ? "isolir" : "reconnect";
      notifier_.Notice(id, kind, kind + ":" + std::to_string(id) + ":" + std::to_string(event.seq),
                       reason);
    }
  } else if (event.entity == "package") {
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
  for (int64_t id : overdue) {
    std::optional<SubscriberRecord> record = repository_.FindSubscriber(id);
    if (!record) {
      Refresh(id);
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
    // The mirror follows at once without asking the customer service again (the outbox event
    // that follows confirms it).
    record->subscriber.status = "isolated";
    repository_.Upsert(*record, StatusOrigin{"auto", reason});
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
  Refresh(customer_id, StatusOrigin{"", i18n::kReasonPaid});
}

CustomerNetworkView NetworkControl::Isolate(int64_t customer_id, const std::string& reason,
                                            const rpc::Caller& caller) {
  customers_.SetStatus(customer_id, "isolated", reason, caller);
  Refresh(customer_id, StatusOrigin{"manual", reason});
  return View(customer_id);
}

CustomerNetworkView NetworkControl::Reconnect(int64_t customer_id, const std::string& reason,
                                              const rpc::Caller& caller) {
  // Staff decided to let a customer in arrears back in: the policy leaves them alone for the
  // grace days instead of isolating them again at the next check (set first, so a check
  // running meanwhile cannot undo the decision).
  PolicyData policy = repository_.Policy().data;
  std::string today;
  if (!ledger_.Overdue(policy.grace_days, customer_id, &today).empty()) {
    repository_.SetExemptUntil(customer_id, today, std::max(policy.grace_days, 1));
  }
  customers_.SetStatus(customer_id, "active", reason, caller);
  Refresh(customer_id, StatusOrigin{"", reason});
  return View(customer_id);
}

CustomerNetworkView NetworkControl::View(int64_t customer_id) {
  std::optional<CustomerNetworkView> view = repository_.CustomerNetwork(customer_id);
  if (!view) {
    Refresh(customer_id);
    view = repository_.CustomerNetwork(customer_id);
  }
  if (!view) throw errors::NotFound(i18n::kNotInternetCustomer);
  return *view;
}

}  // namespace billing::network
