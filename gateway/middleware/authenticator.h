// Resolves the bearer token of a request to a caller, through the auth service (its answers
// kept a few seconds in a SessionCache).
#pragma once

#include "auth.grpc.pb.h"
#include "http/request_context.h"
#include "middleware/session_cache.h"

namespace billing::gateway {

class Authenticator final {
 public:
  // Without a cache (or with a disabled one) every request asks auth.Verify.
  explicit Authenticator(auth::v1::AuthService::Stub& auth, SessionCache* cache = nullptr)
      : auth_(auth), cache_(cache) {}

  // Fills context.caller and context.token; throws unauthenticated when the request carries
  // no valid token. The token itself is never logged. With `allow_cookie`, a request without
  // an Authorization header may carry the token in the session cookie instead. An account that
  // must change its password gets password_change_required (403) on every route but verify,
  // change-password and logout: `context.route` (the matched pattern) must be set.
  void Authenticate(RequestContext& context, bool allow_cookie = false) const;

 private:
  // The session of `token`: from the cache, else from auth.Verify (and then cached).
  VerifiedSession Verify(RequestContext& context, const std::string& token) const;

  auth::v1::AuthService::Stub& auth_;
  SessionCache* cache_;
};

// The HttpOnly cookie set at login (accepted only where a route allows cookie auth).
inline constexpr const char* kSessionCookie = "billing_session";

// The raw value of a header, typed or not by Pistache; empty when absent.
std::string HeaderValue(const Pistache::Http::Request& request, const std::string& name);

}  // namespace billing::gateway
