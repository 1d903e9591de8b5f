// The slot's deleter holds a weak reference, so a limiter destroyed first is not touched.
#include "http/connection_limiter.h"

namespace billing::gateway {

std::shared_ptr<void> ConnectionLimiter::Acquire(const std::string& address) {
  {
    std::lock_guard lock(mutex_);
    size_t& open = open_[address];
    if (max_per_address_ > 0 && open >= max_per_address_) {
      if (open == 0) open_.erase(address);
      return nullptr;
    }
    ++open;
  }
  std::weak_ptr<ConnectionLimiter> self = weak_from_this();
  return std::shared_ptr<void>(new char(0), [self, address](void* slot) {
    delete static_cast<char*>(slot);
    if (auto limiter = self.lock()) limiter->Release(address);
  });
}

size_t ConnectionLimiter::Open(const std::string& address) const {
  std::lock_guard lock(mutex_);
  auto it = open_.find(address);
  return it == open_.end() ? 0 : it->second;
}

void ConnectionLimiter::Release(const std::string& address) {
  std::lock_guard lock(mutex_);
  auto it = open_.find(address);
  if (it == open_.end()) return;
  if (--it->second == 0) open_.erase(it);
}

}  // namespace billing::gateway
