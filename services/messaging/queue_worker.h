// The sender: one thread per process; only the SenderLock holder sends, paced, one at a time.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "clients.h"
#include "message_repository.h"
#include "providers/provider.h"
#include "retry_policy.h"

namespace billing::messaging {

inline constexpr std::chrono::milliseconds kMinPace{1500};

class QueueWorker final {
 public:
  QueueWorker(MessageRepository& messages, SenderLock& lock, BillingClient& billing,
              HttpTransport& transport, const RetryPolicy& retry);
  ~QueueWorker();  // Stop()

  void Start();
  // Lets a send in flight finish and be recorded, then joins: SIGTERM never leaves a message
  // `sending`.
  void Stop();
  // A message was queued by this process: look now instead of at the next poll.
  void Wake();

  // One step of the loop; returns how long to wait before the next. Public for tests.
  std::chrono::milliseconds Step();

 private:
  void Loop();
  void Record(const ClaimedMessage& message, const SendResult& result,
              std::optional<std::chrono::milliseconds> retry_delay);

  MessageRepository& messages_;
  SenderLock& lock_;
  BillingClient& billing_;
  HttpTransport& transport_;
  const RetryPolicy& retry_;
  bool leader_ = false;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  bool woken_ = false;
  std::thread thread_;
};

}  // namespace billing::messaging
