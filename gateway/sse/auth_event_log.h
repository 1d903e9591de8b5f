// The event log and session checks of the live stream, served by the auth service over gRPC.
#pragma once

#include "auth.grpc.pb.h"
#include "sse/event_log.h"

namespace billing::gateway::sse {

class AuthEventLog final : public EventLog {
 public:
  explicit AuthEventLog(auth::v1::AuthService::Stub& auth) : auth_(auth) {}
  Page After(int64_t after_seq, int limit) override;

 private:
  auth::v1::AuthService::Stub& auth_;
};

class AuthSessionChecker final : public SessionChecker {
 public:
  explicit AuthSessionChecker(auth::v1::AuthService::Stub& auth) : auth_(auth) {}
  Verdict Check(const std::string& token) override;

 private:
  auth::v1::AuthService::Stub& auth_;
};

}  // namespace billing::gateway::sse
