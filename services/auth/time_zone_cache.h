// The suite's one time zone (billing's settings, billing.timezone) as auth sees it: asked of
// billing at most once per bound, so audit date filters follow a change within that bound.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "domain/clock.h"

namespace billing::auth {

class TimeZoneSource {
 public:
  virtual ~TimeZoneSource() = default;
  // E.g. "Asia/Jakarta". Throws errors::Error when it cannot be known.
  virtual std::string TimeZone() = 0;
};

class TimeZoneCache final : public TimeZoneSource {
 public:
  // `fetch` asks the owner (billing) and throws when it cannot answer.
  TimeZoneCache(std::function<std::string()> fetch, const domain::Clock& clock,
                std::chrono::seconds bound);

  // The last answer while younger than the bound, else a fresh one. When the owner cannot
  // answer, the last answer (however old) is used; with none yet, the error is the caller's.
  std::string TimeZone() override;

 private:
  std::function<std::string()> fetch_;
  const domain::Clock& clock_;
  std::chrono::seconds bound_;
  std::mutex mutex_;
  std::optional<std::string> zone_;
  std::chrono::system_clock::time_point fetched_at_;
};

}  // namespace billing::auth
