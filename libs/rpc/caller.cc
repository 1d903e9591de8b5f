// Caller <-> gRPC metadata (x-actor-*, x-client-ip, x-request-id) and role checks.
#include "rpc/caller.h"

#include <grpcpp/client_context.h>
#include <grpcpp/server_context.h>

#include "errors/error.h"
#include "i18n/messages.h"

namespace billing::rpc {
namespace {

std::string Metadata(const grpc::ServerContext& context, const char* key) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(key);
  return it == metadata.end() ? std::string() : std::string(it->second.data(), it->second.size());
}

}  // namespace

Caller ReadCaller(const grpc::ServerContext& context) {
  Caller caller;
  try {
    caller.user_id = std::stoll(Metadata(context, "x-actor-id"));
  } catch (const std::exception&) {
    caller.user_id = 0;
  }
  caller.username = Metadata(context, "x-actor-username");
  caller.role = domain::ParseRole(Metadata(context, "x-actor-role"));
  caller.client_ip = Metadata(context, "x-client-ip");
  caller.request_id = Metadata(context, "x-request-id");
  return caller;
}

void AttachCaller(grpc::ClientContext& context, const Caller& caller) {
  if (caller.authenticated()) {
    context.AddMetadata("x-actor-id", std::to_string(caller.user_id));
    context.AddMetadata("x-actor-username", caller.username);
    context.AddMetadata("x-actor-role", domain::RoleName(*caller.role));
  }
  if (!caller.client_ip.empty()) context.AddMetadata("x-client-ip", caller.client_ip);
  if (!caller.request_id.empty()) context.AddMetadata("x-request-id", caller.request_id);
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

}  // namespace billing::rpc
