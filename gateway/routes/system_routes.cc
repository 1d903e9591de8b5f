// /healthz (gateway and every service) and /metrics (Prometheus text format).
#include "routes/routes.h"

namespace billing::gateway {

void AddSystemRoutes(Router& router, Backends& backends, const metrics::Metrics& metrics) {
  router.Add("GET", "/healthz", Access::kPublic, [&backends](RequestContext&) {
    nlohmann::json services = {{"gateway", "ok"}};
    bool all_ok = true;
    for (const auto& [name, ok] : backends.Health(std::chrono::seconds(2))) {
      services[name] = ok ? "ok" : "down";
      all_ok = all_ok && ok;
    }
    return Response::Json({{"status", all_ok ? "ok" : "degraded"}, {"services", services}},
                          all_ok ? 200 : 503);
  });

  router.Add("GET", "/metrics", Access::kPublic, [&metrics](RequestContext&) {
    Response response;
    response.body = metrics.Serialize();
    response.content_type = "text/plain; version=0.0.4";
    return response;
  });
}

}  // namespace billing::gateway
