// Auth RPCs. Every handler runs inside rpc::HandleRpc, so no exception escapes.
#include "auth_service.h"

#include "domain/clock.h"
#include "errors/error.h"
#include "i18n/messages.h"
#include "rpc/caller.h"
#include "rpc/server.h"
#include "user_rules.h"

namespace billing::auth {
namespace {

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 500;
constexpr int kDefaultEventBatch = 500;
constexpr int kMaxEventBatch = 1000;

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

domain::Role ParseRoleField(const std::string& text, errors::FieldErrors& fields) {
  auto role = domain::ParseRole(text);
  if (!role) fields.emplace("role", text.empty() ? i18n::kFieldRequired : i18n::kInvalidRole);
  return role.value_or(domain::Role::kStaff);
}

}  // namespace

AuthService::AuthService(UserRepository& users, AuditRepository& audit,
                         const PasswordHasher& hasher, const TokenIssuer& tokens,
                         LoginLimiter& limiter, metrics::Metrics& metrics)
    : users_(users),
      audit_(audit),
      hasher_(hasher),
      tokens_(tokens),
      limiter_(limiter),
      metrics_(metrics),
      dummy_hash_(hasher.Hash("not-a-real-password")) {}

void AuthService::IssueSession(const UserRecord& user, v1::LoginReply* reply) {
  IssuedToken issued = tokens_.Issue(user.id, user.username, user.role, user.token_version);
  reply->set_token(issued.token);
  reply->set_expires_at(domain::FormatRfc3339(issued.claims.expires_at));
  ToProto(user, reply->mutable_user());
}

UserRecord AuthService::VerifiedUser(const std::string& token, TokenClaims* claims) {
  *claims = tokens_.Decode(token);
  bool revoked = false;
  auto user = users_.FindForToken(claims->user_id, claims->token_id, &revoked);
  if (!user || revoked || !user->active || user->token_version != claims->token_version) {
    throw errors::Unauthenticated(i18n::kSessionInvalid);
  }
  return *user;
}

void AuthService::RequireSettledAdmin(const rpc::Caller& caller) {
  rpc::RequireAdmin(caller);
  // The gateway refuses such accounts already; this keeps a default admin from making itself a
  // fresh admin account by any other path.
  auto user = users_.FindById(caller.user_id);
  if (!user || !user->active) throw errors::Unauthenticated(i18n::kSessionInvalid);
  if (user->role != domain::Role::kAdmin) throw errors::PermissionDenied(i18n::kAdminOnly);
  if (user->password_is_default)
    throw errors::PasswordChangeRequired(i18n::kPasswordChangeRequired);
}

grpc::Status AuthService::Login(grpc::ServerContext* context, const v1::LoginRequest* request,
                                v1::LoginReply* reply) {
  return rpc::HandleRpc(metrics_, "Login", *context, [&] {
    errors::FieldErrors fields;
    if (request->username().empty()) fields.emplace("username", i18n::kFieldRequired);
    if (request->password().empty()) fields.emplace("password", i18n::kFieldRequired);
    ThrowIfAny(fields);
    if (request->username().size() > 64 || request->password().size() > kMaxPasswordLength * 4) {
      throw errors::Unauthenticated(i18n::kWrongCredentials);
    }
    LoginAttempt attempt = limiter_.Begin(request->username(), request->client_ip());
    std::optional<UserRecord> user;
    bool password_ok = false;
    try {
      user = users_.FindByUsername(request->username());
      password_ok = hasher_.Verify(user ? user->password_hash : dummy_hash_, request->password(),
                                   context->deadline());
    } catch (...) {
      limiter_.Abandoned(attempt);  // an outage is not a wrong password
      throw;
    }
    if (!user || !password_ok) {
      users_.RecordFailedLogin(request->username(), request->client_ip());
      throw errors::Unauthenticated(i18n::kWrongCredentials);
    }
    limiter_.Succeeded(attempt);
    if (!user->active) throw errors::PermissionDenied(i18n::kAccountInactive);
    rpc::Caller actor = rpc::ReadCaller(*context);
    actor.user_id = user->id;
    actor.username = user->username;
    users_.RecordLogin(*user, actor);
    IssueSession(*user, reply);
  });
}

grpc::Status AuthService::Verify(grpc::ServerContext* context, const v1::VerifyRequest* request,
                                 v1::VerifyReply* reply) {
  return rpc::HandleRpc(metrics_, "Verify", *context, [&] {
    TokenClaims claims;
    UserRecord user = VerifiedUser(request->token(), &claims);
    ToProto(user, reply->mutable_user());
    reply->set_token_id(claims.token_id);
    reply->set_expires_at(domain::FormatRfc3339(claims.expires_at));
  });
}

grpc::Status AuthService::Logout(grpc::ServerContext* context, const v1::LogoutRequest* request,
                                 common::v1::Empty* /*reply*/) {
  return rpc::HandleRpc(metrics_, "Logout", *context, [&] {
    TokenClaims claims = tokens_.Decode(request->token());
    rpc::Caller actor = rpc::ReadCaller(*context);
    actor.user_id = claims.user_id;
    actor.username = claims.username;
    users_.RevokeToken(claims.token_id, claims.expires_at, actor);
  });
}

grpc::Status AuthService::ChangePassword(grpc::ServerContext* context,
                                         const v1::ChangePasswordRequest* request,
                                         v1::LoginReply* reply) {
  return rpc::HandleRpc(metrics_, "ChangePassword", *context, [&] {
    rpc::Caller caller = rpc::ReadUser(*context);
    auto user = users_.FindById(caller.user_id);
    if (!user) throw errors::Unauthenticated(i18n::kSessionInvalid);
    errors::FieldErrors fields;
    if (request->old_password().empty()) fields.emplace("old_password", i18n::kFieldRequired);
    Collect(fields, "new_password", CheckNewPassword(request->new_password(), user->username));
    if (fields.empty() && request->old_password() == request->new_password()) {
      fields.emplace("new_password", i18n::kPasswordUnchanged);
    }
    ThrowIfAny(fields);
    if (!hasher_.Verify(user->password_hash, request->old_password())) {
      throw errors::InvalidArgument(i18n::kOldPasswordWrong,
                                    {{"old_password", i18n::kOldPasswordWrong}});
    }
    UserChanges changes;
    changes.password_hash = hasher_.Hash(request->new_password());
    IssueSession(users_.Update(user->id, changes, caller, /*own_password=*/true), reply);
  });
}

grpc::Status AuthService::ListUsers(grpc::ServerContext* context,
                                    const v1::ListUsersRequest* request,
                                    v1::ListUsersReply* reply) {
  return rpc::HandleRpc(metrics_, "ListUsers", *context, [&] {
    RequireSettledAdmin(rpc::ReadCaller(*context));
    int limit = request->paging().limit() == 0 ? kDefaultPageSize : request->paging().limit();
    int offset = request->paging().offset();
    if (limit < 1 || limit > kMaxPageSize || offset < 0) {
      throw errors::InvalidArgument(i18n::kInvalidPaging);
    }
    UserPage page = users_.List(limit, offset);
    for (const auto& user : page.items) ToProto(user, reply->add_items());
    reply->set_total(page.total);
  });
}

grpc::Status AuthService::CreateUser(grpc::ServerContext* context,
                                     const v1::CreateUserRequest* request, v1::User* reply) {
  return rpc::HandleRpc(metrics_, "CreateUser", *context, [&] {
    rpc::Caller caller = rpc::ReadCaller(*context);
    RequireSettledAdmin(caller);
    errors::FieldErrors fields;
    Collect(fields, "username", CheckUsername(request->username()));
    Collect(fields, "full_name", CheckFullName(request->full_name()));
    Collect(fields, "password", CheckNewPassword(request->password(), request->username()));
    NewUser user;
    user.role = ParseRoleField(request->role(), fields);
    ThrowIfAny(fields);
    user.username = request->username();
    user.full_name = request->full_name();
    user.active = request->has_active() ? request->active() : true;
    user.password_hash = hasher_.Hash(request->password());
    ToProto(users_.Create(user, caller), reply);
  });
}

grpc::Status AuthService::UpdateUser(grpc::ServerContext* context,
                                     const v1::UpdateUserRequest* request, v1::User* reply) {
  return rpc::HandleRpc(metrics_, "UpdateUser", *context, [&] {
    rpc::Caller caller = rpc::ReadCaller(*context);
    RequireSettledAdmin(caller);
    if (request->id() <= 0) throw errors::NotFound(i18n::kUserNotFound);
    errors::FieldErrors fields;
    UserChanges changes;
    if (request->has_full_name()) {
      Collect(fields, "full_name", CheckFullName(request->full_name()));
      changes.full_name = request->full_name();
    }
    if (request->has_role()) changes.role = ParseRoleField(request->role(), fields);
    if (request->has_active()) changes.active = request->active();
    if (request->has_password()) {
      auto target = users_.FindById(request->id());
      if (!target) throw errors::NotFound(i18n::kUserNotFound);
      Collect(fields, "password", CheckNewPassword(request->password(), target->username));
    }
    ThrowIfAny(fields);
    if (request->has_password()) {
      changes.password_hash = hasher_.Hash(request->password());
      // A password an admin set for someone else is known to two people: its owner replaces
      // it at the next login.
      changes.password_is_default = request->id() != caller.user_id;
    }
    ToProto(users_.Update(request->id(), changes, caller), reply);
  });
}

grpc::Status AuthService::DeleteUser(grpc::ServerContext* context, const v1::UserId* request,
                                     common::v1::Empty* /*reply*/) {
  return rpc::HandleRpc(metrics_, "DeleteUser", *context, [&] {
    rpc::Caller caller = rpc::ReadCaller(*context);
    RequireSettledAdmin(caller);
    if (request->id() == caller.user_id) throw errors::FailedPrecondition(i18n::kCannotDeleteSelf);
    if (request->id() <= 0) throw errors::NotFound(i18n::kUserNotFound);
    users_.Delete(request->id(), caller);
  });
}

grpc::Status AuthService::ListEvents(grpc::ServerContext* context,
                                     const v1::ListEventsRequest* request,
                                     v1::ListEventsReply* reply) {
  // Internal: the gateway replays and gap-fills the browsers' event stream with it. It carries
  // no summaries or changed fields, only what every logged-in browser receives anyway.
  return rpc::HandleRpc(metrics_, "ListEvents", *context, [&] {
    int limit = request->limit() == 0 ? kDefaultEventBatch : request->limit();
    if (limit < 1 || limit > kMaxEventBatch || request->after_seq() < 0) {
      throw errors::InvalidArgument(i18n::kInvalidPaging);
    }
    EventPage page = audit_.EventsAfter(request->after_seq(), limit);
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
    RequireSettledAdmin(rpc::ReadCaller(*context));
    AuditQuery query;
    query.user = request->filter().user();
    query.entity = request->filter().entity();
    query.action = request->filter().action();
    query.from = request->filter().from();
    query.to = request->filter().to();
    query.limit = request->paging().limit() == 0 ? kDefaultPageSize : request->paging().limit();
    query.offset = request->paging().offset();
    CheckAuditQuery(query);
    AuditPage page = audit_.List(query);
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
