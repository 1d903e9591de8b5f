// Caller <-> the signed `x-identity` metadata, and role checks.
#include "rpc/caller.h"

#include <iterator>

#include <grpcpp/client_context.h>
#include <grpcpp/server_context.h>

#include "errors/error.h"
#include "i18n/messages.h"
#include "rpc/identity.h"

namespace billing::rpc {

std::optional<Caller> VerifiedCaller(const grpc::ServerContext& context) {
  const auto& metadata = context.client_metadata();
  auto range = metadata.equal_range(kIdentityMetadata);
  // Exactly one token: a second one could be an attacker's appended to a replayed call.
  if (range.first == range.second || std::next(range.first) != range.second) return std::nullopt;
  auto claims = VerifyIncomingIdentity(
      std::string_view(range.first->second.data(), range.first->second.size()));
  if (!claims) return std::nullopt;
  Caller caller;
  caller.service = claims->service;
  caller.role = domain::ParseRole(claims->role);
  caller.user_id = caller.role ? claims->user_id : 0;
  if (caller.user_id > 0) caller.username = claims->username;
  caller.client_ip = claims->client_ip;
  caller.request_id = claims->request_id;
  return caller;
}

Caller ReadCaller(const grpc::ServerContext& context) {
  auto caller = VerifiedCaller(context);
  if (!caller) throw errors::Unauthenticated(i18n::kLoginRequired);
  return *caller;
}

void AttachCaller(grpc::ClientContext& context, const Caller& caller) {
  bool user = caller.authenticated();
  context.AddMetadata(kIdentityMetadata,
                      IssueIdentity(user ? caller.user_id : 0, user ? caller.username : "",
                                    user ? domain::RoleName(*caller.role) : "", caller.request_id,
                                    caller.client_ip));
}

std::unique_ptr<grpc::ClientContext> OutgoingContext(const Caller& caller,
                                                     std::chrono::milliseconds timeout) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + timeout);
  AttachCaller(*context, caller);
  return context;
}

void RequireUser(const Caller& caller) {
  if (!caller.authenticated()) throw errors::Unauthenticated(i18n::kLoginRequired);
}

void RequireAdmin(const Caller& caller) {
  RequireUser(caller);
  if (!caller.is_admin()) throw errors::PermissionDenied(i18n::kAdminOnly);
}

Caller ReadUser(const grpc::ServerContext& context) {
  Caller caller = ReadCaller(context);
  RequireUser(caller);
  return caller;
}

Caller ReadAdmin(const grpc::ServerContext& context) {
  Caller caller = ReadCaller(context);
  RequireAdmin(caller);
  return caller;
}

void RequireService(const Caller& caller, const char* service) {
  if (caller.service != service) throw errors::PermissionDenied(i18n::kServiceOnly);
}

}  // namespace billing::rpc
