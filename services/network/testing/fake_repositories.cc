// The repositories and clock, faked.
#include <algorithm>
#include <cstdio>

#include "errors/error.h"
#include "i18n/messages.h"
#include "testing/fakes.h"

namespace billing::network::testing {

PolicyData FakePolicyRepository::UpdatePolicy(
    const std::function<PolicyData(const PolicyData&)>& merge, const rpc::Caller& /*actor*/) {
  record.data = merge(record.data);
  return record.data;
}

bool FakePolicyRepository::ClaimScheduledCheck() {
  ++claims;
  bool due = check_due && record.data.auto_isolir;
  check_due = false;
  return due;
}

void FakePolicyRepository::RecordCheck(int64_t checked, int64_t isolated) {
  record.last_checked = checked;
  record.last_isolated = isolated;
  checks.emplace_back(checked, isolated);
}

int64_t FakeRouterRepository::Add(const std::string& name, const std::string& kind) {
  RouterRecord router;
  router.id = next_id_++;
  router.data.name = name;
  router.data.kind = kind;
  router.data.host = "127.0.0.1";
  routers.push_back(router);
  return router.id;
}

std::optional<RouterRecord> FakeRouterRepository::Router(int64_t id) {
  for (const auto& router : routers) {
    if (router.id == id) return router;
  }
  return std::nullopt;
}

RouterRecord FakeRouterRepository::CreateRouter(const RouterData& data,
                                                const rpc::Caller& /*actor*/) {
  for (const auto& router : routers) {
    if (router.data.name == data.name) {
      throw errors::AlreadyExists(i18n::kRouterNameTaken, {{"name", i18n::kRouterNameTaken}});
    }
  }
  RouterRecord router;
  router.id = next_id_++;
  router.data = data;
  routers.push_back(router);
  return router;
}

RouterRecord FakeRouterRepository::UpdateRouter(
    int64_t id, const std::function<RouterData(const RouterData&)>& merge,
    const rpc::Caller& /*actor*/) {
  for (auto& router : routers) {
    if (router.id == id) {
      router.data = merge(router.data);
      return router;
    }
  }
  throw errors::NotFound(i18n::kRouterNotFound);
}

void FakeRouterRepository::DeleteRouter(int64_t id, const rpc::Caller& /*actor*/) {
  auto it = std::find_if(routers.begin(), routers.end(),
                         [id](const RouterRecord& router) { return router.id == id; });
  if (it == routers.end()) throw errors::NotFound(i18n::kRouterNotFound);
  routers.erase(it);
}

void FakeRouterRepository::RecordContact(int64_t router_id, std::optional<bool> reachable,
                                         const std::string& error, bool synced) {
  contacts.push_back({router_id, reachable, error, synced});
  for (auto& router : routers) {
    if (router.id != router_id) continue;
    if (reachable) {
      router.reachable = *reachable;
      router.last_error = error;
    }
  }
}

void FakeRouterRepository::RecordApplyEvent(const RouterRecord& router, int64_t applied,
                                            int64_t failed) {
  apply_events.push_back({router.id, applied, failed});
}

std::optional<SubscriberRecord> FakeSubscriberMirror::FindSubscriber(int64_t customer_id) {
  auto it = rows.find(customer_id);
  if (it == rows.end()) return std::nullopt;
  return it->second.record;
}

void FakeSubscriberMirror::Moved(int64_t customer_id) {
  if (on_moved) on_moved(customer_id);
}

bool FakeSubscriberMirror::Upsert(const SubscriberRecord& record,
                                  const std::optional<StatusOrigin>& origin) {
  ++upserts;
  const Subscriber& s = record.subscriber;
  auto it = rows.find(s.customer_id);
  if (it == rows.end()) {
    Row row;
    row.record = record;
    StatusOrigin after = OriginAfterWrite(std::nullopt, {}, s.status, origin);
    row.record.isolated_by = after.isolated_by;
    row.record.reason = after.reason;
    row.record.exempt_until.clear();
    rows.emplace(s.customer_id, row);
    Moved(s.customer_id);
    return true;
  }
  Row& row = it->second;
  bool changed = !SameOnRouters(row.record.subscriber, s);
  StatusOrigin after = OriginAfterWrite(
      row.record.subscriber.status, {row.record.isolated_by, row.record.reason}, s.status, origin);
  std::string exempt_until = row.record.exempt_until;
  row.record = record;
  row.record.isolated_by = after.isolated_by;
  row.record.reason = after.reason;
  row.record.exempt_until = exempt_until;
  if (changed) {
    ++row.version;
    Moved(s.customer_id);
  }
  return changed;
}

int64_t FakeSubscriberMirror::RefreshMany(const std::vector<int64_t>& ids,
                                          const std::vector<SubscriberRecord>& records) {
  ++refresh_many_calls;
  int64_t moved = 0;
  std::set<int64_t> with_record;
  for (const auto& record : records) {
    with_record.insert(record.subscriber.customer_id);
    bool existed = rows.count(record.subscriber.customer_id) > 0;
    if (Upsert(record, std::nullopt) && existed) ++moved;
    if (!existed) ++moved;
    --upserts;
  }
  for (int64_t id : ids) {
    if (with_record.count(id) > 0) continue;
    auto it = rows.find(id);
    if (it == rows.end() || it->second.record.subscriber.deleted) continue;
    SubscriberRecord gone = it->second.record;
    gone.subscriber.deleted = true;
    if (Upsert(gone, std::nullopt)) ++moved;
    --upserts;
  }
  return moved;
}

int64_t FakeSubscriberMirror::MarkMissingDeleted(const std::vector<int64_t>& live_ids) {
  std::set<int64_t> live(live_ids.begin(), live_ids.end());
  int64_t marked = 0;
  for (auto& [id, row] : rows) {
    if (row.record.subscriber.deleted || live.count(id) > 0) continue;
    row.record.subscriber.deleted = true;
    ++row.version;
    ++marked;
    Moved(id);
  }
  return marked;
}

void FakeSubscriberMirror::SetExemptUntil(int64_t customer_id, const std::string& today, int days) {
  auto it = rows.find(customer_id);
  if (it == rows.end()) return;
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  std::sscanf(today.c_str(), "%d-%u-%u", &y, &m, &d);
  std::chrono::sys_days date =
      std::chrono::sys_days(std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}) +
      std::chrono::days{days};
  std::chrono::year_month_day ymd(date);
  char text[16];
  std::snprintf(text, sizeof(text), "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  it->second.record.exempt_until = text;
}

FakeRouterLinks::FakeRouterLinks(FakeSubscriberMirror& mirror, FakeRouterRepository& routers,
                                 const MonotonicClock& clock)
    : mirror_(mirror), routers_(routers), clock_(clock) {
  mirror_.on_moved = [this](int64_t customer_id) {
    for (auto& [key, link] : links) {
      if (key.second == customer_id) link.next_attempt = clock_.Now();
    }
  };
}

bool FakeRouterLinks::Behind(int64_t router_id, const FakeSubscriberMirror::Row& row) const {
  auto it = links.find({router_id, row.record.subscriber.customer_id});
  if (it == links.end()) return !row.record.subscriber.deleted;
  return it->second.applied_version < row.version;
}

std::vector<Work> FakeRouterLinks::DueWork(int64_t router_id, int limit) {
  std::vector<Work> work;
  for (const auto& [id, row] : mirror_.rows) {
    if (static_cast<int>(work.size()) >= limit) break;
    if (!Behind(router_id, row)) continue;
    auto it = links.find({router_id, id});
    if (it != links.end() && it->second.next_attempt > clock_.Now()) continue;
    Work item;
    item.desired = row.record.subscriber;
    item.version = row.version;
    if (it != links.end()) item.previous = it->second.applied;
    work.push_back(item);
  }
  return work;
}

void FakeRouterLinks::RecordApplied(int64_t router_id, const Work& work) {
  Link& link = links[{router_id, work.desired.customer_id}];
  const Subscriber& s = work.desired;
  link.applied_version = std::max(link.applied_version, work.version);
  link.applied = Applied{s.username, s.status, s.profile, s.deleted};
  link.attempts = 0;
  link.last_error.clear();
  link.next_attempt = clock_.Now();
}

void FakeRouterLinks::RecordFailed(int64_t router_id, int64_t customer_id, const std::string& error,
                                   std::chrono::milliseconds retry_base,
                                   std::chrono::milliseconds retry_ceiling) {
  auto it = links.find({router_id, customer_id});
  std::optional<int> previous;
  if (it != links.end()) previous = it->second.attempts;
  Link& link = links[{router_id, customer_id}];
  link.next_attempt = clock_.Now() + RetryDelay(previous, retry_base, retry_ceiling);
  link.attempts = previous.value_or(0) + 1;
  link.last_error = error;
}

int64_t FakeRouterLinks::VerifyAll(const rpc::Caller& /*actor*/) {
  ++verify_all_calls;
  for (auto& [key, link] : links) {
    link.applied_version = 0;
    link.attempts = 0;
    link.next_attempt = clock_.Now();
  }
  int64_t count = 0;
  for (const auto& [id, row] : mirror_.rows) count += row.record.subscriber.deleted ? 0 : 1;
  return count;
}

std::optional<CustomerNetworkView> FakeRouterLinks::CustomerNetwork(int64_t customer_id) {
  auto it = mirror_.rows.find(customer_id);
  if (it == mirror_.rows.end()) return std::nullopt;
  const SubscriberRecord& record = it->second.record;
  CustomerNetworkView view;
  view.customer_id = customer_id;
  view.customer_name = record.customer_name;
  view.username = record.subscriber.username;
  view.status = record.subscriber.status;
  view.isolated_by = record.isolated_by;
  view.reason = record.reason;
  view.exempt_until = record.exempt_until;
  for (const auto& router : routers_.routers) {
    if (!router.data.enabled) continue;
    LinkView link_view;
    link_view.router_id = router.id;
    link_view.router_name = router.data.name;
    link_view.kind = router.data.kind;
    auto link = links.find({router.id, customer_id});
    if (link != links.end()) {
      link_view.attempts = link->second.attempts;
      link_view.last_error = link->second.last_error;
      if (link->second.applied) link_view.applied_status = link->second.applied->status;
    }
    link_view.state = LinkState(!Behind(router.id, it->second), link_view.attempts);
    view.links.push_back(link_view);
  }
  return view;
}

std::vector<CustomerNetworkView> FakeRouterLinks::Problems(int limit, int offset, int64_t* total) {
  std::vector<int64_t> behind;
  for (const auto& [id, row] : mirror_.rows) {
    for (const auto& router : routers_.routers) {
      if (router.data.enabled && Behind(router.id, row)) {
        behind.push_back(id);
        break;
      }
    }
  }
  *total = static_cast<int64_t>(behind.size());
  std::vector<CustomerNetworkView> views;
  for (size_t i = static_cast<size_t>(offset);
       i < behind.size() && static_cast<int>(views.size()) < limit; ++i) {
    views.push_back(*CustomerNetwork(behind[i]));
  }
  return views;
}

void FakeRouterLinks::Counts(int64_t* pending, int64_t* failed) {
  *pending = 0;
  *failed = 0;
  for (const auto& [id, row] : mirror_.rows) {
    for (const auto& router : routers_.routers) {
      if (!router.data.enabled || !Behind(router.id, row)) continue;
      auto link = links.find({router.id, id});
      bool has_failed = link != links.end() && link->second.attempts > 0;
      ++(has_failed ? *failed : *pending);
    }
  }
}

void FakeOutboxCursor::Add(const std::string& entity, const std::string& action,
                           const std::string& entity_id, const std::string& changes) {
  int64_t seq = events.empty() ? 1 : events.back().seq + 1;
  events.push_back({seq, entity, action, entity_id, changes});
}

std::vector<OutboxEvent> FakeOutboxCursor::EventsAfterCursor(int limit) {
  std::vector<OutboxEvent> after;
  for (const auto& event : events) {
    if (event.seq > cursor && static_cast<int>(after.size()) < limit) after.push_back(event);
  }
  return after;
}

void FakeOutboxCursor::AdvanceCursor(int64_t seq) { cursor = std::max(cursor, seq); }

}  // namespace billing::network::testing
