// Brings every enabled router in line with the subscriber mirror: per router, the subscribers
// whose state there is behind are applied through the router's driver; failures are recorded
// per customer with exponential back-off and retried, never dropped.
#pragma once

#include <chrono>
#include <map>
#include <string>

#include "monotonic_clock.h"
#include "network_driver.h"
#include "network_records.h"
#include "router_links.h"
#include "router_repository.h"

namespace billing::network {

struct ReconcilerOptions {
  int batch_size = 200;                        // subscribers per router per pass
  std::chrono::milliseconds retry_base{5000};  // first retry delay, doubled per attempt
  std::chrono::milliseconds retry_ceiling{600000};
  std::chrono::milliseconds probe_interval{60000};  // reachability check of idle routers
  int timeout_ms = 5000;                            // router connect/read timeout
};

class Reconciler final {
 public:
  // `drivers`: kind ("routeros", "radius") -> driver.
  Reconciler(RouterRepository& routers, RouterLinks& links,
             std::map<std::string, RouterDriver*> drivers, const MonotonicClock& clock,
             ReconcilerOptions options);

  // One pass over every enabled router. Returns true when a router still has work due now
  // (a full batch was applied), so the caller runs another pass at once.
  bool Pass();
  // The secrets and profiles router `router_id` holds now (one session of its own). Throws
  // errors::Error: not_found, failed_precondition (no list on this kind), unavailable.
  RouterInventory ReadInventory(int64_t router_id);

 private:
  bool PassRouter(const RouterRecord& router);
  RouterConfig ConfigOf(const RouterRecord& router) const;

  RouterRepository& routers_;
  RouterLinks& links_;
  std::map<std::string, RouterDriver*> drivers_;
  const MonotonicClock& clock_;
  ReconcilerOptions options_;
  std::map<int64_t, std::chrono::steady_clock::time_point> last_probe_;
};

}  // namespace billing::network
