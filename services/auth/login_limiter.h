// Counts failed logins per username and per client address in Redis (shared by replicas).
#pragma once

#include <chrono>
#include <string>

#include "redis/redis_client.h"

namespace billing::auth {

struct LoginLimits {
  int max_failures_per_user = 5;
  int max_failures_per_address = 20;
  std::chrono::seconds window{900};
};

class LoginLimiter final {
 public:
  LoginLimiter(redis::RedisClient& redis, LoginLimits limits);

  // Seconds the caller must wait before trying again; 0 when allowed. When Redis is down the
  // check is skipped (logged): staff can still log in, passwords are still verified.
  int BlockedForSeconds(const std::string& username, const std::string& address);
  void RecordFailure(const std::string& username, const std::string& address);
  void RecordSuccess(const std::string& username);

 private:
  int BlockedFor(const std::string& key, int max_failures);
  void Increment(const std::string& key);

  redis::RedisClient& redis_;
  LoginLimits limits_;
};

}  // namespace billing::auth
