// The in-process attempt store: used while Redis is unreachable, so limits never lapse.
#include "attempt_store.h"

#include <algorithm>

namespace billing::auth {

MemoryAttemptStore::MemoryAttemptStore(const domain::Clock& clock, size_t max_keys)
    : clock_(clock), max_keys_(std::max<size_t>(max_keys, 1)) {}

MemoryAttemptStore::Counter* MemoryAttemptStore::FindLocked(
    const std::string& key, std::chrono::system_clock::time_point now) {
  auto it = counters_.find(key);
  if (it == counters_.end()) return nullptr;
  if (it->second.ends <= now) {
    counters_.erase(it);
    return nullptr;
  }
  return &it->second;
}

void MemoryAttemptStore::MakeRoomLocked(std::chrono::system_clock::time_point now) {
  if (counters_.size() < max_keys_) return;
  std::erase_if(counters_, [now](const auto& entry) { return entry.second.ends <= now; });
  if (counters_.size() < max_keys_) return;
  auto soonest =
      std::min_element(counters_.begin(), counters_.end(),
                       [](const auto& a, const auto& b) { return a.second.ends < b.second.ends; });
  counters_.erase(soonest);
}

int MemoryAttemptStore::Reserve(const std::vector<CountedKey>& keys, std::chrono::seconds window) {
  std::lock_guard lock(mutex_);
  auto now = clock_.Now();
  int64_t wait = 0;
  for (const auto& counted : keys) {
    const Counter* counter = FindLocked(counted.key, now);
    if (counter != nullptr && counter->count >= counted.limit) {
      auto left = std::chrono::ceil<std::chrono::seconds>(counter->ends - now).count();
      wait = std::max<int64_t>(wait, std::max<int64_t>(left, 1));
    }
  }
  if (wait > 0) return static_cast<int>(wait);
  for (const auto& counted : keys) {
    if (Counter* counter = FindLocked(counted.key, now)) {
      ++counter->count;
    } else {
      MakeRoomLocked(now);
      counters_[counted.key] = Counter{1, now + window};
    }
  }
  return 0;
}

void MemoryAttemptStore::Settle(const std::vector<std::string>& release,
                                const std::vector<std::string>& clear) {
  std::lock_guard lock(mutex_);
  auto now = clock_.Now();
  for (const auto& key : release) {
    Counter* counter = FindLocked(key, now);
    if (counter != nullptr && --counter->count <= 0) counters_.erase(key);
  }
  for (const auto& key : clear) counters_.erase(key);
}

size_t MemoryAttemptStore::Size() const {
  std::lock_guard lock(mutex_);
  return counters_.size();
}

}  // namespace billing::auth
