// WaitFor(): poll a condition instead of sleeping a guessed amount of time.
#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace billing::testing {

// Calls `condition` every `interval` (50 ms) until it returns true (-> true) or `timeout` passes
// (-> false, after one last try; prints "WaitFor: timed out after N ms waiting for <what>" to
// stderr). Exceptions from `condition` propagate.
bool WaitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
             const std::string& what,
             std::chrono::milliseconds interval = std::chrono::milliseconds(50));

}  // namespace billing::testing
