// Payments a receipt may be due for, read from billing's events, and the "receipts off" mark.
// Implemented by PaymentEventReader (PostgreSQL) and testing/fake_reminder_store.h.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

namespace billing::messaging {

class PaymentFeed {
 public:
  virtual ~PaymentFeed() = default;
  // Transactions marked lunas after `since` and since receipts were last switched on.
  virtual std::vector<int64_t> RecentlyPaid(std::chrono::system_clock::time_point since) = 0;
  // Receipts are off: payments until now never get one.
  virtual void MarkReceiptsOff() = 0;
};

}  // namespace billing::messaging
