// How far the network service has followed the suite's outbox.
#pragma once

#include <cstdint>
#include <vector>

#include "db/pool.h"
#include "network_records.h"

namespace billing::network {

class OutboxCursor {
 public:
  virtual ~OutboxCursor() = default;
  // Up to `limit` events after the cursor, oldest first.
  virtual std::vector<OutboxEvent> EventsAfterCursor(int limit) = 0;
  // The cursor never moves back.
  virtual void AdvanceCursor(int64_t seq) = 0;
};

class SqlOutboxCursor final : public OutboxCursor {
 public:
  explicit SqlOutboxCursor(db::Pool& pool) : pool_(pool) {}
  std::vector<OutboxEvent> EventsAfterCursor(int limit) override;
  void AdvanceCursor(int64_t seq) override;

 private:
  db::Pool& pool_;
};

}  // namespace billing::network
