// Time comes through this interface so expiry, due dates and schedules are testable.
#pragma once

#include <chrono>
#include <string>

namespace billing::domain {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::system_clock::time_point Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point Now() const override {
    return std::chrono::system_clock::now();
  }
};

// RFC 3339 in UTC with seconds precision, e.g. "2026-11-25T12:00:00Z".
std::string FormatRfc3339(std::chrono::system_clock::time_point time);

}  // namespace billing::domain
