// Pacing and retry decisions of the sender, apart from SQL so unit tests reach them.
#include "queue_rules.h"

#include <algorithm>

#include "i18n/messages.h"

namespace billing::messaging {

std::chrono::milliseconds SendPace(const bills::v1::WhatsAppSettings& whatsapp) {
  return std::chrono::milliseconds(std::max<int64_t>(whatsapp.pace_ms(), kMinPace.count()));
}

std::chrono::milliseconds PaceWait(std::optional<std::chrono::system_clock::time_point> last,
                                   std::chrono::milliseconds pace,
                                   std::chrono::system_clock::time_point now) {
  if (!last) return std::chrono::milliseconds(0);
  auto left = *last + pace - now;
  if (left <= std::chrono::system_clock::duration::zero()) return std::chrono::milliseconds(0);
  return std::chrono::ceil<std::chrono::milliseconds>(left);
}

AttemptOutcome Decide(SendResult result, int attempts, const RetryPolicy& retry) {
  AttemptOutcome outcome{std::move(result), std::nullopt};
  if (outcome.result.outcome == SendResult::Outcome::kRetry) {
    outcome.retry_delay = retry.NextDelay(attempts);
    if (!outcome.retry_delay) {
      outcome.result.reason = ClipReason(i18n::kGaveUpPrefix + outcome.result.reason);
    }
  }
  return outcome;
}

}  // namespace billing::messaging
