// One fetch per bound; a failed fetch keeps the last known zone.
#include "time_zone_cache.h"

#include <utility>

#include <nlohmann/json.hpp>

#include "log/log.h"

namespace billing::auth {

TimeZoneCache::TimeZoneCache(std::function<std::string()> fetch, const domain::Clock& clock,
                             std::chrono::seconds bound)
    : fetch_(std::move(fetch)), clock_(clock), bound_(bound) {}

std::string TimeZoneCache::TimeZone() {
  std::lock_guard lock(mutex_);
  auto now = clock_.Now();
  if (zone_ && now - fetched_at_ < bound_) return *zone_;
  try {
    zone_ = fetch_();
    fetched_at_ = now;
  } catch (const std::exception& e) {
    if (!zone_) throw;
    fetched_at_ = now;  // ask again after another bound, not on every call meanwhile
    log::Warn("time zone not refreshed, using the last known", {{"error", e.what()}});
  }
  return *zone_;
}

}  // namespace billing::auth
