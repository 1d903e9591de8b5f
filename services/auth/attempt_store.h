// Counters of login attempts with a fixed window: the interface and the in-process store.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/clock.h"

namespace billing::auth {

// One counter an attempt is charged to, and how many attempts its window allows.
struct CountedKey {
  std::string key;
  int limit = 0;
};

// Where attempts are counted (Redis for the whole suite; memory while Redis is down).
class AttemptStore {
 public:
  virtual ~AttemptStore() = default;
  // Atomically: when any key already holds `limit` attempts, counts nothing and returns the
  // seconds until the longest such window ends (at least 1); otherwise counts one attempt on
  // every key (a key's window starts with its first attempt) and returns 0. Throws
  // errors::Error when the store cannot be reached.
  virtual int Reserve(const std::vector<CountedKey>& keys, std::chrono::seconds window) = 0;
  // Gives one attempt back on each of `release` (never below zero) and forgets `clear`.
  virtual void Settle(const std::vector<std::string>& release,
                      const std::vector<std::string>& clear) = 0;
};

// The in-process store: a bounded map with expiry. When full, expired counters go first,
// then the one whose window ends soonest.
class MemoryAttemptStore final : public AttemptStore {
 public:
  explicit MemoryAttemptStore(const domain::Clock& clock, size_t max_keys = 10000);

  int Reserve(const std::vector<CountedKey>& keys, std::chrono::seconds window) override;
  void Settle(const std::vector<std::string>& release,
              const std::vector<std::string>& clear) override;
  size_t Size() const;

 private:
  struct Counter {
    int count = 0;
    std::chrono::system_clock::time_point ends;
  };
  // A live counter for `key`, or nullptr (an expired one is dropped).
  Counter* FindLocked(const std::string& key, std::chrono::system_clock::time_point now);
  void MakeRoomLocked(std::chrono::system_clock::time_point now);

  const domain::Clock& clock_;
  size_t max_keys_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Counter> counters_;
};

}  // namespace billing::auth
