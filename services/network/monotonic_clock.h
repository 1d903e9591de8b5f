// Time for intervals (refresh period, router probes), injected so the worker and the reconciler
// are testable without sleeping. Steady: a change of the wall clock does not move it.
#pragma once

#include <chrono>

namespace billing::network {

class MonotonicClock {
 public:
  virtual ~MonotonicClock() = default;
  virtual std::chrono::steady_clock::time_point Now() const = 0;
};

class SteadyClock final : public MonotonicClock {
 public:
  std::chrono::steady_clock::time_point Now() const override {
    return std::chrono::steady_clock::now();
  }
};

}  // namespace billing::network
