// Proto -> JSON views; empty timestamps become null.
#include "routes/json_views.h"

namespace billing::gateway {
namespace {

nlohmann::json TimeOrNull(const std::string& time) {
  return time.empty() ? nlohmann::json(nullptr) : nlohmann::json(time);
}

}  // namespace

nlohmann::json UserJson(const auth::v1::User& user) {
  return {{"id", user.id()},
          {"username", user.username()},
          {"full_name", user.full_name()},
          {"role", user.role()},
          {"active", user.active()},
          {"password_is_default", user.password_is_default()},
          {"created_at", TimeOrNull(user.created_at())},
          {"updated_at", TimeOrNull(user.updated_at())},
          {"last_login_at", TimeOrNull(user.last_login_at())}};
}

nlohmann::json SessionJson(const auth::v1::LoginReply& reply) {
  return {{"token", reply.token()},
          {"expires_at", reply.expires_at()},
          {"user", UserJson(reply.user())}};
}

}  // namespace billing::gateway
