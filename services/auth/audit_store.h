// The shared audit/event trail as the auth logic reads it: the rows and the narrow interface
// (AuditRepository reads events.outbox; testing/fake_audit_store.h keeps rows in memory).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "audit_query.h"

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

class AuditStore {
 public:
  virtual ~AuditStore() = default;
  // Newest first. The query must have passed CheckAuditQuery.
  virtual AuditPage List(const AuditQuery& query) = 0;
  // Sequenced events with seq > after_seq, in seq order.
  virtual EventPage EventsAfter(int64_t after_seq, int limit) = 0;
};

}  // namespace billing::auth
