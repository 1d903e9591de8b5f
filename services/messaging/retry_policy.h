// Back-off between send attempts of one message after transient provider failures.
#pragma once

#include <chrono>
#include <optional>

namespace billing::messaging {

class RetryPolicy final {
 public:
  RetryPolicy(std::chrono::milliseconds base, std::chrono::milliseconds max, int max_attempts)
      : base_(base), max_(max), max_attempts_(max_attempts) {}

  // After `attempts_made` failed attempts: how long to wait before the next one
  // (base, 2x base, 4x base, ... capped at max), or nullopt when the message should fail.
  std::optional<std::chrono::milliseconds> NextDelay(int attempts_made) const;

 private:
  std::chrono::milliseconds base_;
  std::chrono::milliseconds max_;
  int max_attempts_;
};

}  // namespace billing::messaging
