// PortalCodeQueue (portal_code_queue.h).
#include "portal_code_queue.h"

#include <nlohmann/json.hpp>

#include "errors/error.h"
#include "log/log.h"

namespace billing::payment {

PortalCodeQueue::PortalCodeQueue(PortalCodeSender& inner, size_t capacity)
    : inner_(inner),
      capacity_(capacity),
      worker_("portal code not sent", std::chrono::seconds(1), [this] { return DeliverOne(); }) {}

PortalCodeQueue::~PortalCodeQueue() { worker_.Stop(); }

void PortalCodeQueue::Send(int64_t customer_id, const std::string& phone, const std::string& code,
                           int valid_minutes) {
  {
    std::lock_guard lock(mutex_);
    if (pending_.size() >= capacity_) {
      log::Warn("portal code dropped: queue full", {{"customer_id", customer_id}});
      return;
    }
    pending_.push_back({customer_id, phone, code, valid_minutes});
  }
  worker_.Wake();
}

std::chrono::milliseconds PortalCodeQueue::DeliverOne() {
  Pending next;
  {
    std::lock_guard lock(mutex_);
    if (pending_.empty()) return std::chrono::seconds(5);
    next = std::move(pending_.front());
    pending_.pop_front();
  }
  try {
    inner_.Send(next.customer_id, next.phone, next.code, next.valid_minutes);
  } catch (const errors::Error& error) {
    // Not retried: the code may be stale by then, and the customer can ask again.
    log::Warn("portal code not sent",
              {{"customer_id", next.customer_id}, {"error", error.message()}});
  }
  return std::chrono::milliseconds(0);
}

}  // namespace billing::payment
