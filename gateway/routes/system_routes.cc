// /healthz (gateway and every service, checked in parallel and cached) and /metrics
// (Prometheus text format, loopback clients only unless METRICS_PUBLIC).
#include <chrono>
#include <memory>
#include <mutex>

#include "errors/error.h"
#include "http/trusted_proxies.h"
#include "i18n/messages.h"
#include "routes/routes.h"

namespace billing::gateway {
namespace {

// One check at a time; everyone else gets the last answer while it is fresh (or while a
// check is running), so a burst of probes never turns into a burst of backend calls.
class HealthCache final {
 public:
  explicit HealthCache(Backends& backends) : backends_(backends) {}

  std::map<std::string, bool> Get() {
    std::unique_lock check(check_mutex_, std::try_to_lock);
    {
      std::lock_guard lock(mutex_);
      bool fresh = std::chrono::steady_clock::now() - checked_at_ < kFresh;
      if (has_result_ && (fresh || !check.owns_lock())) return result_;
    }
    if (!check.owns_lock()) check.lock();  // the first check ever: wait for it
    {
      std::lock_guard lock(mutex_);
      if (has_result_ && std::chrono::steady_clock::now() - checked_at_ < kFresh) return result_;
    }
    std::map<std::string, bool> result = backends_.Health(kDeadline);
    std::lock_guard lock(mutex_);
    result_ = result;
    has_result_ = true;
    checked_at_ = std::chrono::steady_clock::now();
    return result;
  }

 private:
  static constexpr auto kFresh = std::chrono::milliseconds(1500);
  static constexpr auto kDeadline = std::chrono::milliseconds(1000);

  Backends& backends_;
  std::mutex check_mutex_;
  std::mutex mutex_;
  bool has_result_ = false;
  std::map<std::string, bool> result_;
  std::chrono::steady_clock::time_point checked_at_;
};

}  // namespace

void AddSystemRoutes(Router& router, Backends& backends, const metrics::Metrics& metrics,
                     bool metrics_public) {
  auto health = std::make_shared<HealthCache>(backends);
  router.Add("GET", "/healthz", Access::kPublic, [health](RequestContext&) {
    nlohmann::json services = {{"gateway", "ok"}};
    bool all_ok = true;
    for (const auto& [name, ok] : health->Get()) {
      services[name] = ok ? "ok" : "down";
      all_ok = all_ok && ok;
    }
    return Response::Json({{"status", all_ok ? "ok" : "degraded"}, {"services", services}},
                          all_ok ? 200 : 503);
  });

  router.Add("GET", "/metrics", Access::kPublic, [&metrics, metrics_public](RequestContext& ctx) {
    // The client address, not the TCP peer: through a proxy on this host a remote client
    // must not pass for a local one.
    if (!metrics_public && !IsLoopback(ctx.caller.client_ip)) {
      throw errors::PermissionDenied(i18n::kMetricsLocalOnly);
    }
    Response response;
    response.body = metrics.Serialize();
    response.content_type = "text/plain; version=0.0.4";
    return response;
  });
}

}  // namespace billing::gateway
