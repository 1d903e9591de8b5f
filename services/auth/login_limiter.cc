// Fixed-window failure counters: INCR with an expiry set on the first failure.
#include "login_limiter.h"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "errors/error.h"
#include "log/log.h"

namespace billing::auth {
namespace {

std::string UserKey(const std::string& username) {
  std::string lower = username;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return "billing:login-failures:user:" + lower;
}

std::string AddressKey(const std::string& address) {
  return "billing:login-failures:addr:" + address;
}

}  // namespace

LoginLimiter::LoginLimiter(redis::RedisClient& redis, LoginLimits limits)
    : redis_(redis), limits_(limits) {}

int LoginLimiter::BlockedFor(const std::string& key, int max_failures) {
  redis::Reply count = redis_.Command({"GET", key});
  if (count.type != redis::Reply::Type::kString || std::stoll(count.text) < max_failures) return 0;
  redis::Reply ttl = redis_.Command({"TTL", key});
  return ttl.integer > 0 ? static_cast<int>(ttl.integer) : 1;
}

int LoginLimiter::BlockedForSeconds(const std::string& username, const std::string& address) {
  try {
    int wait = BlockedFor(UserKey(username), limits_.max_failures_per_user);
    if (!address.empty()) {
      wait = std::max(wait, BlockedFor(AddressKey(address), limits_.max_failures_per_address));
    }
    return wait;
  } catch (const errors::Error&) {
    log::Warn("login limiter unavailable, check skipped");
    return 0;
  }
}

void LoginLimiter::Increment(const std::string& key) {
  redis::Reply count = redis_.Command({"INCR", key});
  if (count.integer == 1) {
    redis_.Command({"EXPIRE", key, std::to_string(limits_.window.count())});
  }
}

void LoginLimiter::RecordFailure(const std::string& username, const std::string& address) {
  try {
    Increment(UserKey(username));
    if (!address.empty()) Increment(AddressKey(address));
  } catch (const errors::Error&) {
    log::Warn("login limiter unavailable, failure not counted");
  }
}

void LoginLimiter::RecordSuccess(const std::string& username) {
  try {
    redis_.Command({"DEL", UserKey(username)});
  } catch (const errors::Error&) {
    log::Warn("login limiter unavailable, counter not reset");
  }
}

}  // namespace billing::auth
