// The sender: one thread per process; only the SenderLock holder sends, paced, one at a time.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "clients.h"
#include "domain/clock.h"
#include "providers/provider.h"
#include "providers/provider_factory.h"
#include "queue_rules.h"
#include "retry_policy.h"
#include "send_queue.h"
#include "sender_lease.h"
#include "sender_pacing.h"
#include "service/worker_thread.h"

namespace billing::messaging {

class QueueWorker final {
 public:
  // `providers` must outlive the worker.
  QueueWorker(SendQueue& queue, SenderPacing& pacing, SenderLease& lease, BillingClient& billing,
              HttpTransport& transport, const RetryPolicy& retry, const domain::Clock& clock,
              const ProviderConfig& providers);
  ~QueueWorker();  // Stop()

  void Start() { thread_.Start(); }
  // Lets a send in flight finish and be recorded, then joins and gives the lease back: SIGTERM
  // never leaves a message `sending`.
  void Stop();
  // A message was queued by this process: look now instead of at the next poll.
  void Wake() { thread_.Wake(); }

  // One step of the loop: at most one send attempt; returns how long to wait before the next.
  std::chrono::milliseconds Step();

  // While messages go out one after the other, a provider's "ready" answer is trusted this long
  // before it is asked again (at the minimum pace: every other message). An idle sender forgets
  // it, so a message queued later never meets a stale answer.
  static constexpr std::chrono::milliseconds kReadyFor{2000};
  // While the provider is not ready, it is asked again after this.
  static constexpr std::chrono::milliseconds kNotReadyPoll{1000};

 private:
  // The provider's Ready(), remembered for kReadyFor when true.
  bool ProviderReady(const Provider& provider);
  void Record(const ClaimedMessage& message, const SendResult& result,
              std::optional<std::chrono::milliseconds> retry_delay);

  SendQueue& queue_;
  SenderPacing& pacing_;
  SenderLease& lease_;
  BillingClient& billing_;
  HttpTransport& transport_;
  const RetryPolicy& retry_;
  const domain::Clock& clock_;
  const ProviderConfig& providers_;
  bool leader_ = false;
  std::string ready_provider_;  // whose "ready" ready_until_ holds
  std::optional<std::chrono::system_clock::time_point> ready_until_;
  bool waiting_ = false;          // the provider was not ready at the last look (logged once)
  service::WorkerThread thread_;  // last: its steps use every member above
};

}  // namespace billing::messaging
