// The sender: one thread per process; only the SenderLock holder sends, paced, one at a time.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "clients.h"
#include "domain/clock.h"
#include "providers/provider.h"
#include "queue_rules.h"
#include "retry_policy.h"
#include "send_queue.h"
#include "sender_lease.h"
#include "sender_pacing.h"

namespace billing::messaging {

class QueueWorker final {
 public:
  QueueWorker(SendQueue& queue, SenderPacing& pacing, SenderLease& lease, BillingClient& billing,
              HttpTransport& transport, const RetryPolicy& retry, const domain::Clock& clock);
  ~QueueWorker();  // Stop()

  void Start();
  // Lets a send in flight finish and be recorded, then joins: SIGTERM never leaves a message
  // `sending`.
  void Stop();
  // A message was queued by this process: look now instead of at the next poll.
  void Wake();

  // One step of the loop: at most one send attempt; returns how long to wait before the next.
  std::chrono::milliseconds Step();

 private:
  void Loop();
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
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  bool woken_ = false;
  std::thread thread_;
};

}  // namespace billing::messaging
