// Open connections per client address (GATEWAY_MAX_CONNECTIONS_PER_IP): a slot is held for a
// connection's whole life and given back when its last owner lets go, whichever thread that is.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace billing::gateway {

class ConnectionLimiter final : public std::enable_shared_from_this<ConnectionLimiter> {
 public:
  explicit ConnectionLimiter(size_t max_per_address) : max_per_address_(max_per_address) {}

  // A slot for one more connection from `address`; nullptr when it already has the maximum
  // (a maximum of 0 means no limit). Destroying the slot frees it.
  std::shared_ptr<void> Acquire(const std::string& address);
  size_t Open(const std::string& address) const;

 private:
  void Release(const std::string& address);

  size_t max_per_address_;
  mutable std::mutex mutex_;
  std::map<std::string, size_t> open_;
};

}  // namespace billing::gateway
