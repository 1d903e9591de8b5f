// Login limits: keys per (username, address) and per address; Redis first, memory as fallback.
#include "login_limiter.h"

#include <algorithm>
#include <cctype>

#include "errors/error.h"
#include "i18n/messages.h"
#include "log/log.h"

namespace billing::auth {
namespace {

// While Redis is down it is tried again at most this often (each try may wait for a timeout).
constexpr std::chrono::seconds kSharedRetryInterval{5};

std::string Lower(const std::string& text) {
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

// The address comes first with its length, so no (username, address) pair can spell another.
std::string PairKey(const std::string& username, const std::string& address) {
  return "billing:login-failures:pair:" + std::to_string(address.size()) + ":" + address + ":" +
         Lower(username);
}

std::string AddressKey(const std::string& address) {
  return "billing:login-failures:addr:" + address;
}

}  // namespace

LoginLimiter::LoginLimiter(AttemptStore& shared, AttemptStore& local, const domain::Clock& clock,
                           LoginLimits limits)
    : shared_(shared), local_(local), clock_(clock), limits_(limits) {}

LoginAttempt LoginLimiter::Begin(const std::string& username, const std::string& address) {
  LoginAttempt attempt{PairKey(username, address), AddressKey(address), false};
  std::vector<CountedKey> keys = {{attempt.pair_key, limits_.max_failures_per_user_address},
                                  {attempt.address_key, limits_.max_failures_per_address}};
  int wait = 0;
  bool counted = false;
  if (!SharedLooksDown()) {
    try {
      wait = shared_.Reserve(keys, limits_.window);
      counted = true;
      SharedWorked();
    } catch (const errors::Error&) {
      SharedFailed();
    }
  }
  if (!counted) {
    attempt.local = true;
    wait = local_.Reserve(keys, limits_.window);
  }
  if (wait > 0) {
    throw errors::Error(errors::Code::kResourceExhausted, i18n::kTooManyAttempts)
        .WithRetryAfter(wait);
  }
  return attempt;
}

void LoginLimiter::Succeeded(const LoginAttempt& attempt) {
  Settle(attempt, {attempt.address_key}, {attempt.pair_key});
}

void LoginLimiter::Abandoned(const LoginAttempt& attempt) {
  Settle(attempt, {attempt.pair_key, attempt.address_key}, {});
}

void LoginLimiter::Settle(const LoginAttempt& attempt, std::vector<std::string> release,
                          std::vector<std::string> clear) {
  if (attempt.local) {
    local_.Settle(release, clear);
    return;
  }
  try {
    shared_.Settle(release, clear);
  } catch (const errors::Error&) {
    SharedFailed();  // the failures stay counted until their window ends: never fewer limits
  }
}

bool LoginLimiter::SharedLooksDown() {
  std::lock_guard lock(mutex_);
  return shared_down_ && clock_.Now() < retry_shared_at_;
}

void LoginLimiter::SharedFailed() {
  std::lock_guard lock(mutex_);
  retry_shared_at_ = clock_.Now() + kSharedRetryInterval;
  if (shared_down_) return;
  shared_down_ = true;
  log::Warn("login limiter: Redis unreachable, counting failed logins in this process");
}

void LoginLimiter::SharedWorked() {
  std::lock_guard lock(mutex_);
  if (!shared_down_) return;
  shared_down_ = false;
  log::Info("login limiter: Redis reachable again, counting failed logins there");
}

}  // namespace billing::auth
