// /api/auth/*: login, verify, logout, change-password.
#include "http/json_fields.h"
#include "routes/json_views.h"
#include "routes/routes.h"

namespace billing::gateway {

void AddAuthRoutes(Router& router, Backends& backends) {
  router.Add("POST", "/api/auth/login", Access::kPublic, [&backends](RequestContext& ctx) {
    JsonFields fields(ctx.JsonBody());
    auth::v1::LoginRequest request;
    request.set_username(fields.RequiredString("username"));
    request.set_password(fields.RequiredString("password"));
    fields.Done();
    request.set_client_ip(ctx.caller.client_ip);
    auth::v1::LoginReply reply;
    Check(backends.Auth().Login(ctx.Grpc().get(), request, &reply));
    return Response::Json(SessionJson(reply));
  });

  router.Add("GET", "/api/auth/verify", Access::kUser, [&backends](RequestContext& ctx) {
    auth::v1::VerifyRequest request;
    request.set_token(ctx.token);
    auth::v1::VerifyReply reply;
    Check(backends.Auth().Verify(ctx.Grpc().get(), request, &reply));
    return Response::Json(
        {{"valid", true}, {"expires_at", reply.expires_at()}, {"user", UserJson(reply.user())}});
  });

  router.Add("POST", "/api/auth/logout", Access::kUser, [&backends](RequestContext& ctx) {
    auth::v1::LogoutRequest request;
    request.set_token(ctx.token);
    common::v1::Empty reply;
    Check(backends.Auth().Logout(ctx.Grpc().get(), request, &reply));
    return Response::Json({{"ok", true}});
  });

  router.Add("POST", "/api/auth/change-password", Access::kUser, [&backends](RequestContext& ctx) {
    JsonFields fields(ctx.JsonBody());
    auth::v1::ChangePasswordRequest request;
    request.set_old_password(fields.RequiredString("old_password"));
    request.set_new_password(fields.RequiredString("new_password"));
    fields.Done();
    auth::v1::LoginReply reply;
    Check(backends.Auth().ChangePassword(ctx.Grpc().get(), request, &reply));
    return Response::Json(SessionJson(reply));
  });
}

}  // namespace billing::gateway
