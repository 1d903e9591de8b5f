// A clock the test moves by hand.
#pragma once

#include <chrono>

#include "domain/clock.h"

namespace billing::gateway {

class FakeClock final : public domain::Clock {
 public:
  std::chrono::system_clock::time_point Now() const override { return now; }
  std::chrono::system_clock::time_point now =
      std::chrono::system_clock::time_point() + std::chrono::hours(24 * 365 * 56);
};

}  // namespace billing::gateway
