// What the sender needs of the message queue: claim the next due message, record its outcome,
// and fail what a dead sender left `sending`. Implemented by QueueRepository (PostgreSQL) and
// testing/fake_send_queue.h.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "message_records.h"
#include "providers/provider.h"

namespace billing::messaging {

class SendQueue {
 public:
  using TimePoint = std::chrono::system_clock::time_point;
  virtual ~SendQueue() = default;

  // When sending is enabled: takes the next due message, marks it `sending`, stamps the pacing
  // clock with `now`, and commits that before returning.
  virtual std::optional<ClaimedMessage> ClaimNext(const std::string& provider, TimePoint now) = 0;
  // Records the provider's answer; `retry_delay` set = queue again after it. Stamps the pacing
  // clock with `now` (the end of the attempt).
  virtual void Finish(const ClaimedMessage& message, const SendResult& result,
                      std::optional<std::chrono::milliseconds> retry_delay, TimePoint now) = 0;
  // Rows left `sending` by a sender that died mid-call: they may have gone out, so they are
  // failed with a reason for staff instead of being sent again. Returns how many.
  virtual int FailInterrupted() = 0;
};

}  // namespace billing::messaging
