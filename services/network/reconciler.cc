#include "reconciler.h"

#include "errors/error.h"
#include "i18n/messages.h"
#include "log/log.h"

namespace billing::network {

Reconciler::Reconciler(RouterRepository& routers, RouterLinks& links,
                       std::map<std::string, RouterDriver*> drivers, const MonotonicClock& clock,
                       ReconcilerOptions options)
    : routers_(routers),
      links_(links),
      drivers_(std::move(drivers)),
      clock_(clock),
      options_(options) {}

RouterConfig Reconciler::ConfigOf(const RouterRecord& router) const {
  const RouterData& d = router.data;
  return RouterConfig{router.id, d.name,        d.kind,           d.host,
                      d.port,    d.tls,         d.username,       d.password,
                      d.secret,  d.isolir_mode, d.isolir_profile, options_.timeout_ms};
}

RouterInventory Reconciler::ReadInventory(int64_t router_id) {
  std::optional<RouterRecord> router = router_id > 0 ? routers_.Router(router_id) : std::nullopt;
  if (!router) throw errors::NotFound(i18n::kRouterNotFound);
  auto driver = drivers_.find(router->data.kind);
  if (driver == drivers_.end()) throw errors::FailedPrecondition(i18n::kRouterNoInventory);
  try {
    return driver->second->Open(ConfigOf(*router))->ReadInventory();
  } catch (const NetworkError& e) {
    if (!e.router_down()) throw errors::FailedPrecondition(e.what());
    throw errors::Unavailable(e.what());
  }
}

bool Reconciler::Pass() {
  bool more = false;
  for (const auto& router : routers_.Routers()) {
    if (!router.data.enabled) continue;
    try {
      more = PassRouter(router) || more;
    } catch (const std::exception& e) {
      // A database hiccup: this router is tried again at the next pass.
      log::Warn("network: router pass failed", {{"router", router.data.name}, {"error", e.what()}});
    }
  }
  return more;
}

bool Reconciler::PassRouter(const RouterRecord& router) {
  auto driver = drivers_.find(router.data.kind);
  if (driver == drivers_.end()) return false;
  std::vector<Work> work = links_.DueWork(router.id, options_.batch_size);
  auto now = clock_.Now();
  auto probed = last_probe_.find(router.id);
  bool probe_due = probed == last_probe_.end() || now - probed->second >= options_.probe_interval;
  if (work.empty() && !probe_due) return false;
  last_probe_[router.id] = now;

  std::unique_ptr<RouterSession> session;
  try {
    session = driver->second->Open(ConfigOf(router));
  } catch (const NetworkError& e) {
    for (const auto& item : work) {
      links_.RecordFailed(router.id, item.desired.customer_id, e.what(), options_.retry_base,
                          options_.retry_ceiling);
    }
    routers_.RecordContact(router.id, false, e.what(), false);
    if (!work.empty()) routers_.RecordApplyEvent(router, 0, static_cast<int64_t>(work.size()));
    return false;
  }

  int64_t applied = 0;
  int64_t failed = 0;
  std::string router_error;
  for (const auto& item : work) {
    if (!router_error.empty()) {
      // The connection broke: the rest wait for the next attempt with the same reason.
      links_.RecordFailed(router.id, item.desired.customer_id, router_error, options_.retry_base,
                          options_.retry_ceiling);
      ++failed;
      continue;
    }
    try {
      session->Apply(item.desired, item.previous);
      links_.RecordApplied(router.id, item);
      ++applied;
    } catch (const NetworkError& e) {
      links_.RecordFailed(router.id, item.desired.customer_id, e.what(), options_.retry_base,
                          options_.retry_ceiling);
      ++failed;
      if (e.router_down()) router_error = e.what();
    }
  }
  bool complete = failed == 0 && static_cast<int>(work.size()) < options_.batch_size;
  std::optional<bool> reachable;
  if (!router_error.empty()) {
    reachable = false;
  } else if (session->contacted()) {
    reachable = true;
  }
  routers_.RecordContact(router.id, reachable, router_error, complete);
  if (applied + failed > 0) routers_.RecordApplyEvent(router, applied, failed);
  return failed == 0 && static_cast<int>(work.size()) == options_.batch_size;
}

}  // namespace billing::network
