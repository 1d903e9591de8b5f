// The identity of whoever made a request, carried from the gateway to services in metadata.
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
  int64_t user_id = 0;
  std::string username;
  std::optional<domain::Role> role;
  std::string client_ip;
  std::string request_id;

  bool authenticated() const { return user_id > 0 && role.has_value(); }
  bool is_admin() const { return role == domain::Role::kAdmin; }
};

Caller ReadCaller(const grpc::ServerContext& context);
void AttachCaller(grpc::ClientContext& context, const Caller& caller);
// A context for a call to another service: `caller`'s identity and a deadline `timeout` away.
std::unique_ptr<grpc::ClientContext> OutgoingContext(const Caller& caller,
                                                     std::chrono::milliseconds timeout);

// Throw errors::Error (unauthenticated / permission_denied) unless the caller qualifies.
void RequireUser(const Caller& caller);
void RequireAdmin(const Caller& caller);

}  // namespace billing::rpc
