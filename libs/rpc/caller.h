// The identity of whoever made a request: built only from the verified `x-identity` token
// (rpc/identity.h), which the gateway signs for the user and every service re-signs as itself.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "domain/role.h"

namespace grpc {
class ServerContext;
class ClientContext;
}  // namespace grpc

namespace billing::rpc {

struct Caller {
  std::string service;  // the calling service, as its signed token says ("gateway", "network")
  int64_t user_id = 0;
  std::string username;
  std::optional<domain::Role> role;
  std::string client_ip;
  std::string request_id;

  bool authenticated() const { return user_id > 0 && role.has_value(); }
  bool is_admin() const { return role == domain::Role::kAdmin; }
};

// The verified caller of an incoming call. Throws errors::Error (unauthenticated) unless the
// call carries a valid token: raw `x-actor-*` metadata is never read.
Caller ReadCaller(const grpc::ServerContext& context);
// The same without throwing: nullopt when the call carries no valid token.
std::optional<Caller> VerifiedCaller(const grpc::ServerContext& context);
// Signs a token as this process's service, acting for `caller`'s user (if any).
void AttachCaller(grpc::ClientContext& context, const Caller& caller);
// A context for a call to another service: `caller`'s identity and a deadline `timeout` away.
std::unique_ptr<grpc::ClientContext> OutgoingContext(const Caller& caller,
                                                     std::chrono::milliseconds timeout);

// Throw errors::Error (unauthenticated / permission_denied) unless the caller qualifies.
void RequireUser(const Caller& caller);
void RequireAdmin(const Caller& caller);
// ReadCaller, then RequireUser / RequireAdmin: how a method for signed-in users / for admins
// starts.
Caller ReadUser(const grpc::ServerContext& context);
Caller ReadAdmin(const grpc::ServerContext& context);
// Throws permission_denied unless the call comes from `service` (by its signed identity).
void RequireService(const Caller& caller, const char* service);

}  // namespace billing::rpc
