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
      options_(options) {}

NetworkWorker::~NetworkWorker() { Stop(); }

void NetworkWorker::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void NetworkWorker::Stop() {
  {
    std::lock_guard<std::mutex> guard(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  leadership_.Release();
}

void NetworkWorker::Wake() {
  {
    std::lock_guard<std::mutex> guard(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

void NetworkWorker::Loop() {
  std::chrono::milliseconds wait{0};
  while (true) {
    {
      std::unique_lock<std::mutex> guard(mutex_);
      wake_.wait_for(guard, wait, [this] { return stop_ || woken_; });
      if (stop_) return;
      woken_ = false;
    }
    if (!leadership_.TryAcquire()) {
      wait = options_.standby_retry;
      continue;
    }
    try {
      wait = Step();
    } catch (const std::exception& e) {
      log::Warn("network: worker round failed", {{"error", e.what()}});
      wait = options_.error_backoff;
    }
  }
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
