// The background loop of the network service, run by exactly one process of the suite (a
// PostgreSQL session lock): mirror refresh, outbox following, the scheduled isolir check and
// the reconciler passes. The other replicas stand by and take over when the leader dies.
#pragma once

#include <chrono>

#include "db/session_lock.h"
#include "monotonic_clock.h"
#include "network_control.h"
#include "policy_repository.h"
#include "reconciler.h"
#include "service/worker_thread.h"

namespace billing::network {

// Being the one process of the suite that runs the worker's rounds.
class Leadership {
 public:
  virtual ~Leadership() = default;
  virtual bool TryAcquire() = 0;  // true when held (before or now)
  virtual void Release() = 0;
};

// Leadership as a PostgreSQL session lock: a crashed leader's connection closes and frees it.
class SessionLeadership final : public Leadership {
 public:
  explicit SessionLeadership(db::SessionLock& lock) : lock_(lock) {}
  bool TryAcquire() override { return lock_.TryAcquire(); }
  void Release() override { lock_.Release(); }

 private:
  db::SessionLock& lock_;
};

struct WorkerOptions {
  std::chrono::milliseconds poll_interval{1000};
  std::chrono::milliseconds standby_retry{3000};
  std::chrono::milliseconds error_backoff{5000};
  std::chrono::seconds refresh_interval{600};  // full mirror refresh
};

class NetworkWorker final {
 public:
  NetworkWorker(NetworkControl& control, PolicyRepository& policy, Reconciler& reconciler,
                Leadership& leadership, const MonotonicClock& clock, WorkerOptions options);
  ~NetworkWorker();  // Stop()

  void Start() { thread_.Start(); }
  // Lets a round in flight finish, then joins and gives the leadership back.
  void Stop();
  // Something changed here (an RPC): look now instead of at the next poll.
  void Wake() { thread_.Wake(); }

  // One round as leader (the loop calls it while holding the lock): the mirror refreshed when
  // due, the outbox followed to its end, the isolir check when claimed, one reconciler pass.
  // Returns the wait before the next round.
  std::chrono::milliseconds Step();

 private:
  // A round when this process leads, else the wait before asking again.
  std::chrono::milliseconds LeadOrStandBy();

  NetworkControl& control_;
  PolicyRepository& policy_;
  Reconciler& reconciler_;
  Leadership& leadership_;
  const MonotonicClock& clock_;
  WorkerOptions options_;
  std::chrono::steady_clock::time_point last_refresh_{};
  bool refreshed_ = false;
  service::WorkerThread thread_;  // last: its steps use every member above
};

}  // namespace billing::network
