// The auth gRPC service: reads each request, calls the logic (Sessions, UserAdmin, AuditTrail)
// and maps the result to the reply; no SQL and no rules here.
#pragma once

#include "audit_trail.h"
#include "auth.grpc.pb.h"
#include "metrics/metrics.h"
#include "sessions.h"
#include "user_admin.h"

namespace billing::auth {

class AuthService final : public v1::AuthService::Service {
 public:
  AuthService(Sessions& sessions, UserAdmin& users, AuditTrail& audit, metrics::Metrics& metrics)
      : sessions_(sessions), users_(users), audit_(audit), metrics_(metrics) {}

  grpc::Status Login(grpc::ServerContext* context, const v1::LoginRequest* request,
                     v1::LoginReply* reply) override;
  grpc::Status Verify(grpc::ServerContext* context, const v1::VerifyRequest* request,
                      v1::VerifyReply* reply) override;
  grpc::Status Logout(grpc::ServerContext* context, const v1::LogoutRequest* request,
                      common::v1::Empty* reply) override;
  grpc::Status ChangePassword(grpc::ServerContext* context,
                              const v1::ChangePasswordRequest* request,
                              v1::LoginReply* reply) override;
  grpc::Status ListUsers(grpc::ServerContext* context, const v1::ListUsersRequest* request,
                         v1::ListUsersReply* reply) override;
  grpc::Status CreateUser(grpc::ServerContext* context, const v1::CreateUserRequest* request,
                          v1::User* reply) override;
  grpc::Status UpdateUser(grpc::ServerContext* context, const v1::UpdateUserRequest* request,
                          v1::User* reply) override;
  grpc::Status DeleteUser(grpc::ServerContext* context, const v1::UserId* request,
                          common::v1::Empty* reply) override;
  grpc::Status ListEvents(grpc::ServerContext* context, const v1::ListEventsRequest* request,
                          v1::ListEventsReply* reply) override;
  grpc::Status ListAudit(grpc::ServerContext* context, const v1::ListAuditRequest* request,
                         v1::ListAuditReply* reply) override;

 private:
  Sessions& sessions_;
  UserAdmin& users_;
  AuditTrail& audit_;
  metrics::Metrics& metrics_;
};

}  // namespace billing::auth
