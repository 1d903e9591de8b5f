// Exponential back-off without jitter: one sender at a time, so there is no herd to spread.
#include "retry_policy.h"

namespace billing::messaging {

std::optional<std::chrono::milliseconds> RetryPolicy::NextDelay(int attempts_made) const {
  if (attempts_made >= max_attempts_) return std::nullopt;
  std::chrono::milliseconds delay = base_;
  for (int i = 1; i < attempts_made && delay < max_; ++i) delay *= 2;
  return delay < max_ ? delay : max_;
}

}  // namespace billing::messaging
