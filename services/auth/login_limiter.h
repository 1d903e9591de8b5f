// The login limit rules: failures count per (username, client address) and per client address,
// never per username alone, so nobody can lock a user out from an address of their own.
#pragma once

#include <chrono>
#include <mutex>
#include <string>

#include "attempt_store.h"
#include "domain/clock.h"

namespace billing::auth {

struct LoginLimits {
  int max_failures_per_user_address = 5;
  int max_failures_per_address = 20;
  std::chrono::seconds window{900};
};

// One login attempt, counted before its password is checked.
struct LoginAttempt {
  std::string pair_key;     // (username, address)
  std::string address_key;  // address
  bool local = false;       // counted in process memory (Redis was unreachable)
};

class LoginLimiter final {
 public:
  // `shared` is the suite-wide store (Redis); `local` takes over while it cannot be reached.
  LoginLimiter(AttemptStore& shared, AttemptStore& local, const domain::Clock& clock,
               LoginLimits limits);

  // Counts one attempt for (username, address) before the password is checked, so parallel
  // attempts cannot outrun the limit. Throws resource_exhausted with Retry-After when the pair
  // or the address has used up its failures. The count stays as a failure unless Succeeded()
  // or Abandoned() gives it back.
  LoginAttempt Begin(const std::string& username, const std::string& address);
  // The password was right: forgets the pair's failures and gives the address its slot back.
  void Succeeded(const LoginAttempt& attempt);
  // The password could not be checked (an outage): the attempt does not count.
  void Abandoned(const LoginAttempt& attempt);

 private:
  void Settle(const LoginAttempt& attempt, std::vector<std::string> release,
              std::vector<std::string> clear);
  bool SharedLooksDown();
  void SharedFailed();
  void SharedWorked();

  AttemptStore& shared_;
  AttemptStore& local_;
  const domain::Clock& clock_;
  LoginLimits limits_;
  std::mutex mutex_;
  bool shared_down_ = false;
  std::chrono::system_clock::time_point retry_shared_at_;
};

}  // namespace billing::auth
