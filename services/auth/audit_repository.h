// All SQL reading the shared audit/event trail (events.outbox): audit pages and event replay.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "audit_query.h"
#include "db/pool.h"
#include "time_zone_cache.h"

namespace billing::auth {

struct AuditRow {
  int64_t id = 0;
  std::string at;  // RFC 3339 UTC
  std::string user;
  std::string action;
  std::string entity;
  std::string entity_id;
  std::string summary;
  std::string service;
};

struct AuditPage {
  std::vector<AuditRow> items;
  int64_t total = 0;
};

struct EventRow {
  int64_t seq = 0;
  std::string entity;
  std::string action;
  std::string entity_id;
  std::string actor_username;
  int64_t actor_id = 0;
  std::string at;
};

struct EventPage {
  std::vector<EventRow> items;
  int64_t head_seq = 0;
};

class AuditRepository final {
 public:
  // `time_zone` says where the dates of audit filters are days (asked only for a date filter).
  AuditRepository(db::Pool& pool, TimeZoneSource& time_zone);

  // Newest first. The query must have passed CheckAuditQuery.
  AuditPage List(const AuditQuery& query);
  // Sequenced events with seq > after_seq, in seq order.
  EventPage EventsAfter(int64_t after_seq, int limit);

 private:
  db::Pool& pool_;
  TimeZoneSource& time_zone_;
};

}  // namespace billing::auth
