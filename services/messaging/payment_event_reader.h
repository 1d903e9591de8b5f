// Reads billing's "marked lunas" events from the shared outbox (read-only), and keeps
// messaging's own "receipts on since" mark.
#pragma once

#include "db/pool.h"
#include "payment_feed.h"

namespace billing::messaging {

class PaymentEventReader final : public PaymentFeed {
 public:
  explicit PaymentEventReader(db::Pool& pool);

  std::vector<int64_t> RecentlyPaid(std::chrono::system_clock::time_point since) override;
  void MarkReceiptsOff() override;

 private:
  db::Pool& pool_;
};

}  // namespace billing::messaging
