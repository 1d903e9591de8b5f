// /api/auth/*: login, verify, logout, change-password.
#include <ctime>

#include "http/json_fields.h"
#include "middleware/authenticator.h"
#include "routes/json_views.h"
#include "routes/routes.h"

namespace billing::gateway {
namespace {

// Seconds from now until an RFC 3339 UTC time ("2026-11-26T12:00:00Z"); 0 when past.
long SecondsUntil(const std::string& time) {
  std::tm tm{};
  if (strptime(time.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm) == nullptr) return 86400;
  long seconds = static_cast<long>(timegm(&tm) - std::time(nullptr));
  return seconds > 0 ? seconds : 0;
}

// The session cookie lets EventSource (which cannot send headers) open /api/events; it is
// accepted nowhere else. HttpOnly keeps it from scripts, SameSite=Strict from other sites.
std::string SessionCookie(const std::string& token, long max_age_seconds) {
  return std::string(kSessionCookie) + "=" + token +
         "; HttpOnly; SameSite=Strict; Path=/api; Max-Age=" + std::to_string(max_age_seconds);
}

Response SessionResponse(const auth::v1::LoginReply& reply) {
  Response response = Response::Json(SessionJson(reply));
  response.headers["Set-Cookie"] = SessionCookie(reply.token(), SecondsUntil(reply.expires_at()));
  return response;
}

}  // namespace

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
    return SessionResponse(reply);
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
    Response response = Response::Json({{"ok", true}});
    response.headers["Set-Cookie"] = SessionCookie("", 0);
    return response;
  });

  router.Add("POST", "/api/auth/change-password", Access::kUser, [&backends](RequestContext& ctx) {
    JsonFields fields(ctx.JsonBody());
    auth::v1::ChangePasswordRequest request;
    request.set_old_password(fields.RequiredString("old_password"));
    request.set_new_password(fields.RequiredString("new_password"));
    fields.Done();
    auth::v1::LoginReply reply;
    Check(backends.Auth().ChangePassword(ctx.Grpc().get(), request, &reply));
    return SessionResponse(reply);
  });
}

}  // namespace billing::gateway
