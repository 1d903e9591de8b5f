// /api/users: user management for admins (the role check happens in the dispatcher).
#include "http/json_fields.h"
#include "http/query_params.h"
#include "routes/json_views.h"
#include "routes/routes.h"

namespace billing::gateway {
void AddUserRoutes(Router& router, Backends& backends, IdempotencyStore& idempotency) {
  router.Add("GET", "/api/users", Access::kAdmin, [&backends](RequestContext& ctx) {
    auth::v1::ListUsersRequest request;
    QueryParams query(ctx);
    query.PageInto(request.mutable_paging());
    query.Done();
    auth::v1::ListUsersReply reply;
    Check(backends.Auth().ListUsers(ctx.Grpc().get(), request, &reply));
    nlohmann::json items = nlohmann::json::array();
    for (const auto& user : reply.items()) items.push_back(UserJson(user));
    return Response::Json({{"items", items}, {"total", reply.total()}});
  });

  Handler create_user = [&backends](RequestContext& ctx) {
    JsonFields fields(ctx.JsonBody());
    auth::v1::CreateUserRequest request;
    request.set_username(fields.RequiredString("username"));
    request.set_password(fields.RequiredString("password"));
    request.set_role(fields.RequiredString("role"));
    request.set_full_name(fields.String("full_name").value_or(""));
    if (auto active = fields.Bool("active")) request.set_active(*active);
    fields.Done();
    auth::v1::User reply;
    Check(backends.Auth().CreateUser(ctx.Grpc().get(), request, &reply));
    return Response::Json(UserJson(reply), 201);
  };
  router.Add("POST", "/api/users", Access::kAdmin, Idempotent(idempotency, create_user));

  router.Add("PUT", "/api/users/:id", Access::kAdmin, [&backends](RequestContext& ctx) {
    int64_t id = ctx.IdParam("id");
    JsonFields fields(ctx.JsonBody());
    auth::v1::UpdateUserRequest request;
    request.set_id(id);
    if (auto value = fields.String("full_name")) request.set_full_name(*value);
    if (auto value = fields.String("role")) request.set_role(*value);
    if (auto value = fields.Bool("active")) request.set_active(*value);
    if (auto value = fields.String("password")) request.set_password(*value);
    fields.Done();
    auth::v1::User reply;
    Check(backends.Auth().UpdateUser(ctx.Grpc().get(), request, &reply));
    return Response::Json(UserJson(reply));
  });

  router.Add("DELETE", "/api/users/:id", Access::kAdmin, [&backends](RequestContext& ctx) {
    auth::v1::UserId request;
    request.set_id(ctx.IdParam("id"));
    common::v1::Empty reply;
    Check(backends.Auth().DeleteUser(ctx.Grpc().get(), request, &reply));
    return Response::Json({{"ok", true}});
  });
}

}  // namespace billing::gateway
