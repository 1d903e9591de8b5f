// Audit and event reads: checks first, then one store read.
#include "audit_trail.h"

#include "errors/error.h"
#include "i18n/messages.h"

namespace billing::auth {

AuditTrail::AuditTrail(AuditStore& audit, UserAdmin& admins) : audit_(audit), admins_(admins) {}

AuditPage AuditTrail::List(const rpc::Caller& caller, const AuditQuery& query) {
  admins_.RequireSettledAdmin(caller);
  CheckAuditQuery(query);
  return audit_.List(query);
}

EventPage AuditTrail::EventsAfter(int64_t after_seq, int limit) {
  if (limit == 0) limit = kDefaultEventBatch;
  if (limit < 1 || limit > kMaxEventBatch || after_seq < 0) {
    throw errors::InvalidArgument(i18n::kInvalidPaging);
  }
  return audit_.EventsAfter(after_seq, limit);
}

}  // namespace billing::auth
