// auth.ListEvents and auth.Verify calls with short deadlines; statuses mapped to our errors.
#include "sse/auth_event_log.h"

#include <grpcpp/client_context.h>

#include "errors/grpc_status.h"
#include "rpc/caller.h"

namespace billing::gateway::sse {
namespace {

constexpr std::chrono::seconds kDeadline{5};

}  // namespace

EventLog::Page AuthEventLog::After(int64_t after_seq, int limit) {
  auth::v1::ListEventsRequest request;
  request.set_after_seq(after_seq);
  request.set_limit(limit);
  auth::v1::ListEventsReply reply;
  grpc::Status status =
      auth_.ListEvents(rpc::OutgoingContext({}, kDeadline).get(), request, &reply);
  errors::ThrowIfFailed(status);
  Page page;
  page.head_seq = reply.head_seq();
  for (const auto& event : reply.items()) {
    page.items.push_back({event.seq(), event.entity(), event.action(), event.entity_id(),
                          event.actor_username(), event.at()});
  }
  return page;
}

SessionChecker::Verdict AuthSessionChecker::Check(const std::string& token) {
  auth::v1::VerifyRequest request;
  request.set_token(token);
  auth::v1::VerifyReply reply;
  grpc::Status status = auth_.Verify(rpc::OutgoingContext({}, kDeadline).get(), request, &reply);
  if (status.ok()) return Verdict::kValid;
  if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED ||
      status.error_code() == grpc::StatusCode::PERMISSION_DENIED) {
    return Verdict::kInvalid;
  }
  return Verdict::kUnknown;
}

}  // namespace billing::gateway::sse
