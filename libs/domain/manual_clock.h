// A clock that tests set or move by hand (logic takes a domain::Clock; see clock.h).
#pragma once

#include <chrono>
#include <mutex>

#include "domain/clock.h"

namespace billing::domain {

// y-m-d at `hour`:00 UTC.
inline std::chrono::system_clock::time_point UtcTime(int y, unsigned m, unsigned d, int hour) {
  using namespace std::chrono;
  return sys_days(year_month_day(year(y), month(m), day(d))) + hours(hour);
}

class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::chrono::system_clock::time_point now = UtcTime(2026, 1, 1, 0))
      : now_(now) {}
  std::chrono::system_clock::time_point Now() const override {
    std::lock_guard lock(mutex_);
    return now_;
  }
  void Set(std::chrono::system_clock::time_point now) {
    std::lock_guard lock(mutex_);
    now_ = now;
  }
  void Advance(std::chrono::system_clock::duration by) {
    std::lock_guard lock(mutex_);
    now_ += by;
  }

 private:
  mutable std::mutex mutex_;
  std::chrono::system_clock::time_point now_;
};

}  // namespace billing::domain
