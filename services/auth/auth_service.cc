// Auth RPCs: each reads its request, calls the logic and fills the reply. Every handler runs
// inside rpc::HandleRpc, so no exception escapes.
#include "auth_service.h"

#include "domain/clock.h"
#include "rpc/caller.h"
#include "rpc/paging.h"
#include "rpc/server.h"

namespace billing::auth {
namespace {

void ToProto(const UserRecord& user, v1::User* out) {
  out->set_id(user.id);
  out->set_username(user.username);
  out->set_full_name(user.full_name);
  out->set_role(domain::RoleName(user.role));
  out->set_active(user.active);
  out->set_created_at(user.created_at);
  out->set_updated_at(user.updated_at);
  out->set_last_login_at(user.last_login_at);
  out->set_password_is_default(user.password_is_default);
}

void ToProto(const Session& session, v1::LoginReply* reply) {
  reply->set_token(session.token.token);
  reply->set_expires_at(domain::FormatRfc3339(session.token.claims.expires_at));
  ToProto(session.user, reply->mutable_user());
}

}  // namespace

grpc::Status AuthService::Login(grpc::ServerContext* context, const v1::LoginRequest* request,
                                v1::LoginReply* reply) {
  return rpc::HandleRpc(metrics_, "Login", *context, [&] {
    ToProto(sessions_.Login(request->username(), request->password(), request->client_ip(),
                            rpc::ReadCaller(*context), context->deadline()),
            reply);
  });
}

grpc::Status AuthService::Verify(grpc::ServerContext* context, const v1::VerifyRequest* request,
                                 v1::VerifyReply* reply) {
  return rpc::HandleRpc(metrics_, "Verify", *context, [&] {
    VerifiedSession session = sessions_.Verify(request->token());
    ToProto(session.user, reply->mutable_user());
    reply->set_token_id(session.claims.token_id);
    reply->set_expires_at(domain::FormatRfc3339(session.claims.expires_at));
  });
}

grpc::Status AuthService::Logout(grpc::ServerContext* context, const v1::LogoutRequest* request,
                                 common::v1::Empty* /*reply*/) {
  return rpc::HandleRpc(metrics_, "Logout", *context,
                        [&] { sessions_.Logout(request->token(), rpc::ReadCaller(*context)); });
}

grpc::Status AuthService::ChangePassword(grpc::ServerContext* context,
                                         const v1::ChangePasswordRequest* request,
                                         v1::LoginReply* reply) {
  return rpc::HandleRpc(metrics_, "ChangePassword", *context, [&] {
    ToProto(sessions_.ChangePassword(rpc::ReadCaller(*context), request->old_password(),
                                     request->new_password()),
            reply);
  });
}

grpc::Status AuthService::ListUsers(grpc::ServerContext* context,
                                    const v1::ListUsersRequest* request,
                                    v1::ListUsersReply* reply) {
  return rpc::HandleRpc(metrics_, "ListUsers", *context, [&] {
    UserPage page = users_.List(rpc::ReadCaller(*context), request->paging().limit(),
                                request->paging().offset());
    for (const auto& user : page.items) ToProto(user, reply->add_items());
    reply->set_total(page.total);
  });
}

grpc::Status AuthService::CreateUser(grpc::ServerContext* context,
                                     const v1::CreateUserRequest* request, v1::User* reply) {
  return rpc::HandleRpc(metrics_, "CreateUser", *context, [&] {
    UserForm form;
    form.username = request->username();
    form.full_name = request->full_name();
    form.password = request->password();
    form.role = request->role();
    if (request->has_active()) form.active = request->active();
    ToProto(users_.Create(rpc::ReadCaller(*context), form), reply);
  });
}

grpc::Status AuthService::UpdateUser(grpc::ServerContext* context,
                                     const v1::UpdateUserRequest* request, v1::User* reply) {
  return rpc::HandleRpc(metrics_, "UpdateUser", *context, [&] {
    UserEdit edit;
    edit.id = request->id();
    if (request->has_full_name()) edit.full_name = request->full_name();
    if (request->has_role()) edit.role = request->role();
    if (request->has_active()) edit.active = request->active();
    if (request->has_password()) edit.password = request->password();
    ToProto(users_.Update(rpc::ReadCaller(*context), edit), reply);
  });
}

grpc::Status AuthService::DeleteUser(grpc::ServerContext* context, const v1::UserId* request,
                                     common::v1::Empty* /*reply*/) {
  return rpc::HandleRpc(metrics_, "DeleteUser", *context,
                        [&] { users_.Delete(rpc::ReadCaller(*context), request->id()); });
}

grpc::Status AuthService::ListEvents(grpc::ServerContext* context,
                                     const v1::ListEventsRequest* request,
                                     v1::ListEventsReply* reply) {
  // Internal: the gateway replays and gap-fills the browsers' event stream with it.
  return rpc::HandleRpc(metrics_, "ListEvents", *context, [&] {
    EventPage page = audit_.EventsAfter(request->after_seq(), request->limit());
    for (const auto& row : page.items) {
      v1::Event* event = reply->add_items();
      event->set_seq(row.seq);
      event->set_entity(row.entity);
      event->set_action(row.action);
      event->set_entity_id(row.entity_id);
      event->set_actor_username(row.actor_username);
      event->set_actor_id(row.actor_id);
      event->set_at(row.at);
    }
    reply->set_head_seq(page.head_seq);
  });
}

grpc::Status AuthService::ListAudit(grpc::ServerContext* context,
                                    const v1::ListAuditRequest* request,
                                    v1::ListAuditReply* reply) {
  return rpc::HandleRpc(metrics_, "ListAudit", *context, [&] {
    AuditQuery query;
    query.user = request->filter().user();
    query.entity = request->filter().entity();
    query.action = request->filter().action();
    query.from = request->filter().from();
    query.to = request->filter().to();
    // Checked with the filters (CheckAuditQuery in AuditTrail::List): every bad field at once.
    rpc::Page paging = rpc::RequestedPage(request->paging());
    query.limit = paging.limit;
    query.offset = paging.offset;
    AuditPage page = audit_.List(rpc::ReadCaller(*context), query);
    for (const auto& row : page.items) {
      v1::AuditEntry* entry = reply->add_items();
      entry->set_id(row.id);
      entry->set_at(row.at);
      entry->set_user(row.user);
      entry->set_action(row.action);
      entry->set_entity(row.entity);
      entry->set_entity_id(row.entity_id);
      entry->set_summary(row.summary);
      entry->set_service(row.service);
    }
    reply->set_total(page.total);
  });
}

}  // namespace billing::auth
