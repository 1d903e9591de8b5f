#include "network_worker.h"

#include "log/log.h"

namespace billing::network {
namespace {

constexpr int kOutboxBatch = 1000;  // events read per round (settled in runs)

}  // namespace

NetworkWorker::NetworkWorker(NetworkControl& control, PolicyRepository& policy,
                             Reconciler& reconciler, Leadership& leadership,
                             const MonotonicClock& clock, WorkerOptions options)
    : control_(control),
      policy_(policy),
      reconciler_(reconciler),
      leadership_(leadership),
      clock_(clock),
      options_(options),
      thread_("network: worker round failed", options_.error_backoff,
              [this] { return LeadOrStandBy(); }) {}

NetworkWorker::~NetworkWorker() { Stop(); }

void NetworkWorker::Stop() {
  thread_.Stop();
  leadership_.Release();
}

std::chrono::milliseconds NetworkWorker::LeadOrStandBy() {
  if (!leadership_.TryAcquire()) return options_.standby_retry;
  return Step();
}

std::chrono::milliseconds NetworkWorker::Step() {
  auto now = clock_.Now();
  if (!refreshed_ || now - last_refresh_ >= options_.refresh_interval) {
    int64_t count = control_.RefreshAll();
    refreshed_ = true;
    last_refresh_ = now;
    log::Info("network: subscribers refreshed", {{"subscribers", count}});
  }
  while (control_.FollowOutbox(kOutboxBatch) == kOutboxBatch) {
  }
  if (policy_.ClaimScheduledCheck()) {
    CheckResult result = control_.RunCheck();
    log::Info("network: isolir check",
              {{"checked", result.checked}, {"isolated", result.isolated}});
  }
  bool more = reconciler_.Pass();
  return more ? std::chrono::milliseconds(0) : options_.poll_interval;
}

}  // namespace billing::network
