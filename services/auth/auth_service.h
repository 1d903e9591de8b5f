// The auth gRPC service: validates, authorises, calls the repositories and token issuer; also
// serves reads of the shared audit/event trail.
#pragma once

#include "audit_repository.h"
#include "auth.grpc.pb.h"
#include "login_limiter.h"
#include "metrics/metrics.h"
#include "password_hasher.h"
#include "rpc/caller.h"
#include "token_issuer.h"
#include "user_repository.h"

namespace billing::auth {

class AuthService final : public v1::AuthService::Service {
 public:
  AuthService(UserRepository& users, AuditRepository& audit, const PasswordHasher& hasher,
              const TokenIssuer& tokens, LoginLimiter& limiter, metrics::Metrics& metrics);

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
  void IssueSession(const UserRecord& user, v1::LoginReply* reply);
  UserRecord VerifiedUser(const std::string& token, TokenClaims* claims);
  // An admin caller whose account is active and not waiting for a password change.
  void RequireSettledAdmin(const rpc::Caller& caller);

  UserRepository& users_;
  AuditRepository& audit_;
  const PasswordHasher& hasher_;
  const TokenIssuer& tokens_;
  LoginLimiter& limiter_;
  metrics::Metrics& metrics_;
  std::string dummy_hash_;  // verified against for unknown usernames, to equalise timing
};

}  // namespace billing::auth
