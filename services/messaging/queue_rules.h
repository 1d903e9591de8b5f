// The sender's decisions: the pause between attempts, and what one provider answer becomes.
#pragma once

#include <chrono>
#include <optional>

#include <nlohmann/json.hpp>

#include "providers/provider.h"
#include "retry_policy.h"

namespace billing::messaging {

inline constexpr std::chrono::milliseconds kMinPace{1500};

// The pause between two send attempts: the settings' whatsapp.pace_ms (default 1500), never
// below kMinPace.
std::chrono::milliseconds SendPace(const bills::v1::WhatsAppSettings& whatsapp);

// How long until `pace` has passed since the last attempt (0 = now), rounded up to a
// millisecond so that waiting it out always reaches the full pace.
std::chrono::milliseconds PaceWait(std::optional<std::chrono::system_clock::time_point> last,
                                   std::chrono::milliseconds pace,
                                   std::chrono::system_clock::time_point now);

// What to record for the attempt number `attempts` (including this one): a transient failure is
// retried after RetryPolicy's delay, or fails with "gave up" once the policy says so.
struct AttemptOutcome {
  SendResult result;
  std::optional<std::chrono::milliseconds> retry_delay;  // set = queue again after it
};
AttemptOutcome Decide(SendResult result, int attempts, const RetryPolicy& retry);

}  // namespace billing::messaging
