// All SQL reading the shared audit/event trail (events.outbox): audit pages and event replay.
#pragma once

#include <cstdint>
#include <string>

#include "audit_store.h"
#include "db/pool.h"

namespace billing::auth {

class AuditRepository final : public AuditStore {
 public:
  // `time_zone` (e.g. "Asia/Jakarta") is where the dates of audit filters are days.
  AuditRepository(db::Pool& pool, std::string time_zone);

  // Newest first. The query must have passed CheckAuditQuery.
  AuditPage List(const AuditQuery& query) override;
  // Sequenced events with seq > after_seq, in seq order.
  EventPage EventsAfter(int64_t after_seq, int limit) override;

 private:
  db::Pool& pool_;
  std::string time_zone_;
};

}  // namespace billing::auth
