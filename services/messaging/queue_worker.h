// The sender: one thread per process; only the SenderLock holder sends, paced, one at a time.
#pragma once

#include <chrono>

#include "clients.h"
#include "domain/clock.h"
#include "providers/provider.h"
#include "queue_rules.h"
#include "retry_policy.h"
#include "send_queue.h"
#include "sender_lease.h"
#include "sender_pacing.h"
#include "service/worker_thread.h"

namespace billing::messaging {

class QueueWorker final {
 public:
  QueueWorker(SendQueue& queue, SenderPacing& pacing, SenderLease& lease, BillingClient& billing,
              HttpTransport& transport, const RetryPolicy& retry, const domain::Clock& clock);
  ~QueueWorker();  // Stop()

  void Start() { thread_.Start(); }
  // Lets a send in flight finish and be recorded, then joins and gives the lease back: SIGTERM
  // never leaves a message `sending`.
  void Stop();
  // A message was queued by this process: look now instead of at the next poll.
  void Wake() { thread_.Wake(); }

  // One step of the loop: at most one send attempt; returns how long to wait before the next.
  std::chrono::milliseconds Step();

 private:
  void Record(const ClaimedMessage& message, const SendResult& result,
              std::optional<std::chrono::milliseconds> retry_delay);

  SendQueue& queue_;
  SenderPacing& pacing_;
  SenderLease& lease_;
  BillingClient& billing_;
  HttpTransport& transport_;
  const RetryPolicy& retry_;
  const domain::Clock& clock_;
  bool leader_ = false;
  service::WorkerThread thread_;  // last: its steps use every member above
};

}  // namespace billing::messaging
