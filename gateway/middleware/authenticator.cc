// Bearer token extraction and verification (signature, expiry, user state) via auth.Verify.
#include "middleware/authenticator.h"

#include <array>
#include <sstream>
#include <string_view>

#include "errors/error.h"
#include "i18n/messages.h"

namespace billing::gateway {
namespace {

// All an account may do while its password must change (a default or admin-set password).
constexpr std::array<std::string_view, 3> kBeforePasswordChange = {
    "GET /api/auth/verify", "POST /api/auth/change-password", "POST /api/auth/logout"};

bool AllowedBeforePasswordChange(const RequestContext& context) {
  std::string route =
      Pistache::Http::methodString(context.request.method()) + std::string(" ") + context.route;
  for (auto allowed : kBeforePasswordChange) {
    if (route == allowed) return true;
  }
  return false;
}

}  // namespace

std::string HeaderValue(const Pistache::Http::Request& request, const std::string& name) {
  const auto& headers = request.headers();
  if (auto typed = headers.tryGet(name)) {
    std::ostringstream out;
    typed->write(out);
    return out.str();
  }
  if (auto raw = headers.tryGetRaw(name)) return raw->value();
  return {};
}

void Authenticator::Authenticate(RequestContext& context, bool allow_cookie) const {
  std::string header = HeaderValue(context.request, "Authorization");
  const std::string prefix = "Bearer ";
  std::string token;
  if (header.empty() && allow_cookie && context.request.cookies().has(kSessionCookie)) {
    token = context.request.cookies().get(kSessionCookie).value;
    if (token.empty()) throw errors::Unauthenticated(i18n::kLoginRequired);
  } else if (header.size() <= prefix.size() || header.compare(0, prefix.size(), prefix) != 0) {
    throw errors::Unauthenticated(header.empty() ? i18n::kLoginRequired : i18n::kSessionInvalid);
  } else {
    token = header.substr(prefix.size());
  }
  auth::v1::VerifyRequest request;
  request.set_token(token);
  auth::v1::VerifyReply reply;
  auto grpc_context = context.Grpc(std::chrono::seconds(5));
  Check(auth_.Verify(grpc_context.get(), request, &reply));
  context.caller.user_id = reply.user().id();
  context.caller.username = reply.user().username();
  context.caller.role = domain::ParseRole(reply.user().role());
  context.token = std::move(token);
  if (reply.user().password_is_default() && !AllowedBeforePasswordChange(context)) {
    throw errors::PasswordChangeRequired(i18n::kPasswordChangeRequired);
  }
}

}  // namespace billing::gateway
