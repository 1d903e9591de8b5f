// Reads of the shared audit/event trail: the admins' audit pages and the event replay the
// gateway uses to gap-fill the browsers' event stream.
#pragma once

#include <cstdint>

#include "audit_store.h"
#include "rpc/caller.h"
#include "user_admin.h"

namespace billing::auth {

class AuditTrail final {
 public:
  static constexpr int kDefaultEventBatch = 500;
  static constexpr int kMaxEventBatch = 1000;

  AuditTrail(AuditStore& audit, UserAdmin& admins);

  // For settled admins; throws invalid_argument naming every bad filter (CheckAuditQuery).
  AuditPage List(const rpc::Caller& caller, const AuditQuery& query);
  // Events after `after_seq`, at most `limit` (0: kDefaultEventBatch). Internal: it carries no
  // summaries or changed fields, only what every logged-in browser receives anyway.
  EventPage EventsAfter(int64_t after_seq, int limit);

 private:
  AuditStore& audit_;
  UserAdmin& admins_;
};

}  // namespace billing::auth
