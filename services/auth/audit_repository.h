// All SQL reading the shared audit/event trail (events.outbox): audit pages and event replay.
#pragma once

#include <cstdint>
#include <string>

#include "audit_store.h"
#include "db/pool.h"
#include "time_zone_cache.h"

namespace billing::auth {

class AuditRepository final : public AuditStore {
 public:
  // `time_zone` says where the dates of audit filters are days (asked only for a date filter).
  AuditRepository(db::Pool& pool, TimeZoneSource& time_zone);

  // Newest first. The query must have passed CheckAuditQuery.
  AuditPage List(const AuditQuery& query) override;
  // Sequenced events with seq > after_seq, in seq order.
  EventPage EventsAfter(int64_t after_seq, int limit) override;

 private:
  db::Pool& pool_;
  TimeZoneSource& time_zone_;
};

}  // namespace billing::auth
