// Login attempt counters in Redis, shared by every auth replica; each change is one Lua script.
#pragma once

#include "attempt_store.h"
#include "redis/redis_client.h"

namespace billing::auth {

class RedisAttemptStore final : public AttemptStore {
 public:
  explicit RedisAttemptStore(redis::RedisClient& redis) : redis_(redis) {}

  int Reserve(const std::vector<CountedKey>& keys, std::chrono::seconds window) override;
  void Settle(const std::vector<std::string>& release,
              const std::vector<std::string>& clear) override;

 private:
  redis::RedisClient& redis_;
};

}  // namespace billing::auth
