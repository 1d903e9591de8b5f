// WaitFor(): a polling loop with a deadline.
#include "support/wait_for.h"

#include <iostream>
#include <thread>

namespace billing::testing {

bool WaitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
             const std::string& what, std::chrono::milliseconds interval) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    const auto next = std::chrono::steady_clock::now() + interval;
    std::this_thread::sleep_until(next < deadline ? next : deadline);
  }
  if (condition()) return true;
  std::cerr << "WaitFor: timed out after " << timeout.count() << " ms waiting for " << what << "\n";
  return false;
}

}  // namespace billing::testing
