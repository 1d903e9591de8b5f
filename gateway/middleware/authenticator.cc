// Bearer token extraction and verification (signature, expiry, user state) via auth.Verify,
// whose successful answers the session cache keeps for a few seconds.
#include "middleware/authenticator.h"

#include <array>
#include <charconv>
#include <ctime>
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

bool ParseId(const std::string& text, int64_t* id) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *id);
  return error == std::errc() && end == text.data() + text.size();
}

// A call through this gateway that may end sessions drops them from the cache before it runs,
// so the caller's next request here already asks auth; the event of the change reaches every
// other gateway (and closes the window of a request verified meanwhile).
void DropBeforeSessionChange(SessionCache& cache, const RequestContext& context) {
  std::string route =
      Pistache::Http::methodString(context.request.method()) + std::string(" ") + context.route;
  if (route == "POST /api/auth/logout" || route == "POST /api/auth/change-password") {
    cache.DropUser(context.caller.user_id);
  } else if (!context.caller.is_admin()) {
    return;  // the admin-only calls below are refused to anyone else, changing nothing
  } else if (route == "PUT /api/users/:id" || route == "DELETE /api/users/:id") {
    auto id = context.params.find("id");
    int64_t user_id = 0;
    if (id == context.params.end() || !ParseId(id->second, &user_id)) {
      cache.Clear();
    } else {
      cache.DropUser(user_id);
    }
  } else if (route == "POST /api/restore" || route == "POST /api/restore/uploads/:id/commit") {
    cache.Clear();
  }
}

// An RFC 3339 UTC time as auth writes it ("2026-11-26T12:00:00Z"); nullopt when malformed.
std::optional<std::chrono::system_clock::time_point> ParseUtc(const std::string& text) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
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
  VerifiedSession session = Verify(context, token);
  context.caller.user_id = session.user_id;
  context.caller.username = std::move(session.username);
  context.caller.role = session.role;
  context.token = std::move(token);
  if (session.password_is_default && !AllowedBeforePasswordChange(context)) {
    throw errors::PasswordChangeRequired(i18n::kPasswordChangeRequired);
  }
  if (cache_ != nullptr) DropBeforeSessionChange(*cache_, context);
}

VerifiedSession Authenticator::Verify(RequestContext& context, const std::string& token) const {
  bool cached = cache_ != nullptr && cache_->Enabled();
  SessionCache::Key key{};
  uint64_t generation = 0;
  if (cached) {
    key = SessionCache::KeyOf(token);
    if (auto session = cache_->Find(key)) return std::move(*session);
    generation = cache_->Generation();
  }
  auth::v1::VerifyRequest request;
  request.set_token(token);
  auth::v1::VerifyReply reply;
  auto grpc_context = context.Grpc(std::chrono::seconds(5));
  Check(auth_.Verify(grpc_context.get(), request, &reply));  // failures are never cached
  VerifiedSession session;
  session.user_id = reply.user().id();
  session.username = reply.user().username();
  session.role = domain::ParseRole(reply.user().role());
  session.password_is_default = reply.user().password_is_default();
  session.token_id = reply.token_id();
  auto expires_at = ParseUtc(reply.expires_at());
  if (cached && expires_at) {
    session.expires_at = *expires_at;
    cache_->Put(key, session, generation);
  }
  return session;
}

}  // namespace billing::gateway
